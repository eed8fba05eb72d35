/**
 * How one outbox message leaves: e-mail over SMTP, a Slack or Microsoft Teams incoming webhook,
 * SMS or voice through a provider's webhook (`CONTINUUM_SMS_URL`: any gateway that takes a JSON
 * POST). Every request carries the message's id, so a receiver can drop a repeat.
 */
import type { MailTransport } from "../mail/mail-transport.js";

export const CHANNELS = ["email", "slack", "teams", "sms", "voice"] as const;
export type Channel = (typeof CHANNELS)[number];

export interface OutgoingMessage {
  id: string;
  channel: Channel;
  address: string;
  subject: string;
  body: string;
  exercise: boolean;
}

/** Slack incoming webhooks take `text` (mrkdwn); the subject is its bold first line. */
export function slackPayload(m: Pick<OutgoingMessage, "subject" | "body">) {
  return { text: `*${m.subject}*\n${m.body}` };
}

/** Microsoft Teams (Workflows "post to a channel when a webhook request is received"): an Adaptive Card. */
export function teamsPayload(m: Pick<OutgoingMessage, "subject" | "body">) {
  return {
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        content: {
          $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
          type: "AdaptiveCard",
          version: "1.4",
          body: [
            { type: "TextBlock", text: m.subject, weight: "Bolder", size: "Medium", wrap: true },
            { type: "TextBlock", text: m.body, wrap: true },
          ],
        },
      },
    ],
  };
}

export class ChannelDelivery {
  constructor(
    private readonly mail: MailTransport,
    private readonly smsUrl: () => string | undefined,
    private readonly timeoutMs = 10_000,
  ) {}

  /** Whether a channel can be used at all on this server (a phone is no use without a gateway). */
  available(channel: Channel): boolean {
    if (channel === "email") return this.mail.configured;
    if (channel === "sms" || channel === "voice") return Boolean(this.smsUrl());
    return true;
  }

  async deliver(m: OutgoingMessage): Promise<void> {
    switch (m.channel) {
      case "email":
        return this.mail.send({ to: m.address, subject: m.subject, text: m.body, messageId: `<${m.id}@continuum.outbox>`, headers: { "X-Continuum-Message": m.id, ...(m.exercise ? { "X-Continuum-Exercise": "true" } : {}) } });
      case "slack":
        return this.post(m.address, slackPayload(m), m.id);
      case "teams":
        return this.post(m.address, teamsPayload(m), m.id);
      case "sms":
      case "voice": {
        const url = this.smsUrl();
        if (!url) throw new Error("no SMS/voice provider is configured (CONTINUUM_SMS_URL)");
        return this.post(url, { channel: m.channel, to: m.address, text: m.channel === "sms" ? `${m.subject}\n${m.body}` : m.body, messageId: m.id, exercise: m.exercise }, m.id);
      }
    }
  }

  private async post(url: string, payload: unknown, id: string): Promise<void> {
    const r = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": id, "x-continuum-message": id },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!r.ok) throw new Error(`${new URL(url).host} answered ${r.status}`);
    await r.body?.cancel();
  }
}

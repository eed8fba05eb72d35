/**
 * The one mail transport of the server (nodemailer over SMTP, `CONTINUUM_SMTP_URL`): the outbox
 * sends crisis messages with it and invitations go through the outbox, so there is one place that
 * speaks SMTP. Pooled connections keep a large call tree from opening one connection per message.
 */
import nodemailer from "nodemailer";
import type { Transporter } from "nodemailer";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** stable per recipient and channel: a receiver can tell a retry from a new message */
  messageId: string;
  headers?: Record<string, string>;
}

export class MailTransport {
  private transporter: Transporter | undefined;
  private transporterUrl: string | undefined;

  /**
   * `url`: smtp://user:pass@host:port (or smtps://); read each time, so a server started without
   * one picks up CONTINUUM_SMTP_URL once it is set.
   */
  constructor(
    private readonly url: () => string | undefined,
    private readonly from: () => string = () => process.env.CONTINUUM_MAIL_FROM ?? "Continuum <continuum@localhost>",
  ) {}

  get configured(): boolean {
    return Boolean(this.url());
  }

  async send(message: MailMessage): Promise<void> {
    const url = this.url();
    if (!url) throw new Error("no SMTP server is configured (CONTINUUM_SMTP_URL)");
    if (!this.transporter || this.transporterUrl !== url) {
      this.transporter?.close();
      this.transporter = nodemailer.createTransport(url, { pool: true, maxConnections: 4, maxMessages: Infinity, connectionTimeout: 5000, greetingTimeout: 5000, socketTimeout: 15000 } as never);
      this.transporterUrl = url;
    }
    await this.transporter.sendMail({ from: this.from(), to: message.to, subject: message.subject, text: message.text, messageId: message.messageId, headers: message.headers });
  }

  close(): void {
    this.transporter?.close();
    this.transporter = undefined;
  }
}

/**
 * Account mail (invitations, password-reset links) as a `Mailer`: one message to one person, sent
 * at once over the server's one SMTP transport (`mail-transport.ts`, which the crisis outbox uses
 * too). With `CONTINUUM_SMTP_URL` set there is a mailer; without it there is none, and each use
 * says what happens instead (an invitation's link goes to the inviting admin; a password reset is
 * not offered). Messages are plain text, Korean first and English after: the server does not know
 * which language the person reads.
 */
import { randomUUID } from "node:crypto";
import type { MailTransport } from "./mail-transport.js";

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
  close(): void;
}

/** Account mail over the server's transport; each message has its own id (it is sent once, not retried). */
export function accountMailer(transport: MailTransport): Mailer {
  return {
    send: (mail) => transport.send({ ...mail, messageId: `<${randomUUID()}@continuum>` }),
    close: () => transport.close(),
  };
}

/** A message in both languages: Korean, a separator, English. */
export function bilingual(ko: string[], en: string[]): string {
  return [...ko, "", "----", "", ...en, ""].join("\n");
}

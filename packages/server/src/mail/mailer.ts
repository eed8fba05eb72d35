/**
 * The one way the server sends e-mail: invitations and password-reset links go through a `Mailer`.
 * With `CONTINUUM_SMTP_URL` set it is SMTP (nodemailer); without it there is none, and each use
 * says what happens instead (an invitation's link goes to the inviting admin; a password reset
 * is not offered). Messages are plain text, Korean first and English after: the server does not
 * know which language the person reads.
 */
import nodemailer from "nodemailer";

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
  close(): void;
}

/** SMTP at `url` (`smtp://user:password@host:587`, `smtps://…` for TLS from the start). */
export function smtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    async send(mail) {
      await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
    },
    close: () => transport.close(),
  };
}

/** A message in both languages: Korean, a separator, English. */
export function bilingual(ko: string[], en: string[]): string {
  return [...ko, "", "----", "", ...en, ""].join("\n");
}

/**
 * A real SMTP server (smtp-server) on a free port that keeps what it receives, decoded enough to
 * read: the recipients, the subject and the plain text (the server sends one text/plain part,
 * quoted-printable or base64, UTF-8). Plain JavaScript: the server tests and the browser journeys
 * (packages/web/e2e) both use it.
 */
import { SMTPServer } from "smtp-server";

/** @typedef {{ to: string[]; subject: string; text: string }} ReceivedMail */

/** @param {string} text */
function decodeQuotedPrintable(text) {
  const bytes = [];
  const soft = text.replace(/=\r?\n/g, "");
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === "=" && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(soft[i], "utf8"));
  }
  return Buffer.from(bytes).toString("utf8");
}

/** @param {string} header */
const decodeWords = (header) =>
  header.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_m, kind, data) =>
    kind.toLowerCase() === "b" ? Buffer.from(data, "base64").toString("utf8") : decodeQuotedPrintable(data.replace(/_/g, " ")),
  );

/** @param {string} raw @param {string[]} to @returns {ReceivedMail} */
export function parseMail(raw, to) {
  const split = raw.indexOf("\r\n\r\n");
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, " ");
  const body = raw.slice(split + 4);
  const header = (name) => new RegExp(`^${name}:\\s*(.*)$`, "im").exec(head)?.[1] ?? "";
  const encoding = header("content-transfer-encoding").toLowerCase();
  const text = encoding === "base64" ? Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8") : encoding === "quoted-printable" ? decodeQuotedPrintable(body) : body;
  return { to, subject: decodeWords(header("subject")), text: text.replace(/\r\n/g, "\n") };
}

/**
 * @returns {Promise<{ url: string; received: ReceivedMail[]; next(to: string, ms?: number): Promise<ReceivedMail>; close(): Promise<void> }>}
 */
export async function startMailbox() {
  /** @type {ReceivedMail[]} */
  const received = [];
  const taken = new Set();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    closeTimeout: 500,
    logger: false,
    onData(stream, session, callback) {
      const chunks = [];
      stream.on("data", (c) => chunks.push(c));
      stream.on("end", () => {
        received.push(parseMail(Buffer.concat(chunks).toString("utf8"), session.envelope.rcptTo.map((r) => r.address)));
        callback();
      });
    },
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = server.server.address().port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    /** the next mail to `to` not read yet, waiting up to `ms` */
    async next(to, ms = 5000) {
      const end = Date.now() + ms;
      for (;;) {
        const mail = received.find((m) => !taken.has(m) && m.to.includes(to));
        if (mail) {
          taken.add(mail);
          return mail;
        }
        if (Date.now() > end) throw new Error(`no mail to ${to} within ${ms} ms (received: ${received.map((m) => m.to.join(",")).join("; ") || "none"})`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () => new Promise((resolve) => server.close(() => resolve(undefined))),
  };
}

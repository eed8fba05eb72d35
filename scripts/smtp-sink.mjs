/**
 * A real SMTP server (smtp-server) that keeps what it receives, for the tests, the browser journey
 * and the bench: each message's Message-ID, recipients, decoded subject and text. It can be
 * stopped and started again on the same port (a mail server down, then back).
 */
import { SMTPServer } from "smtp-server";

/** RFC 2047 encoded words (=?UTF-8?B?…?= and =?UTF-8?Q?…?=) in a header. */
function decodeWords(value) {
  return value.replace(/\?=\s+=\?/g, "?==?").replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, _charset, enc, text) =>
    enc.toUpperCase() === "B" ? Buffer.from(text, "base64").toString("utf8") : Buffer.from(text.replace(/_/g, " ").replace(/=([0-9A-F]{2})/gi, (_m, h) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8"),
  );
}

/** A single-part message: its headers and its text, decoded. */
export function parseMail(raw) {
  const split = raw.search(/\r?\n\r?\n/);
  const head = raw.slice(0, split).replace(/\r?\n[ \t]+/g, " ");
  let body = raw.slice(split).replace(/^\r?\n\r?\n/, "");
  const headers = {};
  for (const line of head.split(/\r?\n/)) {
    const i = line.indexOf(":");
    if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  const encoding = (headers["content-transfer-encoding"] ?? "").toLowerCase();
  if (encoding === "base64") body = Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  else if (encoding === "quoted-printable") body = Buffer.from(body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/gi, (_m, h) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8");
  return { messageId: headers["message-id"], subject: decodeWords(headers.subject ?? ""), to: headers.to, headers, text: body };
}

export async function startSmtpSink({ port = 0, keep = true } = {}) {
  const messages = [];
  let count = 0;
  let server;
  const listen = (p) =>
    new Promise((resolve, reject) => {
      server = new SMTPServer({
        authOptional: true,
        disabledCommands: ["STARTTLS", "AUTH"],
        logger: false,
        onData(stream, session, callback) {
          const chunks = [];
          stream.on("data", (c) => chunks.push(c));
          stream.on("end", () => {
            count++;
            if (keep) messages.push({ ...parseMail(Buffer.concat(chunks).toString("utf8")), rcpt: session.envelope.rcptTo.map((r) => r.address) });
            callback();
          });
        },
      });
      server.on("error", () => undefined);
      server.listen(p, "127.0.0.1", () => resolve(server.server.address().port));
      server.server.once("error", reject);
    });
  const actual = await listen(port);
  return {
    port: actual,
    url: `smtp://127.0.0.1:${actual}`,
    messages,
    get count() {
      return count;
    },
    /** stops accepting mail (connections are refused) */
    stop: () => new Promise((resolve) => server.close(resolve)),
    /** accepts mail again on the same port */
    start: () => listen(actual),
  };
}

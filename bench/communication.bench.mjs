/**
 * Crisis communication (issue 12, section 8): 100,000 recipients queued in the outbox and
 * delivered by e-mail to a local SMTP server (smtp-server, same machine), each message an
 * acknowledgement request with its own link, as a call tree sends them. The server's own parts:
 * the outbox on PGlite, the job that flushes it, nodemailer's pooled transport.
 *
 *  1. queuing: Outbox.enqueue of 100,000 messages in one transaction (rows per second);
 *  2. delivery: from the first flush to the last message accepted by the SMTP server (messages
 *     per second), and the time from queuing to the last acknowledgement request delivered;
 *  3. nothing lost, nothing twice: messages received = messages queued, Message-IDs distinct.
 *
 * `npm run bench -- communication` (`--quick`: 10,000 recipients).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { randomBytes } from "node:crypto";

export const name = "communication";
export const title = "the outbox: 100,000 acknowledgement requests queued and delivered to a local SMTP server";

export async function run(ctx) {
  const quick = ctx.args?.includes("--quick");
  const N = quick ? 10_000 : 100_000;
  const dist = (p) => import(pathToFileURL(join(ctx.root, "packages/server/dist", p)).href);
  const { openPGlite } = await dist("storage/database.js");
  const { migrate } = await dist("storage/migrations.js");
  const { Outbox } = await dist("communication/outbox.js");
  const { ChannelDelivery } = await dist("communication/channels.js");
  const { MailTransport } = await dist("communication/mail-transport.js");
  const { startSmtpSink } = await import(pathToFileURL(join(ctx.root, "scripts/smtp-sink.mjs")).href);

  const dir = mkdtempSync(join(tmpdir(), "continuum-comms-bench-"));
  const smtp = await startSmtpSink({ keep: false });
  const ids = new Set();
  const db = await openPGlite(join(dir, "pglite"));
  try {
    await migrate(db);
    const [org] = await db.query("insert into organizations (slug, name) values ('bench', 'Bench') returning id");
    const mail = new MailTransport(() => smtp.url);
    // count distinct message ids as they leave (the sink counts what arrives)
    const send = mail.send.bind(mail);
    mail.send = (m) => (ids.add(m.messageId), send(m));
    const outbox = new Outbox(db, new ChannelDelivery(mail, () => undefined), { batch: 1000, concurrency: 32, baseDelayMs: 1000 });
    const messages = Array.from({ length: N }, (_, i) => ({
      organizationId: org.id,
      messageKey: "call:bench",
      recipient: `person-${i}`,
      channel: "email",
      address: `person-${i}@bench.example`,
      subject: "[비상 소집] 판교 데이터센터 화재 (#1)",
      body: `영향 서비스: 카카오톡\n확인 후 응답해 주세요: https://continuum.example/ack/${randomBytes(24).toString("base64url")}`,
      exercise: false,
      createdBy: "bench",
    }));
    const t0 = performance.now();
    await db.transaction((tx) => Outbox.enqueue(tx, messages));
    const queued = performance.now();
    await outbox.flush();
    const done = performance.now();
    // the sink may still be reading the last message's data
    for (let i = 0; i < 50 && smtp.count < N; i++) await new Promise((r) => setTimeout(r, 100));
    const [left] = await db.query("select count(*)::int as n from outbox where state <> 'sent'");
    mail.close();
    const queueS = (queued - t0) / 1000;
    const deliverS = (done - queued) / 1000;
    return [
      { figure: `queue ${N.toLocaleString("en")} messages (one transaction)`, value: +queueS.toFixed(1), unit: "s", target: "", meets: null, note: `${Math.round(N / queueS).toLocaleString("en")} rows/s` },
      { figure: "delivery throughput to the local SMTP server", value: Math.round(N / deliverS), unit: "messages/s", target: "", meets: null, note: "32 sends in flight, nodemailer pool of 4 connections" },
      { figure: "time from queuing to the last acknowledgement request delivered", value: +((done - t0) / 1000).toFixed(1), unit: "s", target: "", meets: null },
      { figure: "messages received by the SMTP server", value: smtp.count, unit: "", target: `= ${N.toLocaleString("en")}`, meets: smtp.count === N && left.n === 0, note: `${left.n} not sent` },
      { figure: "distinct Message-IDs sent", value: ids.size, unit: "", target: `= ${N.toLocaleString("en")}`, meets: ids.size === N },
    ];
  } finally {
    await db.close().catch(() => undefined);
    await smtp.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

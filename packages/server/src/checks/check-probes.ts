/**
 * The probes (imperative shell): one HTTP request, one TCP connection, one DNS query, each within
 * the check's timeout, reporting what it saw for the engine's verdict (checkVerdict). A probe
 * never throws: what went wrong is in `error` with `connected: false`.
 */
import type { CheckDefinition, ProbeObservation } from "@continuum/engine";
import { Resolver } from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import type { TLSSocket } from "node:tls";

/** The most of a response body read for conditions (the rest is not waited for). */
export const BODY_LIMIT = 1024 * 1024;

export function probe(check: CheckDefinition): Promise<ProbeObservation> {
  switch (check.type) {
    case "http":
      return probeHttp(check);
    case "tcp":
      return probeTcp(check);
    case "dns":
      return probeDns(check);
  }
}

const failed = (started: number, e: unknown, more: Partial<ProbeObservation> = {}): ProbeObservation => ({
  connected: false,
  responseTimeMs: performance.now() - started,
  error: (e as NodeJS.ErrnoException)?.code ?? String((e as Error)?.message ?? e).slice(0, 300),
  ...more,
});

function probeHttp(check: CheckDefinition): Promise<ProbeObservation> {
  const started = performance.now();
  return new Promise((done) => {
    let url: URL;
    try {
      url = new URL(check.url!);
    } catch (e) {
      return done(failed(started, e));
    }
    const secure = url.protocol === "https:";
    const request = (secure ? https : http).request(
      url,
      { method: check.method, headers: { "user-agent": "Continuum-check", ...check.headers }, agent: false, timeout: check.timeoutMs, ...(secure ? { rejectUnauthorized: !check.insecure } : {}) },
      (response) => {
        const socket = response.socket as TLSSocket;
        let certificateExpiresInMs: number | undefined;
        if (secure && typeof socket.getPeerCertificate === "function") {
          const cert = socket.getPeerCertificate();
          if (cert?.valid_to) certificateExpiresInMs = Date.parse(cert.valid_to) - Date.now();
        }
        const ip = socket.remoteAddress;
        const chunks: Buffer[] = [];
        let size = 0;
        const finish = () => {
          done({ connected: true, responseTimeMs: performance.now() - started, status: response.statusCode, body: Buffer.concat(chunks).toString("utf8"), certificateExpiresInMs, ip });
          response.destroy();
        };
        response.on("data", (chunk: Buffer) => {
          if (size >= BODY_LIMIT) return;
          chunks.push(chunk.subarray(0, BODY_LIMIT - size));
          size += chunk.length;
          if (size >= BODY_LIMIT) finish();
        });
        response.on("end", finish);
        response.on("error", (e) => done(failed(started, e)));
      },
    );
    request.on("timeout", () => request.destroy(Object.assign(new Error(`no answer within ${check.timeoutMs} ms`), { code: "ETIMEDOUT" })));
    request.on("error", (e) => done(failed(started, e)));
    if (check.body !== undefined) request.write(check.body);
    request.end();
  });
}

function probeTcp(check: CheckDefinition): Promise<ProbeObservation> {
  const started = performance.now();
  const colon = check.host!.lastIndexOf(":");
  const host = check.host!.slice(0, colon).replace(/^\[|\]$/g, "");
  const port = Number(check.host!.slice(colon + 1));
  return new Promise((done) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(check.timeoutMs);
    socket.once("connect", () => {
      done({ connected: true, responseTimeMs: performance.now() - started, ip: socket.remoteAddress });
      socket.destroy();
    });
    socket.once("timeout", () => {
      done(failed(started, Object.assign(new Error("timeout"), { code: "ETIMEDOUT" })));
      socket.destroy();
    });
    socket.once("error", (e) => done(failed(started, e)));
  });
}

/** Node's resolver errors, as DNS answer codes (Gatus's [DNS_RCODE]); the others mean no answer came. */
const RCODES: Record<string, string> = { ENOTFOUND: "NXDOMAIN", ENODATA: "NOERROR", ESERVFAIL: "SERVFAIL", EREFUSED: "REFUSED", ENOTIMP: "NOTIMP", EFORMERR: "FORMERR" };

async function probeDns(check: CheckDefinition): Promise<ProbeObservation> {
  const started = performance.now();
  const resolver = new Resolver({ timeout: check.timeoutMs, tries: 1 });
  if (check.server) resolver.setServers([check.server]);
  try {
    const answers = answerTexts(await resolver.resolve(check.query!, check.recordType));
    return { connected: true, responseTimeMs: performance.now() - started, dnsRcode: "NOERROR", answers, body: answers.join(", ") };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? "";
    const rcode = RCODES[code];
    if (rcode) return { connected: true, responseTimeMs: performance.now() - started, dnsRcode: rcode, answers: [], body: "", error: code };
    return failed(started, e);
  }
}

function answerTexts(records: unknown): string[] {
  if (!Array.isArray(records)) return [];
  return records.map((r) => {
    if (typeof r === "string") return r;
    if (Array.isArray(r)) return r.join("");
    const o = r as { exchange?: string; name?: string; port?: number; value?: string };
    if (o.exchange !== undefined) return o.exchange;
    if (o.name !== undefined && o.port !== undefined) return `${o.name}:${o.port}`;
    return JSON.stringify(r);
  });
}

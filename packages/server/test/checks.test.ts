/**
 * Checks run by Continuum itself, against real servers started here: an HTTP server whose health
 * the test flips, an HTTPS server with a self-signed certificate made by openssl now, a TCP
 * listener and a small UDP DNS server. A failing check opens a signal after its failure
 * threshold (the business clock sees its component down) and closes it after its success
 * threshold; results are kept as history; one organization never sees another's checks.
 */
import { execFileSync } from "node:child_process";
import { createSocket, type Socket } from "node:dgram";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, exampleFiles, setupAdmin, startTestServer, type TestServer } from "./helpers.js";

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const listen = (server: net.Server) => new Promise<number>((done) => server.listen(0, "127.0.0.1", () => done((server.address() as net.AddressInfo).port)));

/** A DNS server for one name: A 127.0.0.7 for api.continuum.test, NXDOMAIN for anything else (RFC 1035 wire format). */
function startDns(): Promise<{ socket: Socket; port: number }> {
  const socket = createSocket("udp4");
  socket.on("message", (query, from) => {
    let at = 12;
    const labels: string[] = [];
    while (query[at] !== 0) {
      labels.push(query.subarray(at + 1, at + 1 + query[at]).toString("ascii"));
      at += query[at] + 1;
    }
    const question = query.subarray(12, at + 5);
    const known = labels.join(".").toLowerCase() === "api.continuum.test" && query.readUInt16BE(at + 1) === 1;
    const header = Buffer.alloc(12);
    query.copy(header, 0, 0, 2); // the id
    header.writeUInt16BE(0x8180 | (known ? 0 : 3), 2); // a response, recursion available; rcode 0 or 3 (NXDOMAIN)
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(known ? 1 : 0, 6);
    const answer = known ? Buffer.from([0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 127, 0, 0, 7]) : Buffer.alloc(0);
    socket.send(Buffer.concat([header, question, answer]), from.port, from.address);
  });
  return new Promise((done) => socket.bind(0, "127.0.0.1", () => done({ socket, port: socket.address().port })));
}

describe("checks run by Continuum", () => {
  let server: TestServer;
  let admin: Client;
  let healthy = true;
  let web: http.Server;
  let secure: https.Server;
  let tcp: net.Server;
  let dns: { socket: Socket; port: number };
  let certDir: string;
  let checksFile: string;

  beforeAll(async () => {
    web = http.createServer((req, res) => {
      res.writeHead(healthy ? 200 : 503, { "content-type": "application/json" });
      res.end(JSON.stringify({ status: healthy ? "UP" : "DOWN", checks: [{ name: "db", ok: healthy }] }));
    });
    certDir = mkdtempSync(join(tmpdir(), "continuum-cert-"));
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", join(certDir, "key.pem"), "-out", join(certDir, "cert.pem"), "-days", "30", "-subj", "/CN=localhost"], { stdio: "ignore" });
    secure = https.createServer({ key: readFileSync(join(certDir, "key.pem")), cert: readFileSync(join(certDir, "cert.pem")) }, (_req, res) => res.end("ok"));
    tcp = net.createServer((socket) => socket.end());
    const [webPort, securePort, tcpPort] = [await listen(web), await listen(secure), await listen(tcp)];
    dns = await startDns();
    checksFile = [
      "continuum: 1",
      "checks:",
      "  - id: auth-api-health",
      "    name: Auth API health",
      "    component: auth-api-pangyo",
      "    type: http",
      `    url: http://127.0.0.1:${webPort}/health`,
      "    headers: { accept: application/json }",
      '    conditions: ["[STATUS] == 200", "[BODY].status == UP", "[BODY].checks[0].ok == true", "[RESPONSE_TIME] < 5000"]',
      "    interval: 1s",
      "    timeout: 1s",
      "    failureThreshold: 2",
      "    successThreshold: 2",
      "  - id: auth-api-certificate",
      "    component: auth-api-gasan",
      "    type: http",
      `    url: https://localhost:${securePort}/`,
      "    insecure: true",
      '    conditions: ["[STATUS] == any(200, 204)", "[CERTIFICATE_EXPIRATION] > 48h", "[CERTIFICATE_EXPIRATION] < 800h"]',
      "    interval: 1s",
      "  - id: account-db-port",
      "    component: account-db-gasan",
      "    type: tcp",
      `    host: 127.0.0.1:${tcpPort}`,
      '    conditions: ["[CONNECTED] == true"]',
      "    interval: 1s",
      "    successThreshold: 1",
      "  - id: auth-api-dns",
      "    component: auth-cache-gasan",
      "    type: dns",
      "    query: api.continuum.test",
      `    server: 127.0.0.1:${dns.port}`,
      "    expected: 127.0.0.7",
      '    conditions: ["[DNS_RCODE] == NOERROR"]',
      "    interval: 1s",
      "    successThreshold: 1",
      "  - id: missing-dns",
      "    component: auth-cache-gasan",
      "    type: dns",
      "    query: nowhere.continuum.test",
      `    server: 127.0.0.1:${dns.port}`,
      '    conditions: ["[DNS_RCODE] == NXDOMAIN"]',
      "    interval: 1s",
      "    successThreshold: 1",
    ].join("\n");
    server = await startTestServer("pglite");
    admin = await setupAdmin(server);
    const imported = await admin.post("/api/v1/orgs/acme/model/import", { files: [...exampleFiles(false), { path: "checks.yaml", text: checksFile }] });
    expect(imported.status, JSON.stringify(imported.body).slice(0, 500)).toBe(201);
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    await Promise.all([web, secure, tcp].map((s) => new Promise((done) => (s ? s.close(done) : done(undefined)))));
    dns?.socket.close();
    if (certDir) rmSync(certDir, { recursive: true, force: true });
  });

  const checks = async () => (await admin.get("/api/v1/orgs/acme/checks")).body.items as Array<Record<string, any>>;
  const byId = async (id: string) => (await checks()).find((c) => c.id === id)!;

  it("runs HTTP, HTTPS, TCP and DNS checks and lists them with their status and uptime", async () => {
    const all = await until("every check up", async () => {
      const list = await checks();
      return list.length === 5 && list.every((c) => c.state === "up") && list;
    });
    const health = all.find((c) => c.id === "auth-api-health")!;
    expect(health).toMatchObject({ name: "Auth API health", component: "auth-api-pangyo", type: "http", failureThreshold: 2, successThreshold: 2, intervalMs: 1000 });
    expect(health.uptime24h).toBe(100);
    expect(health.recent[0].conditions.map((c: { resolved: string }) => c.resolved)).toEqual(["[STATUS] (200) == 200", "[BODY].status (UP) == UP", "[BODY].checks[0].ok (true) == true", expect.stringMatching(/^\[RESPONSE_TIME\] \(\d+\) < 5000$/)]);
    const cert = all.find((c) => c.id === "auth-api-certificate")!;
    expect(cert.recent[0].conditions.every((c: { success: boolean }) => c.success)).toBe(true);
    expect(all.find((c) => c.id === "auth-api-dns")!.target).toBe(`A api.continuum.test @127.0.0.1:${dns.port}`);
  }, 30_000);

  it("a failing check raises a signal after its failure threshold, and resolves it after its success threshold", async () => {
    healthy = false;
    const down = await until("the check down", async () => {
      const c = await byId("auth-api-health");
      return c.state === "down" && c;
    });
    expect(down.failures).toBeGreaterThanOrEqual(2);
    const failed = down.recent.find((r: { success: boolean }) => !r.success);
    expect(failed).toMatchObject({ success: false, statusCode: 503 });
    expect(failed.conditions[0]).toEqual({ condition: "[STATUS] == 200", success: false, resolved: "[STATUS] (503) == 200" });
    const signals = (await admin.get("/api/v1/orgs/acme/signals?open=true")).body.items;
    expect(signals).toMatchObject([{ source: "check", dedupKey: "check:auth-api-health", components: ["auth-api-pangyo"] }]);
    const clock = await until("the business clock sees it", async () => {
      const c = (await admin.get("/api/v1/orgs/acme/business-clock")).body;
      return c.downNow?.includes("auth-api-pangyo") && c;
    });
    expect(clock.downNow).toContain("auth-api-pangyo");

    healthy = true;
    await until("the check up again", async () => (await byId("auth-api-health")).state === "up");
    expect((await admin.get("/api/v1/orgs/acme/signals?open=true")).body.items).toEqual([]);
    const all = (await admin.get("/api/v1/orgs/acme/signals")).body.items;
    expect(all.find((s: { dedupKey: string }) => s.dedupKey === "check:auth-api-health").endedAt).not.toBeNull();
    const history = (await admin.get("/api/v1/orgs/acme/checks/auth-api-health/results?limit=500")).body;
    expect(history.total).toBeGreaterThanOrEqual(6);
    expect(history.items.some((r: { success: boolean }) => !r.success)).toBe(true);
    const uptime = (await byId("auth-api-health")).uptime24h;
    expect(uptime).toBeGreaterThan(0);
    expect(uptime).toBeLessThan(100);
  }, 60_000);

  it("refuses a model with a bad condition, naming the file, line and field", async () => {
    const bad = checksFile.replace('"[CONNECTED] == true"', '"[CONNECTED] = true"');
    const r = await admin.post("/api/v1/orgs/acme/model/import", { files: [...exampleFiles(false), { path: "checks.yaml", text: bad }] });
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    const text = JSON.stringify(r.body);
    expect(text).toContain("bad-condition");
    expect(text).toContain("checks[2].conditions[0]");
    expect(text).toContain("checks.yaml");
  });

  it("the incident list is live: an incident declared by hand is announced on the organization's stream", async () => {
    const controller = new AbortController();
    const stream = await fetch(`${server.url}/api/v1/orgs/acme/incidents/live`, { headers: { cookie: admin.cookie! }, signal: controller.signal });
    expect(stream.headers.get("content-type")).toMatch(/text\/event-stream/);
    const reader = stream.body!.getReader();
    let text = "";
    const heard = (async () => {
      while (!text.includes("event: changed")) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
      return text;
    })();
    await new Promise((r) => setTimeout(r, 300));
    expect((await admin.post("/api/v1/orgs/acme/incidents", { title: "Auth slow", severity: "sev3" })).status).toBe(201);
    expect(await heard).toContain("event: changed");
    controller.abort();
  }, 30_000);

  it("keeps one organization's checks from another", async () => {
    expect((await admin.post("/api/v1/orgs", { slug: "other", name: "Other Corp" })).status).toBe(201);
    expect((await admin.get("/api/v1/orgs/other/checks")).body).toEqual({ items: [], total: 0 });
    expect((await admin.get("/api/v1/orgs/other/checks/auth-api-health/results")).body).toEqual({ items: [], total: 0, defined: false });
    expect((await admin.get("/api/v1/orgs/acme/checks/auth-api-health/results?limit=1")).body).toMatchObject({ defined: true, items: [{ success: true }] });
    expect((await admin.get("/api/v1/orgs/acme/checks/nothing/results")).body).toEqual({ items: [], total: 0, defined: false });
  });
});

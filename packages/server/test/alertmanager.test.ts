/**
 * The real Alertmanager (Debian's prometheus-alertmanager) sends its real webhook, with the intake
 * key as its bearer credentials, to a real server: an alert posted with amtool on the Pangyo site
 * becomes one incident with projected breach times. Skipped, saying why, when it is not installed.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleFiles, setupAdmin, startTestServer, type Client, type TestServer } from "./helpers.js";

const ALERTMANAGER = "/usr/bin/prometheus-alertmanager";
const AMTOOL = "/usr/bin/amtool";
const missing = [ALERTMANAGER, AMTOOL].filter((p) => !existsSync(p));
const skipReason = missing.length ? `not installed: ${missing.join(", ")} (apt-get install prometheus-alertmanager)` : "";
if (skipReason) console.warn(`alertmanager.test.ts skipped: ${skipReason}`);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe.skipIf(skipReason !== "")(`Prometheus Alertmanager → intake${skipReason ? ` (skipped: ${skipReason})` : ""}`, () => {
  let server: TestServer;
  let admin: Client;
  let am: ChildProcess | undefined;
  let dir: string;
  let amUrl: string;
  let amLog = "";

  beforeAll(async () => {
    server = await startTestServer("pglite");
    admin = await setupAdmin(server);
    expect((await admin.post("/api/v1/orgs/acme/model/import", { files: exampleFiles() })).status).toBe(201);
    const key = (await admin.post("/api/v1/orgs/acme/intake-keys", { name: "alertmanager" })).body.key as string;
    dir = mkdtempSync(join(tmpdir(), "continuum-am-"));
    const port = await freePort();
    amUrl = `http://127.0.0.1:${port}`;
    writeFileSync(
      join(dir, "alertmanager.yml"),
      [
        "route:",
        "  receiver: continuum",
        "  group_by: ['alertname']",
        "  group_wait: 1s",
        "  group_interval: 1s",
        "  repeat_interval: 1h",
        "receivers:",
        "  - name: continuum",
        "    webhook_configs:",
        `      - url: ${server.url.replace("localhost", "127.0.0.1")}/api/v1/intake/alertmanager`,
        "        send_resolved: true",
        "        http_config:",
        "          authorization:",
        "            type: Bearer",
        `            credentials: ${key}`,
        "",
      ].join("\n"),
    );
    am = spawn(ALERTMANAGER, [`--config.file=${join(dir, "alertmanager.yml")}`, `--storage.path=${join(dir, "data")}`, `--web.listen-address=127.0.0.1:${port}`, "--cluster.listen-address="], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    am.stdout!.on("data", (d) => (amLog += d));
    am.stderr!.on("data", (d) => (amLog += d));
    await until("alertmanager to be ready", async () => (await fetch(`${amUrl}/-/ready`)).ok);
  }, 120_000);

  afterAll(async () => {
    am?.kill("SIGTERM");
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("an alert posted with amtool on the Pangyo site opens one incident with projected breaches", async () => {
    const startsAt = new Date(Date.now() - 5 * 60_000);
    const add = spawnSync(
      AMTOOL,
      [`--alertmanager.url=${amUrl}`, "alert", "add", "alertname=SiteDown", "component=pangyo-idc", "severity=page", "--annotation=summary=Pangyo site unreachable", `--start=${startsAt.toISOString()}`],
      { encoding: "utf8" },
    );
    expect(add.status, add.stderr).toBe(0);
    const incident = await until("the incident", async () => (await admin.get("/api/v1/orgs/acme/incidents")).body.items[0]).catch((e) => {
      throw new Error(`${(e as Error).message}\nalertmanager log:\n${amLog.slice(-3000)}`);
    });
    expect(incident).toMatchObject({ root: "pangyo-idc", declaredBy: { rule: "tier1-rto-within-60m" } });
    const signal = (await admin.get("/api/v1/orgs/acme/signals")).body.items[0];
    expect(signal).toMatchObject({ source: "alertmanager", components: ["pangyo-idc"], summary: "Pangyo site unreachable" });
    // Alertmanager keeps its start time (second precision); breach times count from it
    const started = Date.parse(signal.startedAt);
    expect(Math.abs(started - startsAt.getTime())).toBeLessThan(1000);
    const talk = incident.affectedServices.find((s: { id: string }) => s.id === "kakaotalk-text");
    expect(talk.rtoBreachAt).toBe(new Date(started + 60 * 60_000).toISOString());
    expect(talk.mtpdBreachAt).toBe(new Date(started + 4 * 60 * 60_000).toISOString());
    expect(incident.plansActivated.map((p: { id: string }) => p.id)).toContain("dc-failover");
    // the same alert resent by Alertmanager is still one signal, one incident
    expect((await admin.get("/api/v1/orgs/acme/incidents")).body.total).toBe(1);
    expect((await admin.get("/api/v1/orgs/acme/signals")).body.total).toBe(1);
  }, 90_000);
});

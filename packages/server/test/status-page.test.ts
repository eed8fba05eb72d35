/**
 * The public status page end to end over HTTP: publish and unpublish, the page in Korean and
 * English without a script, services' states from incidents, responders' updates, drills marked,
 * the Atom feed read by a real XML parser, subscriptions with double opt-in (a webhook receiver
 * that really receives the POSTs, one failing first; e-mail notices waiting for the outbox on
 * PostgreSQL), the static export as a tar archive, and one organization never reaching another.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, existsSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DOMParser } from "@xmldom/xmldom";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, EXAMPLE_DIR, exampleFiles, memberClient, postgresUnavailable, setupAdmin, startTestServer, type TestServer } from "./helpers.js";

const ATOM = "http://www.w3.org/2005/Atom";
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false> | T | undefined | null | false, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Parses strictly (any warning or error fails) and checks what RFC 4287 requires of a feed and its entries. */
export function parseAtom(xml: string) {
  const problems: string[] = [];
  const doc = new DOMParser({ onError: (level, message) => problems.push(`${level}: ${message}`) }).parseFromString(xml, "application/xml");
  expect(problems).toEqual([]);
  const feed = doc.documentElement!;
  expect(feed.localName).toBe("feed");
  expect(feed.namespaceURI).toBe(ATOM);
  const child = (el: Element, name: string) => Array.from(el.childNodes).filter((n): n is Element => n.nodeType === 1 && (n as Element).namespaceURI === ATOM && (n as Element).localName === name);
  const one = (el: Element, name: string) => {
    const found = child(el, name);
    expect(found.length, `exactly one atom:${name}`).toBe(1);
    return found[0].textContent ?? "";
  };
  expect(one(feed, "id")).toMatch(/^[a-z][a-z0-9+.-]*:/);
  one(feed, "title");
  expect(one(feed, "updated")).toMatch(RFC3339);
  expect(child(feed, "author").length).toBeGreaterThan(0);
  expect(child(feed, "link").some((l) => l.getAttribute("rel") === "self")).toBe(true);
  const entries = child(feed, "entry").map((e) => {
    const id = one(e, "id");
    const updated = one(e, "updated");
    expect(updated).toMatch(RFC3339);
    expect(child(e, "content")[0]?.getAttribute("type")).toBe("text");
    return { id, title: one(e, "title"), updated, content: child(e, "content")[0].textContent ?? "", categories: child(e, "category").map((c) => c.getAttribute("term")) };
  });
  expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
  return { lang: feed.getAttribute("xml:lang"), title: one(feed, "title"), entries };
}

/** A real webhook receiver: records every POST; `failNext` answers 500 that many times first. */
function webhookReceiver() {
  const received: Array<{ body: any; headers: Record<string, unknown> }> = [];
  const state = { failNext: 0 };
  const server: Server = createServer((req, res) => {
    let data = "";
    req.on("data", (c) => (data += c));
    req.on("end", () => {
      if (state.failNext > 0) {
        state.failNext--;
        res.writeHead(500).end("down for a moment");
        return;
      }
      received.push({ body: JSON.parse(data), headers: req.headers });
      res.writeHead(204).end();
    });
  });
  return {
    received,
    state,
    start: () => new Promise<string>((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}/hook`))),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const form = (fields: Array<[string, string]>) => ({ headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields).toString() });

describe("status page", () => {
  let server: TestServer;
  let admin: Client;
  let responder: Client;
  let viewer: Client;
  let outsider: Client;
  const hook = webhookReceiver();
  let hookUrl: string;
  const page = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers, redirect: "manual" });
  const stateOf = (html: string, service: string) => html.match(new RegExp(`data-service="${service}" data-state="([a-z-]+)"`))?.[1];

  beforeAll(async () => {
    hookUrl = await hook.start();
    server = await startTestServer("pglite");
    admin = await setupAdmin(server);
    expect((await admin.post("/api/v1/orgs/acme/model/import", { files: exampleFiles(false) })).status).toBe(201);
    responder = await memberClient(server, admin, "acme", "responder@acme.example", "responder");
    viewer = await memberClient(server, admin, "acme", "viewer@acme.example", "viewer");
    expect((await admin.post("/api/v1/orgs", { name: "Other", slug: "other" })).status).toBe(201);
    outsider = await memberClient(server, admin, "other", "outsider@other.example", "admin");
  });
  afterAll(async () => {
    await server?.stop();
    await hook.stop();
  });

  it("is a 404 until an admin publishes it, and again once unpublished", async () => {
    expect((await page("/status/acme")).status).toBe(404);
    expect((await page("/status/acme/feed.atom")).status).toBe(404);
    expect((await page("/status/nobody")).status).toBe(404);
    expect((await responder.put("/api/v1/orgs/acme/status/publication", { published: true })).status).toBe(403);
    expect((await admin.put("/api/v1/orgs/acme/status/publication", { published: "yes" })).body.errors[0].field).toBe("published");
    expect((await admin.put("/api/v1/orgs/acme/status/publication", { published: true })).body).toEqual({ published: true });
    expect((await page("/status/acme")).status).toBe(200);
    expect((await admin.put("/api/v1/orgs/acme/status/publication", { published: false })).status).toBe(200);
    expect((await page("/status/acme")).status).toBe(404);
    await admin.put("/api/v1/orgs/acme/status/publication", { published: true });
  });

  it("reads without a script, in English and Korean, with the business services of the model", async () => {
    const en = await page("/status/acme?lang=en");
    const html = await en.text();
    expect(en.headers.get("content-type")).toContain("text/html");
    expect(en.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain("All services are operating normally");
    expect(stateOf(html, "kakao-login")).toBe("operational");
    expect(stateOf(html, "daum-portal")).toBe("operational"); // tier 2
    expect(html).not.toContain('data-service="pangyo-idc"'); // a site, not a business service
    const ko = await (await page("/status/acme", { "accept-language": "ko-KR,ko;q=0.9,en;q=0.5" })).text();
    expect(ko).toContain('<html lang="ko">');
    expect(ko).toContain("모든 서비스가 정상 운영 중입니다");
    expect(await (await page("/status/acme?lang=ko", { "accept-language": "en" })).text()).toContain("서비스 상태");
    const font = await page("/status-assets/pretendardvariable-dynamic-subset.css");
    expect(font.status).toBe(200);
    const file = (await font.text()).match(/url\(\.\/(woff2-dynamic-subset\/[^)]+)\)/)![1];
    expect((await page(`/status-assets/${file}`)).headers.get("content-type")).toBe("font/woff2");
    expect((await page("/status-assets/woff2-dynamic-subset/..%2f..%2fpackage.json")).status).toBe(404);
  });

  it("a drill never changes the services' states; a real incident does", async () => {
    const drill = await responder.post("/api/v1/orgs/acme/incidents", { title: "Fire drill", severity: "sev1", components: ["pangyo-idc"], exercise: true });
    expect(drill.status).toBe(201);
    let html = await (await page("/status/acme?lang=en")).text();
    expect(stateOf(html, "kakao-login")).toBe("operational");
    const update = await responder.post("/api/v1/orgs/acme/status/updates", { incident: drill.body.number, phase: "investigating", title: { en: "Pangyo drill", ko: "판교 훈련" }, message: { en: "We are practising.", ko: "훈련 중입니다." } });
    expect(update.status).toBe(201);
    expect(update.body.update.exercise).toBe(true);
    html = await (await page("/status/acme?lang=ko")).text();
    expect(html).toContain("EXERCISE / 훈련");
    expect(html).toContain("훈련 중입니다.");
    expect(stateOf(html, "kakao-login")).toBe("operational");

    const real = await responder.post("/api/v1/orgs/acme/incidents", { title: "Pangyo data center lost", severity: "sev1", components: ["pangyo-idc"] });
    expect(real.status).toBe(201);
    html = await (await page("/status/acme?lang=en")).text();
    expect(stateOf(html, "kakao-login")).toBe("major-outage");
    expect(html).toContain('data-state="major-outage"');
    expect(html).toContain("Major outage");
    // stood down, it is a record: the services are operational again
    expect((await responder.post(`/api/v1/orgs/acme/incidents/${real.body.number}/stand-down`, { reason: "site back" })).status).toBe(200);
    expect(stateOf(await (await page("/status/acme?lang=en")).text(), "kakao-login")).toBe("operational");
  });

  it("takes responders' updates (a 4xx naming the field otherwise) and shows them as threads", async () => {
    const bad = await responder.post("/api/v1/orgs/acme/status/updates", { phase: "investigating", title: { en: "x" }, message: { en: "y" }, services: [{ id: "pangyo-idc", state: "degraded" }] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe("services[0].id");
    expect((await responder.post("/api/v1/orgs/acme/status/updates", { phase: "investigating", message: { en: "no title" } })).body.errors[0].field).toBe("title");
    expect((await responder.post("/api/v1/orgs/acme/status/updates", { phase: "started", title: { en: "x" }, message: { en: "y" } })).body.errors[0].field).toBe("phase");
    expect((await responder.post("/api/v1/orgs/acme/status/updates", { phase: "identified", incident: 999, message: { en: "y" } })).body.errors[0].field).toBe("incident");
    expect((await viewer.post("/api/v1/orgs/acme/status/updates", { phase: "investigating", title: { en: "x" }, message: { en: "y" } })).status).toBe(403);

    const first = await responder.post("/api/v1/orgs/acme/status/updates", {
      phase: "identified",
      title: { en: "Kakao Pay payments slow", ko: "카카오페이 결제 지연" },
      message: { en: "Payments take longer than usual.", ko: "결제가 평소보다 오래 걸립니다." },
      services: [{ id: "kakaopay", state: "partial-outage" }],
    });
    expect(first.status).toBe(201);
    let html = await (await page("/status/acme?lang=en")).text();
    expect(stateOf(html, "kakaopay")).toBe("partial-outage");
    expect(html).toContain("Payments take longer than usual.");
    const resolved = await responder.post("/api/v1/orgs/acme/status/updates", { follows: first.body.update.id, phase: "resolved", message: { en: "Payments are back to normal." } });
    expect(resolved.body.update.thread).toBe(first.body.update.id);
    html = await (await page("/status/acme?lang=en")).text();
    expect(stateOf(html, "kakaopay")).toBe("operational");
    // the resolved thread is history (past 90 days), newest update first
    const history = html.slice(html.indexOf("Past 90 days"));
    expect(history).toContain("Kakao Pay payments slow");
    expect(history.indexOf("Payments are back to normal.")).toBeLessThan(history.indexOf("Payments take longer than usual."));
    // the Korean reader reads the Korean text, and the English one where no Korean was written
    const ko = await (await page("/status/acme?lang=ko")).text();
    expect(ko).toContain("결제가 평소보다 오래 걸립니다.");
    expect(ko).toContain("Payments are back to normal.");
  });

  it("has a valid Atom 1.0 feed in both languages, drills marked", async () => {
    const en = await page("/status/acme/feed.atom?lang=en");
    expect(en.headers.get("content-type")).toContain("application/atom+xml");
    const feed = parseAtom(await en.text());
    expect(feed.lang).toBe("en");
    expect(feed.entries.length).toBe(3);
    expect(feed.entries[0].title).toBe("Resolved: Kakao Pay payments slow");
    const drill = feed.entries.find((e) => e.title.includes("Pangyo drill"))!;
    expect(drill.title).toBe("[EXERCISE / 훈련] Investigating: Pangyo drill");
    expect(drill.categories).toContain("exercise");
    const ko = parseAtom(await (await page("/status/acme/feed.atom?lang=ko")).text());
    expect(ko.lang).toBe("ko");
    expect(ko.entries.map((e) => e.title)).toContain("[EXERCISE / 훈련] 조사 중: 판교 훈련");
  });

  it("a webhook subscriber confirms the link it was POSTed, then receives the updates of its services, even after a failure", async () => {
    const bad = await fetch(`${server.url}/status/acme/subscribe`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ channel: "webhook", address: "ftp://x" }) });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors[0].field).toBe("address");
    const badService = await fetch(`${server.url}/status/acme/subscribe`, { method: "POST", ...form([["channel", "webhook"], ["address", hookUrl], ["services", "pangyo-idc"]]) });
    expect(badService.status).toBe(400);
    expect(await badService.text()).toContain("services[0]");

    const a = await fetch(`${server.url}/status/acme/subscribe`, { method: "POST", ...form([["channel", "webhook"], ["address", hookUrl], ["services", "kakao-login"], ["lang", "en"]]) });
    expect(a.status).toBe(202);
    expect(await a.text()).toContain("confirmation link");
    const confirm = await until("the opt-in POST", () => hook.received.find((r) => r.body.type === "status.subscription.confirm"));
    // not confirmed yet: an update is not sent
    expect((await admin.get("/api/v1/orgs/acme/status")).body.subscriptions).toEqual({ confirmed: 0, pending: 1 });
    const confirmUrl = new URL(confirm.body.confirm);
    expect(confirmUrl.pathname).toMatch(/^\/status\/acme\/confirm\//);
    expect((await page(confirmUrl.pathname)).status).toBe(200);
    expect((await admin.get("/api/v1/orgs/acme/status")).body.subscriptions).toEqual({ confirmed: 1, pending: 0 });

    // an update about another service is not for this subscriber; one about kakao-login is, and
    // the receiver's first answer is a 500: the job queue posts it again
    await responder.post("/api/v1/orgs/acme/status/updates", { phase: "investigating", title: { en: "Map tiles" }, message: { en: "Map tiles load slowly." }, services: [{ id: "kakao-map", state: "degraded" }] });
    hook.state.failNext = 1;
    const login = await responder.post("/api/v1/orgs/acme/status/updates", { phase: "investigating", title: { en: "Kakao login fails" }, message: { en: "Sign-in fails for some users." }, services: [{ id: "kakao-login", state: "major-outage" }] });
    expect(login.body.notices).toBe(1);
    const got = await until("the update POST", () => hook.received.find((r) => r.body.type === "status.update"), 20_000);
    expect(got.body).toMatchObject({ exercise: false, organization: { slug: "acme" }, update: { phase: "investigating", title: "Kakao login fails", message: "Sign-in fails for some users.", services: [{ id: "kakao-login", state: "major-outage" }] } });
    expect(hook.state.failNext).toBe(0);
    expect(hook.received.filter((r) => r.body.type === "status.update")).toHaveLength(1);

    // a drill's update reaches it marked
    const drillNumber = (await admin.get("/api/v1/orgs/acme/incidents")).body.items.find((i: any) => i.exercise).number;
    await responder.post("/api/v1/orgs/acme/status/updates", { incident: drillNumber, phase: "monitoring", message: { en: "Drill: failover done." }, services: [{ id: "kakao-login", state: "major-outage" }] });
    const drill = await until("the drill POST", () => hook.received.find((r) => r.body.type === "status.update" && r.body.exercise));
    expect(drill.body.mark).toBe("EXERCISE / 훈련");
    expect(drill.body.text).toContain("[EXERCISE / 훈련]");
    expect(drill.headers["x-continuum-exercise"]).toBe("true");

    // unsubscribing: the GET only asks, the POST does it
    const unsubscribe = new URL(got.body.unsubscribe).pathname;
    expect(await (await page(unsubscribe)).text()).toContain("<form method=\"post\"");
    expect((await admin.get("/api/v1/orgs/acme/status")).body.subscriptions.confirmed).toBe(1);
    expect((await fetch(`${server.url}${unsubscribe}`, { method: "POST" })).status).toBe(200);
    expect((await admin.get("/api/v1/orgs/acme/status")).body.subscriptions).toEqual({ confirmed: 0, pending: 0 });
    const after = await responder.post("/api/v1/orgs/acme/status/updates", { phase: "resolved", follows: login.body.update.id, message: { en: "Sign-in works again." } });
    expect(after.body.notices).toBe(0);
  });

  it("exports static files: both languages, both feeds and the font", async () => {
    const tar = await fetch(`${server.url}/api/v1/orgs/acme/status/export.tar`, { headers: { cookie: viewer.cookie! } });
    expect(tar.status).toBe(200);
    expect(tar.headers.get("content-type")).toBe("application/x-tar");
    const dir = mkdtempSync(join(tmpdir(), "status-export-"));
    try {
      execFileSync("tar", ["-xf", "-", "-C", dir], { input: Buffer.from(await tar.arrayBuffer()) });
      const root = join(dir, "status-acme");
      const en = readFileSync(join(root, "index.html"), "utf8");
      expect(en).toContain("This is a copy of the status page");
      expect(stateOf(en, "kakao-map")).toBe("degraded"); // the map thread is still open
      expect(en).toContain('href="ko.html"');
      expect(en).toContain('href="fonts/pretendardvariable-dynamic-subset.css"');
      expect(readFileSync(join(root, "ko.html"), "utf8")).toContain("성능 저하");
      expect(parseAtom(readFileSync(join(root, "feed-ko.atom"), "utf8")).lang).toBe("ko");
      expect(parseAtom(readFileSync(join(root, "feed.atom"), "utf8")).entries.length).toBeGreaterThan(3);
      expect(existsSync(join(root, "fonts/woff2-dynamic-subset/PretendardVariable.subset.0.woff2"))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("keeps one organization away from another", async () => {
    expect((await outsider.get("/api/v1/orgs/acme/status")).status).toBe(404);
    expect((await outsider.post("/api/v1/orgs/acme/status/updates", { phase: "investigating", title: { en: "x" }, message: { en: "y" } })).status).toBe(404);
    expect((await outsider.put("/api/v1/orgs/acme/status/publication", { published: false })).status).toBe(404);
    expect((await fetch(`${server.url}/api/v1/orgs/acme/status/export.tar`, { headers: { cookie: outsider.cookie! } })).status).toBe(404);
    expect((await outsider.put("/api/v1/orgs/other/status/publication", { published: true })).status).toBe(200);
    const other = await (await page("/status/other?lang=en")).text();
    expect(other).not.toContain("Kakao");
    expect(other).toContain("No incidents right now.");
    expect((await outsider.get("/api/v1/orgs/other/status")).body.updates).toEqual([]);
    // an update cannot name another organization's incident
    expect((await outsider.post("/api/v1/orgs/other/status/updates", { incident: 1, phase: "identified", message: { en: "y" } })).body.errors[0].field).toBe("incident");
    expect(parseAtom(await (await page("/status/other/feed.atom")).text()).entries).toEqual([]);
  });
});

describe("the demo organization", () => {
  it("has its status page published out of the box", async () => {
    const server = await startTestServer("pglite", { demo: true, exampleDir: EXAMPLE_DIR });
    try {
      const html = await (await fetch(`${server.url}/status/${server.demo}?lang=ko`)).text();
      expect(html).toContain("카카오 계정 로그인");
      expect(html).toContain('data-state="operational"');
    } finally {
      await server.stop();
    }
  });
});

describe("e-mail subscriptions (PostgreSQL): double opt-in, notices queued in the outbox", async () => {
  const unavailable = await postgresUnavailable();
  it.skipIf(unavailable !== null)(`opt-in link first, then the updates, in the subscriber's language${unavailable ? ` (skipped: ${unavailable})` : ""}`, async () => {
    const server = await startTestServer("postgres");
    const db = new pg.Client({ connectionString: server.databaseUrl });
    await db.connect();
    try {
      const admin = await setupAdmin(server);
      expect((await admin.post("/api/v1/orgs/acme/model/import", { files: exampleFiles(false) })).status).toBe(201);
      await admin.put("/api/v1/orgs/acme/status/publication", { published: true });
      const subscribe = await fetch(`${server.url}/status/acme/subscribe`, { method: "POST", ...form([["channel", "email"], ["address", "reader@example.com"], ["lang", "ko"]]) });
      expect(subscribe.status).toBe(202);
      expect(await subscribe.text()).toContain("확인 링크");
      const notices = async () => (await db.query("select kind, channel, address, subject, body, exercise, state from status_notices order by id")).rows;
      const [confirm] = await notices();
      expect(confirm).toMatchObject({ kind: "confirm", channel: "email", address: "reader@example.com", state: "queued" });
      expect(confirm.subject).toContain("구독을 확인해 주세요");
      // before the opt-in, an update tells nobody
      const first = await admin.post("/api/v1/orgs/acme/status/updates", { phase: "investigating", title: { en: "Login fails", ko: "로그인 장애" }, message: { en: "Investigating.", ko: "조사하고 있습니다." } });
      expect(first.body.notices).toBe(0);
      const link = new URL(confirm.body.match(/https?:\/\/\S+\/confirm\/\S+/)[0]);
      expect((await fetch(`${server.url}${link.pathname}`)).status).toBe(200);
      expect((await fetch(`${server.url}${link.pathname.replace("/confirm/", "/confirm/x")}`)).status).toBe(404);
      await admin.post("/api/v1/orgs/acme/status/updates", { follows: first.body.update.id, phase: "identified", message: { en: "The cause is known.", ko: "원인을 확인했습니다." } });
      const drill = await admin.post("/api/v1/orgs/acme/incidents", { title: "Drill", severity: "sev2", exercise: true });
      await admin.post("/api/v1/orgs/acme/status/updates", { incident: drill.body.number, phase: "investigating", title: { ko: "훈련" }, message: { ko: "훈련입니다." } });
      const [, update, drillNotice] = await notices();
      expect(update).toMatchObject({ kind: "update", channel: "email", state: "queued", exercise: false });
      expect(update.subject).toBe("Acme 서비스 상태 — 원인 확인: 로그인 장애");
      expect(update.body).toContain("원인을 확인했습니다.");
      expect(update.body).toMatch(/구독 해지: http:\/\/\S+\/status\/acme\/unsubscribe\//);
      expect(drillNotice.exercise).toBe(true);
      expect(drillNotice.subject).toContain("[EXERCISE / 훈련]");
      expect(drillNotice.body.split("\n")[0]).toContain("EXERCISE / 훈련");
      // each e-mail notice is one outbox message (retries, delivery state), with the same text
      const outbox = (await db.query("select channel, address, subject, exercise from outbox where message_key like 'status-notice:%' order by id")).rows;
      expect(outbox).toEqual([
        { channel: "email", address: "reader@example.com", subject: confirm.subject, exercise: false },
        { channel: "email", address: "reader@example.com", subject: update.subject, exercise: false },
        { channel: "email", address: "reader@example.com", subject: drillNotice.subject, exercise: true },
      ]);
    } finally {
      await db.end();
      await server.stop();
    }
  });
});


/**
 * Sign-in limits (issue 7, item 3): per account from any address, and per address separately, so
 * that invented e-mails from one address (an office behind NAT) do not lock its people out; the
 * state is in the database, shared by every process serving it. Run on PGlite and on PostgreSQL
 * with two server instances on one database.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../src/index.js";
import { Client, memberClient, PASSWORD, postgresUnavailable, setupAdmin, startTestServer, type Backend, type TestServer } from "./helpers.js";

const MAX = 3; // per account; an address may fail 20 × 3 = 60 times
const WINDOW = 120;
const pgDown = await postgresUnavailable();

const login = (url: string, email: string, password: string, ip: string) =>
  new Client(url).post("/api/v1/auth/login", { email, password }, { headers: { "x-forwarded-for": ip } });

describe.each(["pglite", "postgres"] as Backend[])("sign-in limits on %s", (backend) => {
  let server: TestServer;
  let second: RunningServer | undefined;
  /** the two processes a request may reach (the same one on PGlite, which one process owns) */
  let urls: [string, string];

  beforeAll(async () => {
    if (backend === "postgres" && pgDown) return;
    server = await startTestServer(backend, { loginLimit: { max: MAX, windowSeconds: WINDOW }, trustProxy: true });
    second = server.databaseUrl
      ? await startServer({ port: 0, host: "127.0.0.1", demo: false, webDir: null, logger: false, databaseUrl: server.databaseUrl, loginLimit: { max: MAX, windowSeconds: WINDOW }, trustProxy: true })
      : undefined;
    urls = [server.url, second?.url ?? server.url];
    const admin = await setupAdmin(server);
    for (const who of ["rita", "sam", "victim", "newcomer", "parallel"]) await memberClient(server, admin, "acme", `${who}@office.example`, "viewer");
  });
  afterAll(async () => {
    await second?.close();
    await server?.stop();
  });

  it.skipIf(backend === "postgres" && pgDown)("limits one account from every address and every process, and a success clears it", async () => {
    // guesses spread over addresses and processes count together
    expect((await login(urls[0], "victim@office.example", "guess one!!", "198.51.100.1")).status).toBe(401);
    expect((await login(urls[1], "victim@office.example", "guess two!!", "198.51.100.2")).status).toBe(401);
    expect((await login(urls[0], "victim@office.example", "guess three", "198.51.100.3")).status).toBe(401);
    const limited = await login(urls[1], "VICTIM@office.example", PASSWORD, "198.51.100.4");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Number(limited.headers.get("retry-after"))).toBeLessThanOrEqual(WINDOW);
    // refused attempts do not count as failures, and other accounts are not affected
    expect((await login(urls[0], "sam@office.example", PASSWORD, "198.51.100.1")).status).toBe(200);
    // below the limit a correct password succeeds and forgets the failures
    expect((await login(urls[0], "rita@office.example", "wrong once!", "198.51.100.9")).status).toBe(401);
    expect((await login(urls[1], "rita@office.example", "wrong twice", "198.51.100.9")).status).toBe(401);
    expect((await login(urls[0], "rita@office.example", PASSWORD, "198.51.100.9")).status).toBe(200);
    for (let i = 0; i < MAX; i++) expect((await login(urls[i % 2], "rita@office.example", `wrong ${i}!!!!!`, "198.51.100.9")).status).toBe(401);
    expect((await login(urls[0], "rita@office.example", PASSWORD, "198.51.100.9")).status).toBe(429);
  });

  it.skipIf(backend === "postgres" && pgDown)("lets parallel guesses in two processes past the limit never more than the limit", async () => {
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => login(urls[i % 2], "parallel@office.example", `parallel guess ${i}`, `192.0.2.${100 + i}`)));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(MAX);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    expect((await login(urls[1], "parallel@office.example", PASSWORD, "192.0.2.99")).status).toBe(429);
  });

  it.skipIf(backend === "postgres" && pgDown)("does not lock an office out when one address sprays invented e-mails", async () => {
    const office = "203.0.113.50";
    // Newcomer signed in from the office before the attack; Sam did, too (the first test: elsewhere)
    expect((await login(urls[0], "newcomer@office.example", PASSWORD, office)).status).toBe(200);
    for (let i = 0; i < MAX * 20; i++) {
      const a = await login(urls[i % 2], `invented-${i}@office.example`, "spray password", office);
      expect(a.status, `attempt ${i}`).toBe(401);
    }
    // the address is throttled now: more invented e-mails (and guesses at accounts never used from here) get 429, without a password check
    expect((await login(urls[0], "invented-x@office.example", "spray password", office)).status).toBe(429);
    expect((await login(urls[1], "sam@office.example", "spray password", office)).status).toBe(429);
    // a person who signed in from this address before still signs in, from either process
    expect((await login(urls[1], "newcomer@office.example", PASSWORD, office)).status).toBe(200);
    expect((await login(urls[0], "newcomer@office.example", PASSWORD, office)).status).toBe(200);
    // and other addresses are not affected
    expect((await login(urls[0], "sam@office.example", PASSWORD, "198.51.100.77")).status).toBe(200);
  });

  it.skipIf(backend !== "postgres" || !!pgDown)("prunes failures older than the window", async () => {
    const client = new pg.Client({ connectionString: server.databaseUrl });
    await client.connect();
    try {
      await client.query("insert into login_failures (key, at) values ('account:old@office.example', now() - interval '1 day')");
      // a fresh process prunes on its first attempt
      const third = await startServer({ port: 0, host: "127.0.0.1", demo: false, webDir: null, logger: false, databaseUrl: server.databaseUrl, loginLimit: { max: MAX, windowSeconds: WINDOW } });
      try {
        expect((await login(third.url, "nobody@office.example", "whatever!!!", "192.0.2.1")).status).toBe(401);
      } finally {
        await third.close();
      }
      const left = await client.query("select count(*)::int as n from login_failures where key = 'account:old@office.example'");
      expect(left.rows[0].n).toBe(0);
    } finally {
      await client.end();
    }
  });
});

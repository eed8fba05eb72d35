/**
 * Mail and self-service password reset (issue 9, item 1), against a real SMTP server: invitations
 * reach the mailbox only; a reset link works once, never tells whether an account exists, and
 * is rate-limited; without mail there is no reset by e-mail.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, PASSWORD, setupAdmin, startTestServer, type TestServer } from "./helpers.js";
import { startMailbox } from "./mailbox.mjs";

type Mailbox = Awaited<ReturnType<typeof startMailbox>>;

const NEW_PASSWORD = "a brand new long passphrase";
const linkIn = (text: string, pattern: RegExp) => {
  const m = pattern.exec(text);
  if (!m) throw new Error(`no link in the mail:\n${text}`);
  return m[0];
};
const tokenOf = (text: string) => decodeURIComponent(linkIn(text, /\/reset-password#token=[\w%-]+/).split("#token=")[1]);

describe("password reset and invitations by mail", () => {
  let server: TestServer;
  let mailbox: Mailbox;
  let admin: Client;

  beforeAll(async () => {
    mailbox = await startMailbox();
    server = await startTestServer("pglite", { smtpUrl: mailbox.url, mailFrom: "Continuum <bcm@acme.example>" });
    admin = await setupAdmin(server);
    // a member, invited by mail: the admin's answer carries no link, the mailbox does
    const invited = await admin.post("/api/v1/orgs/acme/invitations", { email: "Mina@Acme.example", role: "editor" });
    expect(invited.status).toBe(201);
    expect(invited.body.delivery).toBe("mail");
    expect(invited.body.acceptUrl).toBeNull();
    const mail = await mailbox.next("mina@acme.example");
    expect(mail.subject).toContain("초대");
    expect(mail.text).toContain("편집자");
    expect(mail.text).toContain("as editor");
    const token = decodeURIComponent(linkIn(mail.text, /\/invite\/[\w%-]+/).split("/").pop()!);
    const accepted = await new Client(server.url).post(`/api/v1/invitations/${encodeURIComponent(token)}/accept`, { name: "Mina", password: PASSWORD });
    expect(accepted.status).toBe(200);
  });
  afterAll(async () => {
    await server?.stop();
    await mailbox?.close();
  });

  it("offers reset by e-mail when the server sends mail", async () => {
    expect((await new Client(server.url).get("/api/v1/auth/password-reset")).body).toEqual({ available: true });
  });

  it("answers the same for an unknown e-mail and sends nothing", async () => {
    const anon = new Client(server.url);
    const known = await anon.post("/api/v1/auth/password-reset", { email: "mina@acme.example" });
    const unknown = await anon.post("/api/v1/auth/password-reset", { email: "nobody@acme.example" });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(unknown.body).toEqual(known.body);
    await mailbox.next("mina@acme.example");
    await new Promise((r) => setTimeout(r, 300));
    expect(mailbox.received.some((m) => m.to.includes("nobody@acme.example"))).toBe(false);
  });

  it("sets a new password once with the mailed link, ends the old sessions, and the old password stops working", async () => {
    const before = new Client(server.url);
    expect((await before.login("mina@acme.example")).status).toBe(200);
    const anon = new Client(server.url);
    expect((await anon.post("/api/v1/auth/password-reset", { email: " MINA@acme.example " })).status).toBe(202);
    const mail = await mailbox.next("mina@acme.example");
    expect(mail.subject).toContain("비밀번호 재설정");
    expect(mail.text).toContain("password");
    const token = tokenOf(mail.text);

    const weak = await anon.post("/api/v1/auth/password-reset/complete", { token, newPassword: "short" });
    expect(weak.status).toBe(400);
    expect(weak.body.errors[0].field).toBe("newPassword");

    expect((await anon.post("/api/v1/auth/password-reset/complete", { token, newPassword: NEW_PASSWORD })).status).toBe(204);
    const again = await anon.post("/api/v1/auth/password-reset/complete", { token, newPassword: "another long passphrase" });
    expect(again.status).toBe(410);
    expect(again.body.errors[0].field).toBe("token");

    expect((await before.get("/api/v1/me")).status).toBe(401);
    expect((await new Client(server.url).post("/api/v1/auth/login", { email: "mina@acme.example", password: PASSWORD })).status).toBe(401);
    expect((await new Client(server.url).login("mina@acme.example", NEW_PASSWORD)).status).toBe(200);
  });

  it("a newer link replaces the older one; an invented token is refused", async () => {
    const anon = new Client(server.url);
    await anon.post("/api/v1/auth/password-reset", { email: "admin@example.com" });
    const first = tokenOf((await mailbox.next("admin@example.com")).text);
    await anon.post("/api/v1/auth/password-reset", { email: "admin@example.com" });
    const second = tokenOf((await mailbox.next("admin@example.com")).text);
    expect((await anon.post("/api/v1/auth/password-reset/complete", { token: first, newPassword: NEW_PASSWORD })).status).toBe(410);
    expect((await anon.post("/api/v1/auth/password-reset/complete", { token: "x".repeat(43), newPassword: NEW_PASSWORD })).status).toBe(410);
    expect(second).not.toBe(first);
  });

  it("mails at most 3 links per e-mail an hour (answering the same), and an address past 20 requests gets 429", async () => {
    const anon = new Client(server.url);
    const email = "admin@example.com";
    const mailsBefore = mailbox.received.filter((m) => m.to.includes(email)).length;
    // two requests for this e-mail were made above
    for (let i = 0; i < 3; i++) expect((await anon.post("/api/v1/auth/password-reset", { email })).status).toBe(202);
    await new Promise((r) => setTimeout(r, 500));
    expect(mailbox.received.filter((m) => m.to.includes(email)).length - mailsBefore).toBe(1);
    let status = 0;
    for (let i = 0; i < 20 && status !== 429; i++) status = (await anon.post("/api/v1/auth/password-reset", { email: `someone${i}@example.com` })).status;
    expect(status).toBe(429);
  });
});

describe("without mail", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer("pglite");
    await setupAdmin(server);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("offers no reset by e-mail, and says what to do instead", async () => {
    const anon = new Client(server.url);
    expect((await anon.get("/api/v1/auth/password-reset")).body).toEqual({ available: false });
    const answer = await anon.post("/api/v1/auth/password-reset", { email: "admin@example.com" });
    expect(answer.status).toBe(404);
    expect(answer.body.type).toMatch(/no-mail$/);
    expect(answer.body.detail).toMatch(/administrator/);
  });
});

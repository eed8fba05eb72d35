/**
 * Accounts without a file or a shell (issue 9, item 1), on a server that sends mail to a real SMTP
 * server (smtp-server): an admin creates an organization and an API token, invites people by
 * e-mail; a person who forgot their password resets it with the mailed link on a phone and signs
 * in; the auditor reads the audit log and filters it.
 *
 * The shared server of the journeys sends no mail (the other journeys read invitation links from
 * the admin's answer), so this journey starts its own server, with CONTINUUM_SMTP_URL's setting.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { buildServerIfNeeded } from "./harness.mjs";
import { ADMIN, AUDITOR, acceptAsNewPerson, apiCall, assert, login } from "./helpers.mjs";

export const name = "accounts: new organization, API token, invitations by mail, password reset by mail, audit log";

const PERSON = { name: "Pia Person", email: "pia@example.com", password: "pia-first-password-1" };
const NEW_PASSWORD = "pia-second-password-2";
const phone = { viewport: { width: 390, height: 844 } };

/** The path and fragment of the first link in a mail that matches `pattern`. */
const linkIn = (mail, pattern) => {
  const m = pattern.exec(mail.text);
  assert(m, `no link in the mail to ${mail.to}:\n${mail.text}`);
  const url = new URL(m[0]);
  return url.pathname + url.hash;
};

async function noSidewaysScroll(page, where) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert(overflow <= 1, `${where} is ${overflow} px wider than the screen`);
}

export async function run({ step, root, newContext, screenshot }) {
  const { startMailbox } = await import(pathToFileURL(join(root, "packages/server/test/mailbox.mjs")).href);
  const { startServer } = await import(pathToFileURL(buildServerIfNeeded()).href);
  const mailbox = await startMailbox();
  const dataDir = mkdtempSync(join(tmpdir(), "continuum-e2e-accounts-"));
  const server = await startServer({ port: 0, host: "127.0.0.1", dataDir, demo: false, logger: false, webDir: join(root, "packages/web/dist"), smtpUrl: mailbox.url, mailFrom: "Continuum <bcm@example.com>" });
  const baseURL = server.url.replace("localhost", "127.0.0.1");
  try {
    step("the first administrator is set up");
    const admin = await (await newContext({ baseURL })).newPage();
    await admin.goto("/login");
    const setup = await admin.evaluate(async (a) => (await fetch("/api/v1/setup", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(a) })).status, { email: ADMIN.email, name: ADMIN.name, password: ADMIN.password, organization: { name: "Kakao Corp", slug: "kakao" } });
    assert(setup === 201, `setup answered ${setup}`);
    await admin.goto("/");
    await admin.waitForURL(/\/o\/kakao\/dashboard/);

    step("the admin creates a new organization from their account page");
    await admin.goto("/o/kakao/account");
    await admin.getByRole("link", { name: "Create a new organization" }).click();
    await admin.getByLabel("Name", { exact: true }).fill("Continuity Lab");
    assert((await admin.getByLabel("Address name").inputValue()) === "continuity-lab", "the address name is not made from the name");
    await admin.getByRole("button", { name: "Create organization" }).click();
    await admin.waitForURL(/\/o\/continuity-lab\/dashboard/);
    const lab = "/o/continuity-lab";

    step("the admin creates an API token that can write the model; it is shown once and works");
    await admin.goto(`${lab}/tokens`);
    await admin.getByLabel("Name", { exact: true }).fill("CI pipeline");
    await admin.getByRole("checkbox", { name: /model:write/ }).check();
    await admin.getByRole("button", { name: "Create token" }).click();
    const secret = await admin.getByTestId("new-token").getByLabel("The token").inputValue();
    assert(/^ctm_/.test(secret), `the token shown is "${secret}"`);
    const withToken = await fetch(`${baseURL}/api/v1/orgs/continuity-lab/model`, { headers: { authorization: `Bearer ${secret}` } });
    assert(withToken.status === 200, `the new token reads the model: ${withToken.status}`);
    await admin.getByTestId("tokens").getByText("CI pipeline").waitFor();
    await screenshot("tokens-created", admin);
    await admin.reload();
    assert((await admin.getByTestId("new-token").count()) === 0, "the token is shown again after a reload");

    step("the admin invites a person and an auditor by e-mail: the links go to their mailboxes");
    await admin.goto(`${lab}/members`);
    await admin.getByLabel("Email").fill(PERSON.email);
    await admin.getByLabel("Role", { exact: true }).selectOption("editor");
    await admin.getByRole("button", { name: "Invite", exact: true }).click();
    await admin.getByText(`The invitation was sent to ${PERSON.email} by mail.`).waitFor();
    assert((await admin.getByTestId("accept-link").count()) === 0, "with mail, the admin is not given the link");
    const invited = await apiCall(admin, "POST", "/api/v1/orgs/continuity-lab/invitations", { email: AUDITOR.email, role: "auditor" });
    assert(invited.status === 201 && invited.data.delivery === "mail", `inviting the auditor: ${invited.status}`);

    const personMail = await mailbox.next(PERSON.email);
    assert(personMail.text.includes("Continuity Lab") && personMail.text.includes("초대"), "the invitation mail names the organization in Korean and English");
    const person = await (await newContext({ baseURL, ...phone })).newPage();
    await acceptAsNewPerson(person, linkIn(personMail, /https?:\/\/\S+\/invite\/\S+/), PERSON);
    const auditorMail = await mailbox.next(AUDITOR.email);
    const auditor = await (await newContext({ baseURL })).newPage();
    await acceptAsNewPerson(auditor, linkIn(auditorMail, /https?:\/\/\S+\/invite\/\S+/), AUDITOR);

    step("the person forgets their password and asks for a link on the sign-in page (a phone)");
    await person.getByRole("button", { name: "Sign out" }).click();
    await person.waitForURL(/\/login/);
    await person.getByRole("link", { name: "Forgot your password?" }).click();
    await person.waitForURL(/\/forgot-password/);
    await person.getByLabel("Email").fill(PERSON.email);
    await person.getByRole("button", { name: "Send the link" }).click();
    await person.getByTestId("reset-sent").waitFor();
    await noSidewaysScroll(person, "the forgot-password page");

    step("the link from the mail sets a new password; the old one stops working; they sign in");
    const resetMail = await mailbox.next(PERSON.email);
    assert(resetMail.subject.includes("비밀번호 재설정") && resetMail.subject.includes("password reset"), `the subject is "${resetMail.subject}"`);
    await person.goto(linkIn(resetMail, /https?:\/\/\S+\/reset-password#token=\S+/));
    await person.getByLabel("New password").fill(NEW_PASSWORD);
    await person.getByLabel("Repeat the password").fill(NEW_PASSWORD);
    await screenshot("password-reset-390", person);
    await person.getByRole("button", { name: "Set password" }).click();
    await person.getByTestId("reset-done").waitFor();
    assert(!person.url().includes("token="), "the spent token stays in the address bar");
    await noSidewaysScroll(person, "the reset page");
    const old = await person.evaluate(async (b) => (await fetch("/api/v1/auth/login", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(b) })).status, { email: PERSON.email, password: PERSON.password });
    assert(old === 401, `the old password answered ${old}`);
    await login(person, { email: PERSON.email, password: NEW_PASSWORD });

    step("the auditor reads the audit log and filters it to the API tokens");
    await auditor.goto(`${lab}/dashboard`);
    await auditor.getByRole("link", { name: "Audit log" }).first().click();
    await auditor.waitForURL(/\/audit$/);
    const events = auditor.getByTestId("audit-events");
    await events.getByText("invitation.created").first().waitFor();
    await events.getByText("token.created").waitFor();
    await auditor.getByLabel("Action").selectOption("token.created");
    await auditor.getByRole("button", { name: "Apply" }).click();
    await auditor.getByRole("heading", { name: /^1\sevent$/ }).waitFor();
    assert((await events.getByText("invitation.created").count()) === 0, "the filter kept other actions");
    await events.getByText("CI pipeline").waitFor();
    await screenshot("audit-log", auditor);
    assert((await apiCall(auditor, "POST", "/api/v1/orgs/continuity-lab/tokens", { name: "x", scopes: ["model:read"] })).status === 403, "an auditor may not create tokens");
  } finally {
    await server.close();
    await mailbox.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

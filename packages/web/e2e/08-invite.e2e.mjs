/**
 * An admin invites a person from the Members page; the person opens the link in another browser
 * (a phone-sized one), chooses their own password and sees the organization; the admin sees them
 * among the members, no longer pending, and their sign-ins.
 */
import { ADMIN, assert, login, orgOf } from "./helpers.mjs";

export const name = "invite a person, who accepts in another browser";

const PERSON = { name: "Ivy Invited", email: "ivy@example.com", password: "ivy-own-password-44" };

export async function run({ page, step, screenshot, newContext }) {
  await login(page, ADMIN);
  const org = orgOf(page);
  const base = `/o/${encodeURIComponent(org)}`;

  step("the admin invites an e-mail as an editor on the Members page");
  await page.goto(`${base}/members`);
  await page.getByRole("heading", { name: "Invite a person" }).waitFor();
  await page.getByLabel("Email").fill(PERSON.email);
  await page.getByLabel("Role", { exact: true }).selectOption("editor");
  await page.getByRole("button", { name: "Invite", exact: true }).click();
  const field = page.getByTestId("accept-link").getByLabel("Accept link");
  await field.waitFor();
  const link = new URL(await field.inputValue()).pathname;
  assert(/^\/invite\/inv_[\w-]+$/.test(link), `the accept link is ${link}`);
  const pending = page.getByTestId("pending-invitations");
  await pending.getByText(PERSON.email).waitFor();
  await screenshot("members-invited");

  step("the person opens the link on a phone-sized screen in another browser and sets their own password");
  const other = await newContext({ viewport: { width: 390, height: 844 } });
  const p = await other.newPage();
  await p.goto(link);
  await p.getByText(`${PERSON.email} is invited to join`).waitFor();
  const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert(overflow <= 0, `the accept page is ${overflow} px wider than a 390 px screen`);
  await screenshot("invite-accept-390", p);
  const form = p.getByTestId("invite-new");
  await form.getByLabel("Name").fill(PERSON.name);
  await form.getByLabel("Password").fill("short");
  await form.getByRole("button", { name: "Create account and join" }).click();
  await p.getByText("at least 10 characters").first().waitFor();
  await form.getByLabel("Password").fill(PERSON.password);
  await form.getByRole("button", { name: "Create account and join" }).click();
  await p.waitForURL(/\/o\/[^/]+\/dashboard/);
  assert(orgOf(p) === org, `the person landed in ${orgOf(p)}, not ${org}`);
  assert((await p.getByTestId("role").textContent()) === "Editor", "the role badge is not Editor");

  step("the link works once");
  const again = await newContext();
  const q = await again.newPage();
  await q.goto(link);
  await q.getByText("This invitation cannot be used").waitFor();
  await again.close();

  step("the person signs out and in again with their own password");
  await p.getByRole("button", { name: "Sign out" }).click();
  await p.waitForURL(/\/login/);
  await login(p, PERSON);
  await other.close();

  step("the admin sees the new member, nothing pending for them, and their sign-in");
  await page.reload();
  await page.getByRole("cell", { name: PERSON.name, exact: true }).waitFor();
  assert((await page.getByText("No pending invitations.").count()) === 1 || (await pending.getByText(PERSON.email).count()) === 0, "the invitation is still pending");
  await page.getByTestId("sign-ins").getByText(PERSON.email).first().waitFor();
}

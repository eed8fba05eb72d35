/**
 * A plan that proves itself (issue 10): a continuity manager (an editor) opens the Pangyo example's
 * failover plan, edits it (an unknown commander is refused beside the field), submits it for
 * review; they may not approve it (403, nothing changes); the administrator approves it, and the
 * history names both; the plan check shows it failing when Pangyo is lost for good (its steps wait
 * on tools that burn with the site); the exercise calendar lists the gaps, and its .ics downloads
 * and parses.
 */
import { readFileSync } from "node:fs";
import ICAL from "ical.js";
import { acceptAsNewPerson, apiCall, assert, inviteByApi, loginWithModel, plain } from "./helpers.mjs";

export const name = "plans: edit, submit, approve, the plan check and the exercise calendar";

const MANAGER = { name: "Cora Continuity", email: "cora@example.com", password: "cora-continuity-55" };

export async function run({ page, step, root, newContext, screenshot }) {
  const org = await loginWithModel(page, root);
  const base = `/o/${encodeURIComponent(org)}`;
  const planApi = `/api/v1/orgs/${encodeURIComponent(org)}/plans/dc-failover`;
  const before = await apiCall(page, "GET", planApi);
  assert(before.status === 200, `the example's failover plan answered ${before.status}`);

  step("a continuity manager joins as an editor and opens the failover plan from the plans list");
  const link = await inviteByApi(page, org, MANAGER.email, "editor");
  const context = await newContext();
  const cm = await context.newPage();
  await acceptAsNewPerson(cm, link, MANAGER);
  await cm.goto(`${base}/plans`);
  await cm.getByTestId("plans-table").waitFor();
  await cm.getByTestId("plans-table").getByRole("link", { name: before.data.plan.name }).click();
  await cm.waitForURL(/\/plans\/dc-failover$/);
  await cm.locator("#plan-check").waitFor();

  step("they edit it: an unknown commander is refused beside the field, then the plan saves as a draft");
  await cm.getByRole("button", { name: "Edit plan" }).click();
  await cm.getByRole("heading", { name: "Edit plan dc-failover" }).waitFor();
  await cm.getByLabel("Purpose", { exact: true }).fill("판교 센터를 잃어도 메시지와 로그인을 가산에서 RTO 안에 재개한다 (2027 개정)");
  const commander = cm.getByLabel("Commander", { exact: true });
  await commander.fill("nobody-here");
  await cm.getByRole("button", { name: "Save" }).click();
  const commanderField = cm.locator(".field", { has: commander });
  await commanderField.locator(".field-error").waitFor();
  assert(/nobody-here/.test(await commanderField.locator(".field-error").textContent()), "the commander's error does not name the unknown id");
  assert(cm.url().includes("edit=1"), "a refused save left the form");
  await commander.fill("recovery-lead");
  await cm.getByLabel("Comment", { exact: true }).fill("2027 revision of the purpose");
  await cm.getByRole("button", { name: "Save" }).click();
  await cm.getByText("Saved as a new revision.").waitFor();
  const edited = await apiCall(cm, "GET", planApi);
  assert(edited.data.plan.purpose.includes("2027"), "the edit did not reach the model");
  assert(edited.data.revision.number === before.data.revision.number + 1, "the edit is not one new revision");
  assert(plain(await cm.getByTestId("plan-status").first().textContent()) === "Draft", "an edited plan is not a draft");

  step("they submit it for review; they may not approve it");
  await cm.getByLabel("Comment for the record").fill("ready for the DR committee");
  await cm.getByRole("button", { name: "Submit for review" }).click();
  await cm.getByTestId("approval-history").getByText("Submitted for review").waitFor();
  assert(plain(await cm.getByTestId("plan-status").first().textContent()) === "In review", "not in review after submitting");
  assert((await cm.getByRole("button", { name: "Approve", exact: true }).count()) === 0, "an editor is offered Approve");
  await cm.getByText("Only an administrator may approve a plan.").waitFor();
  const refused = await apiCall(cm, "POST", `${planApi}/approve`, { comment: "self-approval" });
  assert(refused.status === 403, `an editor's approval answered ${refused.status}`);
  const still = await apiCall(cm, "GET", planApi);
  assert(still.data.approval.status === "in-review" && still.data.approval.history.length === 1, "a refused approval changed something");
  await screenshot("plan-in-review", cm, { fullPage: true });

  step("the administrator approves it; the history names who did what, in which role");
  await page.goto(`${base}/plans/dc-failover`);
  await page.getByLabel("Comment for the record").fill("approved for 2027");
  await page.getByRole("button", { name: "Approve", exact: true }).click();
  const history = page.getByTestId("approval-history");
  await history.getByText("Approved", { exact: true }).waitFor();
  const text = plain(await history.textContent());
  assert(text.includes("Ada Admin (Administrator)") && text.includes("Cora Continuity (Editor)"), `history: ${text}`);
  assert(text.includes("approved for 2027"), "the approver's comment is not in the history");
  assert(plain(await page.getByTestId("plan-status").first().textContent()) === "Approved", "not approved");

  step("the plan check shows it failing when Pangyo is lost for good: its steps wait on tools in Pangyo");
  const pangyo = page.getByTestId("plan-scenario-site-loss:pangyo-idc");
  await pangyo.waitFor();
  const played = plain(await pangyo.textContent());
  assert(played.includes("missed"), `no RTO missed when Pangyo is lost: ${played}`);
  const waits = plain(await pangyo.getByTestId("plan-waiting").textContent());
  assert(/deploy-standby waits for/.test(waits), `the waiting steps: ${waits}`);
  await screenshot("plan", page, { fullPage: true });
  await page.goto(`${base}/plans`);
  const row = page.getByTestId("plans-table").getByRole("row").filter({ hasText: "dc-failover" });
  await row.getByText("misses an RTO").waitFor();
  await row.getByTestId("plan-status").getByText("Approved", { exact: true }).waitFor();

  step("the exercise calendar lists the gaps: in the 2022 cycle Pangyo's loss was never exercised (the drill came later); the .ics downloads");
  await page.goto(`${base}/exercise-calendar`);
  await page.getByTestId("exercise-table").waitFor();
  // this year's cycle holds the site-loss drill planned since the fire; the cycle of the fire did not
  assert(!plain(await page.getByTestId("gap-sites").textContent().catch(() => "")).includes("pangyo-idc"), "this year's cycle lists Pangyo's loss as a gap, though the drill is planned");
  await page.getByLabel("Cycle starts").fill("2022-01-01");
  await page.getByRole("button", { name: "Show", exact: true }).click();
  await page.getByTestId("gap-sites").getByText(/pangyo-idc|판교/).first().waitFor();
  assert(plain(await page.getByTestId("gap-sites").textContent()).includes("pangyo-idc"), "the loss of Pangyo is not a gap in the 2022 cycle");
  await screenshot("exercise-calendar", page, { fullPage: true });
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("ics-download").click()]);
  assert(download.suggestedFilename().endsWith(".ics"), `downloaded ${download.suggestedFilename()}`);
  const ics = readFileSync(await download.path(), "utf8");
  const events = new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
  assert(events.length >= 1 && events.some((e) => e.summary.includes("도상훈련")), `the calendar holds ${events.length} events`);
  await context.close();
}

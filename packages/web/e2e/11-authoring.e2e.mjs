/**
 * A model built in the browser, without a file: a new, empty organization gets a site, two
 * databases in it, a business service that needs the site and a redundant pair of the databases
 * (all picked by name), a risk that strikes the site, an insurance policy covering it; a what-if
 * runs on it and is saved as a scenario; the print version carries the organization, revision and
 * page numbers; the Korean form says what is wrong in Korean, next to the field.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { apiCall, assert, loginWithModel, plain } from "./helpers.mjs";

export const name = "authoring: an empty organization to a complete model in the browser, then a what-if";

const ORG = { slug: `authoring-${Date.now().toString(36)}`, name: "Hangang Pay" };

/** Types part of a name into a picker and picks the match. */
async function pick(scope, picker, query, option) {
  const box = scope.locator(`[data-picker="${picker}"]`);
  await box.locator("input[type=search]").fill(query);
  await box.locator(".picker-options").getByRole("button", { name: option }).first().click();
}

async function newComponent(page, base, { id, name, kind }) {
  await page.goto(`${base}/components/new`);
  await page.getByLabel("Id", { exact: true }).fill(id);
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Kind", { exact: true }).selectOption(kind);
}

async function save(page, id) {
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.waitForURL(new RegExp(`/components/${id}$`));
  await page.getByText("Saved as a new revision.").waitFor();
}

export async function run({ page, step, root, newContext, screenshot }) {
  await loginWithModel(page, root);
  const created = await apiCall(page, "POST", "/api/v1/orgs", ORG);
  assert(created.status === 201, `creating the organization answered ${created.status}: ${JSON.stringify(created.data)}`);
  const base = `/o/${ORG.slug}`;
  const api = `/api/v1/orgs/${ORG.slug}`;

  step("the empty organization offers to build its model here");
  await page.goto(`${base}/dashboard`);
  await page.getByRole("link", { name: "Add the first component" }).click();
  await page.getByRole("heading", { name: "New component" }).waitFor();

  step("a site, by kind from the engine's list");
  await newComponent(page, base, { id: "mapo-dc", name: "Mapo data centre", kind: "site" });
  await save(page, "mapo-dc");

  step("two databases in that site, the site picked by part of its name");
  for (const [id, name] of [["ledger-a", "Ledger DB primary"], ["ledger-b", "Ledger DB replica"]]) {
    await newComponent(page, base, { id, name, kind: "database" });
    await pick(page, "site", "mapo", "Mapo data centre");
    await page.getByLabel("Restart time", { exact: true }).fill("20m");
    await save(page, id);
  }

  step("the business service: the site and a redundant pair picked, an impact in money with separators");
  await newComponent(page, base, { id: "payments", name: "Payments", kind: "business-service" });
  await page.getByLabel("Tier", { exact: true }).selectOption("1");
  await page.getByLabel("RTO", { exact: true }).fill("2h");
  await page.getByLabel("MTPD", { exact: true }).fill("8h");
  await pick(page, "dependsOn", "DATA CENTRE", "Mapo data centre");
  await page.getByRole("button", { name: "+ Add a redundancy group" }).click();
  await page.getByLabel("Group name").fill("ledger");
  await pick(page, "group-0-members", "ledger", "Ledger DB primary");
  await pick(page, "group-0-members", "replica", "Ledger DB replica");
  await page.getByRole("button", { name: "+ Add an impact entry" }).click();
  await page.getByLabel("From 1").fill("0h");
  const perHour = page.getByLabel("Per hour 1");
  await perHour.fill("15000000");
  assert((await perHour.inputValue()) === "15,000,000", `the money input shows ${await perHour.inputValue()}`);
  await screenshot("authoring-component", page, { fullPage: true });
  await save(page, "payments");
  const payments = await apiCall(page, "GET", `${api}/components/payments`);
  const [site, group] = payments.data.component.dependsOn;
  assert(site === "mapo-dc" && group.group === "ledger" && group.members.join() === "ledger-a,ledger-b", `dependsOn: ${JSON.stringify(payments.data.component.dependsOn)}`);
  assert(payments.data.component.impact[0].perHour === 15000000, `impact: ${JSON.stringify(payments.data.component.impact)}`);

  step("a risk: frequency, what it strikes (picked), duration and loss");
  await page.goto(`${base}/risks`);
  await page.getByTestId("risk-add").click();
  const riskForm = page.getByTestId("risk-editor");
  await riskForm.getByLabel("Id", { exact: true }).fill("dc-fire");
  await riskForm.getByLabel("Name", { exact: true }).fill("Data centre fire");
  await riskForm.getByLabel("Threat").selectOption("fire");
  await riskForm.getByLabel("Frequency (times per year)").fill("0.1");
  await pick(riskForm, "strikes", "mapo", "Mapo data centre");
  await riskForm.getByLabel("How long they stay broken").fill("3d");
  await riskForm.getByLabel("Direct loss per occurrence").fill("500000000");
  await riskForm.getByRole("button", { name: "Save", exact: true }).click();
  await page.getByTestId("risk-table").locator('tr[data-risk="dc-fire"]').waitFor();

  step("insurance covering the risk");
  await page.getByTestId("insurance-add").click();
  const policy = page.getByTestId("policy-form");
  await policy.getByLabel("Policy id").fill("property-2026");
  await policy.getByLabel("Insurer").fill("Hanil Fire & Marine");
  await policy.getByLabel("Data centre fire").check();
  await policy.getByLabel("Deductible").fill("100000000");
  await policy.getByLabel("Limit per occurrence").fill("3000000000");
  await policy.getByRole("button", { name: "Save", exact: true }).click();
  await page.getByTestId("insurance-table").locator('tr[data-policy="property-2026"]').waitFor();
  assert((await page.getByTestId("insurance-table").textContent().then(plain)).includes("Data centre fire"), "the policy does not name the risk it covers");
  await screenshot("authoring-risks", page, { fullPage: true });

  step("a what-if on the new model, saved as a scenario");
  await page.goto(`${base}/what-if`);
  await page.locator(".segmented label", { hasText: "Components" }).click();
  await pick(page, "fail", "primary", "Ledger DB primary");
  await pick(page, "fail", "replica", "Ledger DB replica");
  // staged: the primary is lost for good at once, the replica two hours later for six hours
  await page.keyboard.press("Escape"); // closes the picker's matches
  await page.getByText("Each at its own time (a staged scenario)").click();
  await page.getByLabel("Ledger DB primary: lasts").fill("");
  await page.getByLabel("Ledger DB replica: starts at").fill("2h");
  await page.getByLabel("Ledger DB replica: lasts").fill("6h");
  await page.getByTestId("run-whatif").click();
  await page.getByTestId("whatif-results").waitFor({ timeout: 30_000 });
  assert((await page.getByTestId("whatif-results").textContent()).includes("Payments"), "the what-if does not show the service");
  await page.getByLabel("Scenario id").fill("ledger-pair-lost");
  await page.getByRole("button", { name: "Save scenario" }).click();
  await page.getByText("Saved as scenario ledger-pair-lost.").waitFor();

  step("the model is complete: components, dependencies, a risk, insurance and a scenario");
  const model = (await apiCall(page, "GET", `${api}/model`)).data.model;
  assert(model.components.length === 4, `components: ${model.components.length}`);
  assert(model.risks?.length === 1 && model.insurance?.length === 1, `risks ${model.risks?.length}, insurance ${model.insurance?.length}`);
  const scenarios = (await apiCall(page, "GET", `${api}/scenarios`)).data;
  assert((scenarios.items ?? scenarios).length === 1, "the scenario was not saved");
  const events = (scenarios.items ?? scenarios)[0].scenario.events;
  assert(JSON.stringify(events.map((e) => [e.fail, e.at, e.for])) === JSON.stringify([["ledger-a", "0", null], ["ledger-b", "2h", "6h"]]) || JSON.stringify(events.map((e) => [e.fail, e.at, e.for])) === JSON.stringify([["ledger-a", 0, null], ["ledger-b", "2h", "6h"]]), `the staged events: ${JSON.stringify(events)}`);
  assert(model.components.length === 4, "a scenario changed the components");

  step("a scenario file chosen alone is recognised as one and saved; the export includes the scenarios");
  const dir = mkdtempSync(join(tmpdir(), "continuum-scenario-"));
  const file = join(dir, "mapo-lost.yaml");
  writeFileSync(file, "scenario: mapo-lost\nname: Mapo data centre lost for a day\nevents:\n  - at: 0\n    fail: mapo-dc\n    for: 1d\n");
  await page.goto(`${base}/import`);
  await page.getByTestId("import-files").setInputFiles(file);
  const list = page.getByTestId("import-list");
  await list.waitFor();
  rmSync(dir, { recursive: true, force: true });
  assert((await list.textContent()).includes("scenario"), "a scenario file alone is not recognised as a scenario");
  await page.getByTestId("import-submit").click();
  await page.getByTestId("import-done").getByText("Scenarios saved: 1.").waitFor();
  const exports = page.getByTestId("scenario-exports");
  await exports.getByRole("link", { name: "scenarios/mapo-lost.yaml" }).waitFor();
  assert((await exports.textContent()).includes("scenarios/ledger-pair-lost.yaml"), "the export lacks the saved scenario");

  step("the print version: organization, revision, date and page numbers");
  await page.goto(`${base}/what-if`);
  await page.locator(".segmented label", { hasText: "Components" }).click();
  await pick(page, "fail", "primary", "Ledger DB primary");
  await page.getByTestId("run-whatif").click();
  await page.getByTestId("whatif-results").waitFor();
  const text = await printed(page);
  assert(text.includes(ORG.name) && /revision \d+/.test(text) && text.includes("printed"), `the printed page lacks its header: ${text.slice(0, 300)}`);
  assert(/(^|\s)1\s*\/\s*\d+(\s|$)/m.test(text), `the printed page has no page number: ${text.slice(-400)}`);
  assert(!text.includes("Run what-if"), "the form is printed");

  step("in Korean, an invalid entry is explained in Korean next to its field");
  const ko = await newContext({ locale: "ko-KR" });
  const kp = await ko.newPage();
  await kp.addInitScript(() => window.localStorage.setItem("continuum.lang", "ko"));
  await ko.addCookies(await page.context().cookies());
  await kp.goto(`${base}/components/new`);
  await kp.getByLabel("ID", { exact: true }).fill("Bad Id");
  await kp.getByLabel("RTO", { exact: true }).fill("soon");
  await kp.locator(".field-error").first().waitFor();
  await kp.locator("form button[type=submit]").click();
  await kp.waitForTimeout(800);
  const messages = await kp.locator(".field-error, .diag-message, .diag-hint, .alert-error").allTextContents();
  assert(messages.length > 0, "no message for the invalid entry");
  for (const m of messages) {
    assert(/[가-힣]/.test(m), `a message without Korean: ${m}`);
    assert(!/\b(must|is not|not allowed|got|expected|invalid)\b/i.test(m), `an English diagnostic in the Korean UI: ${m}`);
  }
  const focused = await kp.evaluate(() => document.activeElement?.closest(".field")?.classList.contains("field-invalid"));
  assert(focused, "the page did not move to the first refused field");
  await screenshot("ko-authoring-error", kp, { fullPage: true });

  step("in Korean, the server's refusal of a risk is explained in Korean beside the field");
  await kp.goto(`${base}/risks`);
  await kp.getByTestId("risk-add").click();
  const koRisk = kp.getByTestId("risk-editor");
  await koRisk.locator("input[name=id]").fill("flood");
  await koRisk.locator("input[name=frequency]").fill("-1");
  await koRisk.locator("button[type=submit]").click();
  await koRisk.locator(".field-error, .alert-error").first().waitFor();
  for (const m of await koRisk.locator(".field-error, .alert-error").allTextContents()) {
    assert(/[가-힣]/.test(m) && !/\b(must|is not|got|expected|invalid|nothing was changed)\b/i.test(m), `an English message in the Korean risk form: ${m}`);
  }
  assert(await koRisk.locator(".field-invalid input[name=frequency]").count(), "the refused frequency is not marked beside its field");

  step("the Korean print version of the BIA: organization, revision, date and page numbers in Korean");
  await kp.goto(`${base}/bia`);
  await kp.locator("main table").first().waitFor();
  const koText = await printed(kp);
  assert(koText.includes(ORG.name) && /리비전 \d+/.test(koText) && koText.includes("인쇄"), `the Korean printed page lacks its header: ${koText.slice(0, 300)}`);
  assert(/(^|\s)1\s*\/\s*\d+(\s|$)/m.test(koText), "the Korean printed page has no page number");
}

/** The page printed to PDF as Chromium prints it, read back as text by pdftotext. */
async function printed(page) {
  const dir = mkdtempSync(join(tmpdir(), "continuum-print-"));
  try {
    const pdf = join(dir, "page.pdf");
    writeFileSync(pdf, await page.pdf({ format: "A4", printBackground: true }));
    return plain(execFileSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

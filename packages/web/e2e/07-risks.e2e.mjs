/**
 * The risk register and the risk analysis (ISO 22301 8.2.3) on the imported Pangyo example: the
 * register with overdue actions and the heat map; an action marked done by an editor (a new
 * revision); the Monte Carlo simulation in the browser with the exceedance curve and the appetite
 * verdict; the comparison with the remediated model opened from disk (a third data center).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { ADMIN, apiCall, assert, login, orgOf, plain } from "./helpers.mjs";

export const name = "risk register, heat map and risk analysis with the remediated model";

export async function run({ page, step, screenshot, root }) {
  await login(page, ADMIN);
  const org = orgOf(page);
  const base = `/o/${encodeURIComponent(org)}`;

  step("the risk register: owners, treatments, actions with due dates, overdue ones highlighted");
  await page.getByRole("link", { name: "Risk register", exact: true }).first().click();
  await page.getByRole("heading", { name: "Risk register", level: 1 }).waitFor();
  const table = page.getByTestId("risk-table");
  await table.waitFor();
  const rows = await table.locator("tbody tr").count();
  assert(rows === 7, `the register shows ${rows} risks`);
  const fire = table.locator('tr[data-risk="pangyo-dc-fire"]');
  assert((await fire.textContent().then(plain)).includes("Mitigate"), "the fire's treatment is not shown");
  await fire.locator('li[data-action="a1"].overdue').waitFor();
  const overdueBefore = (await apiCall(page, "GET", `/api/v1/orgs/${encodeURIComponent(org)}/risks`)).data.overdue;
  assert(overdueBefore >= 1, `overdue actions: ${overdueBefore}`);

  step("the heat map places every risk in a cell of the organization's bands");
  await page.locator("[data-testid=heat-map] .heat-chip").nth(6).waitFor({ timeout: 30_000 });
  assert((await page.locator("[data-testid=heat-map] .heat-chip").count()) === 7, "not every risk is on the heat map");
  assert((await page.getByTestId("heat-map").textContent().then(plain)).includes("almost certain"), "the organization's likelihood bands are not shown");
  await fire.getByTestId("risk-cell").waitFor();
  const level = await fire.getByTestId("risk-cell").getAttribute("data-level");
  assert(level === "high", `the Pangyo fire is in a ${level} cell`);
  await screenshot("risk-register", page, { fullPage: true });

  step("an editor marks the overdue action of the fire done: a new revision, one overdue action less");
  await fire.getByRole("button", { name: /Edit risk/ }).click();
  const editor = page.getByTestId("risk-editor");
  await editor.waitFor();
  await editor.getByLabel("Status 1").selectOption("done");
  await editor.getByLabel("Comment").fill("배터리실 소화 설비 보강 완료");
  await editor.getByRole("button", { name: "Save" }).click();
  await page.getByText(/Saved as revision\s\d+/).waitFor(); // \s: the number is joined to its word by a no-break space
  await page.waitForFunction(() => !document.querySelector('tr[data-risk="pangyo-dc-fire"] li[data-action="a1"].overdue'));
  const overdueAfter = (await apiCall(page, "GET", `/api/v1/orgs/${encodeURIComponent(org)}/risks`)).data.overdue;
  assert(overdueAfter === overdueBefore - 1, `overdue actions ${overdueBefore} → ${overdueAfter}`);

  step("the risk analysis: years simulated in a Web Worker, with progress");
  await page.getByRole("link", { name: "Risk analysis", exact: true }).first().click();
  await page.getByRole("heading", { name: "Risk analysis", level: 1 }).waitFor();
  await page.locator("#risk-years").selectOption("20000");
  await page.locator("#risk-seed").fill("7");
  await page.getByTestId("run-risk").click();
  await page.getByTestId("risk-results").waitFor({ timeout: 60_000 });
  const done = await page.getByTestId("risk-done").textContent().then(plain);
  assert(/20,000 years in \d+ ms \(seed 7\)/.test(done), `run summary: ${done}`);

  step("the exceedance curve with the appetite line and the verdict");
  await page.getByTestId("exceedance-curve").first().waitFor();
  await page.getByTestId("appetite-line").first().waitFor();
  const verdict = await page.getByTestId("appetite-verdict").textContent().then(plain);
  assert(/(Within|Outside) appetite/.test(verdict) && verdict.includes("1-in-100"), `verdict: ${verdict}`);
  const byRisk = await page.getByTestId("by-risk").locator("tbody tr").count();
  assert(byRisk === 7, `contributions by risk: ${byRisk}`);
  assert((await page.getByTestId("by-service").locator("tbody tr").count()) > 3, "no contributions by service");
  assert((await page.getByTestId("insurance-table").locator("tbody tr").count()) === 2, "the two policies are not compared");
  await screenshot("risk-analysis", page, { fullPage: true });

  step("compare with the remediated model from disk: what does a third data center buy?");
  const remediated = join(root, "examples/pangyo-2022/remediated/model.yaml");
  assert(existsSync(remediated), "the remediated example is missing");
  await page.getByTestId("compare-file").setInputFiles(remediated);
  await page.getByTestId("run-compare").click();
  await page.getByTestId("compare-results").waitFor({ timeout: 60_000 });
  const cells = await page.getByTestId("risk-compare-table").locator("tbody tr").first().locator("td").allTextContents();
  assert(cells.length === 3 && cells[2].startsWith("−"), `expected annual loss, current vs remediated: ${cells.join(" | ")}`);
  await page.getByTestId("compare-appetite").waitFor();
  await page.getByTestId("compare-results").scrollIntoViewIfNeeded();
  const results = page.getByTestId("compare-results");
  await screenshot("risk-compare", { waitForTimeout: (ms) => page.waitForTimeout(ms), screenshot: (options) => results.screenshot(options) });

  step("in Korean too");
  await page.getByRole("button", { name: "한국어" }).click();
  await page.getByRole("heading", { name: "위험 분석", level: 1 }).waitFor();
  await page.goto(`${base}/risks`);
  await page.getByRole("heading", { name: "위험 관리 대장", level: 1 }).waitFor();
  await page.locator("[data-testid=heat-map] .heat-chip").nth(6).waitFor({ timeout: 30_000 });
  await screenshot("risk-register-ko", page, { fullPage: false });
  await page.getByRole("button", { name: "English" }).click();
}

/** The Pangyo fire what-if, run by the engine in the browser: KakaoTalk's RTO is breached. */
import { ADMIN, assert, example, login, orgOf, plain } from "./helpers.mjs";
import { existsSync } from "node:fs";
import { join } from "node:path";

export const name = "Pangyo fire what-if: KakaoTalk breaches its RTO";

export async function run({ page, step, screenshot, root, shared }) {
  await login(page, ADMIN);
  const base = `/o/${encodeURIComponent(orgOf(page))}`;
  await page.goto(`${base}/what-if`);
  await page.getByRole("heading", { name: "What-if" }).waitFor();

  step("choose the saved pangyo-fire scenario (saved by the import)");
  await page.getByText("A scenario", { exact: true }).click();
  const select = page.locator("#whatif-stored");
  await page.waitForFunction(() => document.querySelectorAll("#whatif-stored option").length > 1);
  const value = await select.evaluate((el) => [...el.options].find((o) => /판교|pangyo/i.test(o.textContent))?.value);
  if (value) await select.selectOption(value);
  else {
    step("no saved scenario: open the file instead");
    const file = existsSync(example(root, "pangyo-fire.yaml")) ? example(root, "pangyo-fire.yaml") : join(root, "packages/web/e2e/fixtures/pangyo-fire.yaml");
    await page.locator("#whatif-upload").setInputFiles(file);
  }

  step("run it: the engine answers in the page");
  await page.getByTestId("run-whatif").click();
  const results = page.getByTestId("whatif-results");
  await results.waitFor();
  const kakaotalk = page.locator('[data-testid=breach-list] li[data-service="kakaotalk-text"]');
  await kakaotalk.waitFor();
  const text = await kakaotalk.textContent().then(plain);
  assert(text.includes("RTO breached"), `KakaoTalk row: ${text}`);
  await page.locator('[data-testid=gantt] [data-service="kakaotalk-text"]').waitFor();
  await page.getByTestId("loss-curve").waitFor();
  const ms = Number(await results.getAttribute("data-ms"));
  shared.whatIfMs = ms;
  step(`round trip ${ms.toFixed(1)} ms`);
  assert(ms > 0 && ms < 2000, `what-if took ${ms} ms`);
  await page.getByTestId("n1-table").waitFor({ timeout: 30_000 });
  await screenshot("whatif", page, { fullPage: true });

  step("the plan view shows the switch waiting for the one crew of ops engineers");
  await page.getByTestId("plan-view").waitFor();
  const waits = plain(await page.getByTestId("capacity-waits").textContent());
  assert(/switch-talk-text/.test(waits) && /1h 30m/.test(waits), `capacity waits: ${waits}`);
  assert((await page.locator("[data-testid=plan-gantt] [data-testid=capacity-wait]").count()) > 0, "no wait drawn on the plan chart");

  step("what if there had been a second crew: change the capacity in the browser, no file edited");
  await page.locator('[data-capacity="ops-engineers"]').fill("2");
  await page.getByTestId("run-whatif").click();
  await page.getByText("This run used other capacities than the model", { exact: false }).waitFor();
  const none = await page.getByTestId("plan-view").textContent();
  assert(/No step waited for people or tools/.test(none), `after a second crew: ${none.slice(0, 300)}`);
  await page.getByRole("button", { name: "Back to the model's capacities" }).click();

  step("save the run as a scenario");
  await page.getByLabel("Scenario id").fill("pangyo-fire-run");
  await page.getByRole("button", { name: "Save scenario" }).click();
  await page.getByText("Saved as scenario pangyo-fire-run.").waitFor();

  step("a second run (the Pangyo site for 2 hours) and the comparison");
  await page.getByText("A site", { exact: true }).click();
  await page.locator("#whatif-site").selectOption("pangyo-idc");
  await page.getByLabel("Lasts").fill("2h");
  await page.getByTestId("run-whatif").click();
  await page.getByTestId("compare-table").waitFor();
  const rowsCompared = await page.getByTestId("compare-table").locator("tbody tr").count();
  assert(rowsCompared > 2, "comparison has no rows");

  step("in Korean too");
  await page.getByRole("button", { name: "한국어" }).click();
  await page.getByRole("heading", { name: "가상 시나리오" }).waitFor();
  await screenshot("whatif-ko", page, { fullPage: false });
  await page.getByRole("button", { name: "English" }).click();

  step("the BIA answers it too: lose the Pangyo site for good with a second crew of ops engineers");
  await page.goto(`${base}/bia`);
  await page.getByRole("heading", { name: "Recovery with these people and tools" }).waitFor();
  await page.waitForFunction(() => document.querySelector("#bia-lost-site")?.value === "pangyo-idc");
  await page.locator('#capacity-recovery [data-capacity="ops-engineers"]').fill("2");
  await page.getByTestId("bia-capacity-run").click();
  const row = page.locator('[data-testid=bia-capacity-table] tr[data-service="kakaotalk-text"]');
  await row.waitFor();
  const before = plain(await row.getByTestId("recovery-model").textContent());
  const after = plain(await row.getByTestId("recovery-changed").textContent());
  assert(/back after 10h/.test(before) && /back after 9h/.test(after), `text messages with one crew: ${before}; with two: ${after}`);
  const caption = plain(await page.getByTestId("bia-capacity-caption").textContent());
  assert(/changed capacities: .*엔지니어.* 2/.test(caption), `the caption does not name the changed capacity: ${caption}`);
  await screenshot("bia-capacity", page, { fullPage: false });
}

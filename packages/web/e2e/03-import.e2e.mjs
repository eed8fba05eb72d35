/**
 * Import a model: a broken file is refused with file:line diagnostics and changes nothing; the
 * Pangyo example (with its scenario beside it) is imported as one revision.
 */
import { readFileSync } from "node:fs";
import { ADMIN, apiCall, assert, example, fixture, login, orgOf, plain } from "./helpers.mjs";

export const name = "import a model";

export async function run({ page, step, screenshot, root, shared }) {
  await login(page, ADMIN);
  const org = orgOf(page);
  const base = `/o/${encodeURIComponent(org)}`;

  step("a broken model: the browser and the server both name file and line, nothing changes");
  await page.goto(`${base}/import`);
  await page.getByTestId("import-files").setInputFiles(fixture(root, "broken.yaml"));
  await page.getByTestId("local-errors").waitFor();
  const local = await page.getByTestId("local-errors").textContent().then(plain);
  assert(/broken\.yaml:\d+/.test(local), `local diagnostics without file:line: ${local}`);
  assert(await page.getByTestId("import-submit").isDisabled(), "import is offered while the browser shows errors");
  const { readFileSync: read } = await import("node:fs");
  const refused = await apiCall(page, "POST", `/api/v1/orgs/${encodeURIComponent(org)}/model/import`, { files: [{ path: "broken.yaml", text: read(fixture(root, "broken.yaml"), "utf8") }], comment: "broken" });
  assert(refused.status >= 400 && refused.status < 500, `the server accepted a broken model: ${refused.status}`);
  assert(/broken\.yaml:\d+/.test(JSON.stringify(refused.data)) || JSON.stringify(refused.data).includes("broken.yaml"), `server diagnostics without the file: ${JSON.stringify(refused.data).slice(0, 300)}`);
  const before = await apiCall(page, "GET", `/api/v1/orgs/${encodeURIComponent(org)}/model`);
  assert((before.data.model?.components ?? []).length === 0, "a refused import changed the model");

  step("the Pangyo example and its scenario");
  const modelPath = existsOr(example(root, "model.yaml"), fixture(root, "model.yaml"));
  const scenarioPath = existsOr(example(root, "pangyo-fire.yaml"), fixture(root, "pangyo-fire.yaml"));
  shared.modelText = readFileSync(modelPath, "utf8");
  await page.getByTestId("import-files").setInputFiles([modelPath, scenarioPath]);
  await page.getByText("found no errors").waitFor();
  const list = await page.getByTestId("import-list").textContent().then(plain);
  assert(list.includes("scenario"), "the scenario file is not recognised as one");
  await screenshot("import");
  await page.getByLabel("Comment").fill("Pangyo 2022 example");
  await page.getByTestId("import-submit").click();
  await page.getByTestId("import-done").waitFor();
  const done = await page.getByTestId("import-done").textContent().then(plain);
  assert(/revision \d+/.test(done), `import result: ${done}`);
  assert(done.includes("Scenarios saved: 1"), `scenario not saved: ${done}`);
  const after = await apiCall(page, "GET", `/api/v1/orgs/${encodeURIComponent(org)}/model`);
  assert(after.data.model.components.length > 40, `model has ${after.data.model.components.length} components`);

  step("the dashboard, catalog, map and BIA show it");
  await page.getByRole("link", { name: "Dashboard", exact: true }).first().click();
  await page.getByTestId("dashboard-stats").waitFor();
  await page.getByTestId("tier1-spof").or(page.getByText("No tier-1 service depends on a single component.")).first().waitFor({ timeout: 30_000 });
  await screenshot("dashboard", page, { fullPage: true });

  await page.goto(`${base}/components?kind=business-service`);
  await page.getByTestId("catalog-table").waitFor();
  const rows = await page.getByTestId("catalog-table").locator("tbody tr").count();
  assert(rows >= 10, `catalog shows ${rows} business services`);
  await page.getByLabel("Search").fill("kakaotalk");
  await page.waitForURL(/q=kakaotalk/);
  await page.getByTestId("catalog-table").locator("tbody tr").first().waitFor();
  await screenshot("catalog");

  await page.goto(`${base}/map?focus=pangyo-ups`);
  await page.locator("[data-testid=map][data-interactive-at]").waitFor();
  await page.getByTestId("map-selection").waitFor();
  const radius = await page.getByTestId("radius-count").textContent().then(plain);
  assert(/Blast radius: \d+ components/.test(radius), `blast radius: ${radius}`);
  await screenshot("map");
  await page.getByRole("button", { name: "Fit" }).click();
  await screenshot("map-overview");

  await page.goto(`${base}/bia?service=kakaotalk-text`);
  await page.getByTestId("impact-chart").waitFor();
  await page.getByTestId("impact-table").waitFor();
  await screenshot("bia", page, { fullPage: true });
}

import { existsSync } from "node:fs";
function existsOr(a, b) {
  return existsSync(a) ? a : b;
}

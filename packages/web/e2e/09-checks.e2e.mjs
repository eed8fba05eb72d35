/**
 * Checks run by Continuum itself, seen in the browser: the model gets a checks section (an HTTP
 * check on this server's own /api/v1/health, and a TCP check on a port nobody listens on); the
 * checks page shows the first up and the second down with the condition that failed, on a phone,
 * in Korean and English, with no serious accessibility violation.
 */
import { readFileSync } from "node:fs";
import { apiCall, assert, example, loginWithModel } from "./helpers.mjs";
import { check } from "./50-every-page.e2e.mjs";

export const name = "checks: an HTTP check up and a TCP check down, on a phone, axe-clean";

export async function run({ page, step, root, newContext }) {
  const org = await loginWithModel(page, root);
  const origin = new URL(page.url()).origin;
  step("the model gets a checks section");
  const checks = [
    "continuum: 1",
    "checks:",
    "  - id: e2e-health",
    "    name: Continuum health",
    "    component: ops-tools",
    "    type: http",
    `    url: ${origin}/api/v1/health`,
    '    conditions: ["[STATUS] == 200", "[RESPONSE_TIME] < 10000"]',
    "    interval: 2s",
    "    successThreshold: 1",
    "  - id: e2e-closed-port",
    "    name: Nobody listens",
    "    component: manual-dns",
    "    type: tcp",
    "    host: 127.0.0.1:9",
    '    conditions: ["[CONNECTED] == true"]',
    "    interval: 2s",
    "    failureThreshold: 1",
  ].join("\n");
  const files = ["model.yaml", "pangyo-fire.yaml"].map((f) => ({ path: f, text: readFileSync(example(root, f), "utf8") }));
  const r = await apiCall(page, "POST", `/api/v1/orgs/${encodeURIComponent(org)}/model/import`, { files: [...files, { path: "checks.yaml", text: checks }], comment: "checks for the journey" });
  assert(r.status < 300, `import answered ${r.status}: ${JSON.stringify(r.data).slice(0, 300)}`);

  const problems = [];
  for (const lang of ["en", "ko"]) {
    step(`the checks page, ${lang}, phone`);
    const context = await newContext({ viewport: { width: 390, height: 844 }, locale: lang === "ko" ? "ko-KR" : "en-US", bypassCSP: true });
    await context.addCookies(await page.context().cookies());
    const p = await context.newPage();
    await p.addInitScript((l) => window.localStorage.setItem("continuum.lang", l), lang);
    await p.goto(`/o/${encodeURIComponent(org)}/checks`);
    const up = p.getByTestId("check-e2e-health").locator(".badge", { hasText: lang === "ko" ? "정상" : "Up" });
    await up.waitFor({ timeout: 60_000 });
    const down = p.getByTestId("check-e2e-closed-port");
    await down.locator(".badge", { hasText: lang === "ko" ? "중단" : "Down" }).waitFor({ timeout: 60_000 });
    const failed = await down.locator(".check-conditions li.failed").first().textContent();
    assert(failed.includes("[CONNECTED] (false) == true"), `the failed condition reads ${failed}`);
    await check(p, `${lang} phone /checks`, problems);
    await context.close();
  }
  assert(problems.length === 0, problems.join("\n"));
}

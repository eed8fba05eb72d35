/**
 * Every page, at a desktop width and a phone's (390 px), in English and Korean: no sideways
 * scrolling, and no serious or critical accessibility violation by axe-core (WCAG 2.1 A and AA
 * rules), injected into the page with addScriptTag.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { apiCall, assert, loginWithModel } from "./helpers.mjs";

export const name = "every page: axe-core (WCAG 2.1 AA) and no sideways scrolling, desktop and phone, English and Korean";

const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const WIDTHS = [{ label: "desktop", width: 1280, height: 860 }, { label: "phone", width: 390, height: 844 }];
const LANGS = ["en", "ko"];

/** Signed-in routes (under /o/:org) and what shows each one is ready. */
const ROUTES = [
  ["/dashboard", "[data-testid=dashboard-stats]"],
  ["/components", "[data-testid=catalog-table]"],
  ["/components/kakaotalk-text", "main h1"],
  ["/components/new", "main form"],
  ["/components/kakaotalk-text?edit=1", "main form [data-picker=dependsOn]"],
  ["/map", "main canvas, main .empty"],
  ["/bia", "main table"],
  ["/what-if", "[data-testid=run-whatif]"],
  ["/risks", "main h1"],
  ["/risk-analysis", "main h1"],
  ["/plans", "[data-testid=plans-table]"],
  ["/plans/dc-failover", "#plan-check"],
  ["/plans/dc-failover?edit=1", "main form"],
  ["/exercise-calendar", "[data-testid=exercise-table]"],
  ["/revisions", "[data-testid=revisions-table]"],
  ["/import", "[data-testid=import-files]"],
  ["/status", "[data-testid=status-services]"],
  ["/members", "main table"],
  ["/tokens", "[data-testid=tokens], main .empty"],
  ["/audit", "[data-testid=audit-events], main .empty"],
  ["/new-organization", "main form"],
  ["/checks", "[data-testid=check-list], main .card"],
  ["/directory", "main h1"],
  ["/account", "main h1"],
  ["/exercise-runs", "[data-testid=programme]"],
  ["/exercise-runs/1", "[data-testid=injects]"],
  ["/exercise-runs/1/report", "[data-testid=measures]"],
  ["/no-such-page", "main h1"],
];

export async function check(page, where, problems) {
  await page.waitForFunction(() => !document.querySelector(".loading, [aria-busy=true]"), null, { timeout: 20_000 }).catch(() => {});
  await page.waitForTimeout(150);
  const overflow = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, view: window.innerWidth }));
  if (overflow.scroll > overflow.view + 1) problems.push(`${where}: the page scrolls sideways (${overflow.scroll} px wide in a ${overflow.view} px window)`);
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }, resultTypes: ["violations"] });
    return r.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}${v.nodes.length > 3 ? ` and ${v.nodes.length - 3} more` : ""}`);
  });
  for (const v of violations) problems.push(`${where}: ${v}`);
}

/** Korean pages for the docs (with --screenshots): the shipped font on a machine without Korean fonts. */
const KOREAN_SHOTS = { "/dashboard": "ko-dashboard", "/components/kakaotalk-text": "ko-component", "/bia": "ko-bia", "/what-if": "ko-whatif-results", "/risk-analysis": "ko-risk-analysis" };

export async function run({ page, step, root, newContext, screenshot }) {
  const org = await loginWithModel(page, root);
  const base = `/o/${encodeURIComponent(org)}`;
  const problems = [];
  // the public status page (no login, no script): published for this check
  await apiCall(page, "PUT", `/api/v1/orgs/${encodeURIComponent(org)}/status/publication`, { published: true });
  // the exercise pages need run #1 (the exercise journey makes it; alone, this journey does)
  const runs = await apiCall(page, "GET", `/api/v1/orgs/${encodeURIComponent(org)}/exercise-runs`);
  if (runs.data.total === 0) await apiCall(page, "POST", `/api/v1/orgs/${encodeURIComponent(org)}/exercise-runs`, { exercise: "pangyo-site-loss-drill", speed: 60 });
  for (const lang of LANGS) {
    for (const size of WIDTHS) {
      step(`${lang}, ${size.label} (${size.width} px)`);
      // bypassCSP: the app's policy (script-src 'self') would refuse the injected axe script
      const context = await newContext({ viewport: { width: size.width, height: size.height }, locale: lang === "ko" ? "ko-KR" : "en-US", bypassCSP: true });
      const p = await context.newPage();
      await p.addInitScript((l) => window.localStorage.setItem("continuum.lang", l), lang);
      await p.goto("/login");
      await check(p, `${lang} ${size.label} /login`, problems);
      await p.goto(`/status/${encodeURIComponent(org)}?lang=${lang}`);
      await check(p, `${lang} ${size.label} /status/${org}`, problems);
      // the password-reset pages a signed-out person sees (this server sends no mail: the page says who can help)
      for (const [route, ready] of [["/forgot-password", "[data-testid=reset-unavailable], main form"], ["/reset-password#token=not-a-real-token", "main form"]]) {
        await p.goto(route);
        await p.locator(ready).first().waitFor({ timeout: 30_000 }).catch(() => problems.push(`${lang} ${size.label} ${route}: never showed ${ready}`));
        await check(p, `${lang} ${size.label} ${route}`, problems);
      }
      await p.context().addCookies(await page.context().cookies());
      for (const [route, ready] of ROUTES) {
        await p.goto(`${base}${route}`);
        await p.locator(ready).first().waitFor({ timeout: 30_000 }).catch(() => problems.push(`${lang} ${size.label} ${route}: never showed ${ready}`));
        if (route === "/what-if") {
          await p.getByTestId("run-whatif").click();
          await p.getByTestId("whatif-results").waitFor({ timeout: 30_000 });
        }
        if (route === "/risks") {
          // the authoring forms: a new risk (with its component picker open) and a new insurance policy
          await p.getByTestId("risk-add").click();
          await p.locator("[data-picker=strikes] input").fill("a");
          await p.getByTestId("insurance-add").click();
          await p.getByTestId("policy-form").waitFor();
        }
        if (route === "/bia") {
          // the recovery with changed capacities: its side-by-side table must fit a phone too
          await p.getByTestId("bia-capacity-run").click();
          await p.getByTestId("bia-capacity-table").waitFor({ timeout: 30_000 });
        }
        await check(p, `${lang} ${size.label} ${route}`, problems);
        if (lang === "ko" && KOREAN_SHOTS[route]) await screenshot(size.label === "phone" ? `${KOREAN_SHOTS[route]}-phone` : KOREAN_SHOTS[route], p);
      }
      if (size.label === "phone") {
        step(`${lang}: the phone's menu opens the navigation`);
        await p.goto(`${base}/dashboard`);
        const toggle = p.locator(".menu-toggle");
        await toggle.waitFor({ state: "visible" });
        await toggle.click();
        await p.locator("#main-nav a").nth(3).waitFor({ state: "visible" });
        await check(p, `${lang} phone menu open`, problems);
      }
    }
  }
  if (problems.length) {
    mkdirSync(join(root, "packages/web/e2e/failures"), { recursive: true });
    writeFileSync(join(root, "packages/web/e2e/failures/every-page.txt"), problems.join("\n") + "\n");
  }
  assert(problems.length === 0, `${problems.length} problem(s):\n${problems.join("\n")}`);
}

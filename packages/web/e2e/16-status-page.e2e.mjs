/**
 * The public status page, on a server of its own (so that the journey can stop it): the demo
 * organization's page is published out of the box and reads without JavaScript; a responder posts
 * an update in the app; the public reads it in Korean and English (no JavaScript, a 390 px phone),
 * subscribes by e-mail through the plain form; the static export, downloaded, is read in Chromium
 * from file:// after the server has stopped.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ADMIN, assert, login } from "./helpers.mjs";

export const name = "the public status page: an update posted in the app, read without JavaScript in Korean and English, subscribed to, exported and read with the server stopped";

const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

async function axeProblems(page, where) {
  await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }, resultTypes: ["violations"] });
    return r.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
  });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  return [...violations.map((v) => `${where}: ${v}`), ...(overflow > 1 ? [`${where}: scrolls sideways by ${overflow} px`] : [])];
}

export async function run({ step, root, newContext, screenshot }) {
  step("a server of the journey's own, with the demo organization");
  const dataDir = mkdtempSync(join(tmpdir(), "continuum-status-e2e-"));
  const { startServer } = await import(pathToFileURL(join(root, "packages/server/dist/index.js")).href);
  let server = await startServer({ port: 0, host: "127.0.0.1", dataDir, demo: true, exampleDir: join(root, "examples/pangyo-2022"), logger: false, webDir: join(root, "packages/web/dist") });
  const exportDir = mkdtempSync(join(tmpdir(), "continuum-status-export-"));
  try {
    const org = server.demo;
    assert(org, "the demo organization was loaded");
    const publicPath = `/status/${encodeURIComponent(org)}`;

    step("the demo organization's page is published out of the box and reads without JavaScript");
    const reader = await newContext({ baseURL: server.url, javaScriptEnabled: false, locale: "ko-KR", viewport: { width: 390, height: 844 }, isMobile: true });
    const r = await reader.newPage();
    await r.goto(publicPath);
    assert((await r.locator("html").getAttribute("lang")) === "ko", "Accept-Language ko gives the Korean page");
    assert((await r.locator("#overall").innerText()).includes("모든 서비스가 정상"), "all services operational at first");
    assert((await r.locator('[data-service="kakao-login"]').innerText()).includes("정상"), "kakao-login is listed as operational");

    step("the administrator signs up and posts an update in the app");
    const setup = await fetch(`${server.url}/api/v1/setup`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: ADMIN.email, name: ADMIN.name, password: ADMIN.password }) });
    assert(setup.status === 201, `setup answered ${setup.status}`);
    const app = await newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const page = await app.newPage();
    await login(page, ADMIN);
    await page.goto(`/o/${encodeURIComponent(org)}/status`);
    const form = page.getByTestId("status-update-form");
    await form.waitFor();
    assert((await page.getByTestId("status-services").innerText()).includes("Operational"), "the editor lists the services");
    await form.getByLabel("Phase").selectOption("identified");
    await form.getByLabel("Title (English)").fill("Kakao login unavailable");
    await form.getByLabel("Title (Korean)").fill("카카오 로그인 장애");
    await form.getByLabel("Message (English)").fill("A fire at the Pangyo data center stopped sign-in. We are moving to Gasan.");
    await form.getByLabel("Message (Korean)").fill("판교 데이터센터 화재로 로그인이 중단되었습니다. 가산으로 전환하고 있습니다.");
    await form.getByLabel("카카오 계정 로그인", { exact: true }).check();
    await form.getByLabel("State of the affected services").selectOption("major-outage");
    await form.getByRole("button", { name: "Post the update" }).click();
    await page.getByTestId("status-posted").waitFor();
    assert((await page.getByTestId("status-updates").innerText()).includes("Kakao login unavailable"), "the update is listed in the app");
    await screenshot("status-editor", page);
    const editorProblems = await axeProblems(page, "editor");

    step("the public reads it in Korean and in English, without JavaScript, on a phone");
    await r.goto(publicPath);
    assert((await r.locator('[data-service="kakao-login"]').getAttribute("data-state")) === "major-outage", "kakao-login is a major outage");
    const ko = await r.locator("main").innerText();
    assert(ko.includes("판교 데이터센터 화재로 로그인이 중단되었습니다.") && ko.includes("원인 확인") && ko.includes("주요 장애"), "the Korean page has the Korean update");
    await screenshot("status-page-ko-phone", r);
    await r.goto(`${publicPath}?lang=en`);
    const en = await r.locator("main").innerText();
    assert(en.includes("A fire at the Pangyo data center stopped sign-in.") && en.includes("Identified") && en.includes("Major outage"), "the English page has the English update");
    assert((await r.locator("script").count()) === 0, "the page has no script");

    step("the public page passes axe-core at 390 px and 1280 px, in both languages");
    const problems = [...editorProblems];
    for (const width of [390, 1280]) {
      for (const lang of ["en", "ko"]) {
        const c = await newContext({ baseURL: server.url, viewport: { width, height: 900 }, bypassCSP: true });
        const p = await c.newPage();
        await p.goto(`${publicPath}?lang=${lang}`);
        problems.push(...(await axeProblems(p, `${lang} ${width} px`)));
      }
    }
    assert(problems.length === 0, `accessibility:\n${problems.join("\n")}`);

    step("a reader subscribes by e-mail through the plain form (double opt-in)");
    await r.getByLabel("E-mail address or webhook URL").fill("reader@example.com");
    await r.getByLabel("카카오 계정 로그인", { exact: true }).check();
    await r.getByRole("button", { name: "Subscribe" }).click();
    await r.getByText("open the confirmation link").waitFor();
    await page.reload();
    await page.getByText("0 confirmed subscribers, 1 waiting for confirmation").waitFor();

    step("the static export is downloaded");
    const download = await page.request.get(`/api/v1/orgs/${encodeURIComponent(org)}/status/export.tar`);
    assert(download.status() === 200, `export answered ${download.status()}`);
    execFileSync("tar", ["-xf", "-", "-C", exportDir], { input: await download.body() });

    step("the server stops; the exported page still shows the last state from file://");
    const url = server.url;
    await server.close();
    server = null;
    let reachable = true;
    try {
      await fetch(`${url}${publicPath}`);
    } catch {
      reachable = false;
    }
    assert(!reachable, "the server is stopped");
    const offline = await newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
    const s = await offline.newPage();
    await s.goto(pathToFileURL(join(exportDir, `status-${org}`, "index.html")).href);
    assert((await s.locator('[data-service="kakao-login"]').getAttribute("data-state")) === "major-outage", "the static copy shows kakao-login down");
    assert((await s.locator("main").innerText()).includes("A fire at the Pangyo data center stopped sign-in."), "the static copy has the update");
    await s.getByRole("link", { name: "한국어" }).click();
    assert((await s.locator("main").innerText()).includes("가산으로 전환하고 있습니다."), "the static Korean copy has the Korean update");
    await screenshot("status-export-offline", s);
  } finally {
    await server?.close().catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(exportDir, { recursive: true, force: true });
  }
}

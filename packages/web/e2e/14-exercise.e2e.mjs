/**
 * A drill from the Pangyo example's programme, end to end: start the site-loss drill on an
 * accelerated clock (×60), see the clock deliver injects and deliver one early, record a service
 * back, the milestones, two steps and a decision, finish, read the report, add a finding linked
 * to a step, download the PDF in Korean and English (their text read back with pdftotext),
 * propose the measured durations into the model, and see the dashboard's proven and unproven services.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { assert, loginWithModel, plain } from "./helpers.mjs";

export const name = "an exercise run: injects on a clock, steps and a decision, the report and its PDF, proven services";

const DRILL = "pangyo-site-loss-drill";

async function pdfOf(page, link) {
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  const file = join(mkdtempSync(join(tmpdir(), "continuum-e2e-pdf-")), download.suggestedFilename());
  await download.saveAs(file);
  return execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" });
}

export async function run({ page, step, root, screenshot }) {
  const org = await loginWithModel(page, root);
  const base = `/o/${encodeURIComponent(org)}`;
  page.on("dialog", (d) => void d.accept()); // the finish asks to confirm

  step("the programme lists the site-loss drill; the manager starts it at ×60");
  await page.goto(`${base}/exercise-runs`);
  const planned = page.locator(`[data-exercise="${DRILL}"]`);
  await planned.waitFor();
  await planned.getByLabel("Clock").selectOption("60");
  await planned.getByRole("button", { name: "Start a run" }).click();
  await page.waitForURL(/\/exercise-runs\/\d+$/);
  const runUrl = page.url().replace(/^https?:\/\/[^/]+/, "");
  await page.getByTestId("injects").waitFor();
  await page.locator(".run-head").getByText("EXERCISE", { exact: true }).waitFor(); // marked as an exercise

  step("the clock has delivered the site loss; the controller sends the last inject early");
  await page.locator('[data-inject="1"].delivered').getByText("pangyo-idc fails").waitFor();
  const last = page.locator('[data-inject="6"]');
  await last.getByRole("button", { name: /Deliver now/ }).click();
  await page.locator('[data-inject="6"].delivered').getByText(/by Ada Admin/).waitFor();

  step("participants record KakaoTalk back, the milestones and two steps");
  await page.locator('[data-service="kakaotalk-text"]').getByRole("button", { name: /Back/ }).click();
  await page.locator('[data-service="kakaotalk-text"]').getByText(/Back T\+/).waitFor();
  await page.getByRole("button", { name: /Record now People notified/ }).click();
  await page.getByRole("button", { name: /Record now Plans activated/ }).click();
  for (const key of ["dc-failover/switch-data", "dc-failover/deploy-standby"]) {
    const item = page.locator(`[data-step="${key}"]`);
    await item.getByRole("button", { name: /^Started/ }).click();
    await item.getByRole("button", { name: /^Ended/ }).click();
    await item.getByText(/Ended T\+/).waitFor();
  }

  step("the clock delivers the plan's activation at T+30m (30 s at ×60)");
  await page.locator('[data-inject="4"].delivered').getByText("Activation criteria of plan dc-failover met").waitFor({ timeout: 60_000 });

  step("the commander records a decision");
  await page.getByText("Record a decision", { exact: true }).first().click();
  await page.getByLabel("Who decided").fill("복구 책임자");
  await page.getByLabel("Decision", { exact: true }).fill("가산 센터로 수동 전환");
  await page.getByLabel("Options considered (one a line)").fill("판교 복구 대기\n가산 센터로 수동 전환");
  await page.getByLabel("Rationale").fill("판교 전원 복구 시점을 알 수 없다");
  await page.getByRole("button", { name: "Record a decision" }).click();
  await page.getByTestId("decisions").getByText("가산 센터로 수동 전환").first().waitFor();
  await screenshot("exercise-console");

  step("finish: the report shows the measures against the prediction");
  await page.getByRole("button", { name: "Finish the exercise" }).click();
  await page.waitForURL(/\/report$/);
  const measures = plain(await page.getByTestId("measures").textContent());
  assert(measures.includes("Time to activate") && measures.includes("Time to recover 카카오톡 텍스트 메시지"), `the report's measures: ${measures.slice(0, 300)}`);
  assert(measures.includes("not recovered"), "kakao-login should read as not recovered");

  step("a finding linked to a step");
  await page.getByLabel("Finding", { exact: true }).fill("배포 도구가 판교에만 있었다");
  await page.getByLabel("대기 센터에 메시지·로그인 서버 배포·기동").check();
  await page.getByRole("button", { name: "Add the finding" }).click();
  await page.getByTestId("findings").getByText("배포 도구가 판교에만 있었다").waitFor();
  await screenshot("exercise-report");

  step("the PDF in Korean and in English reads back with pdftotext");
  const ko = await pdfOf(page, page.getByTestId("pdf-ko"));
  for (const s of ["훈련 결과 보고서", "판교 센터 전체 상실 모의훈련", "가산 센터로 수동 전환", "배포 도구가 판교에만 있었다", "dc-failover/deploy-standby"]) assert(ko.includes(s), `the Korean PDF lacks "${s}"`);
  const en = await pdfOf(page, page.getByTestId("pdf-en"));
  for (const s of ["Post-exercise report", "EXERCISE record", "Time to activate the plans", "판교 센터 전체 상실 모의훈련"]) assert(en.includes(s), `the English PDF lacks "${s}"`);

  step("the measured durations become a model revision that names the run");
  await page.getByRole("button", { name: "Propose the measured durations to the model" }).click();
  await page.getByRole("status").getByText(/Durations measured in exercise run #\d+/).waitFor({ timeout: 60_000 });

  step("the dashboard: KakaoTalk proven, login not within RTO, the rest unproven");
  await page.goto(`${base}/dashboard`);
  const proof = page.getByTestId("recovery-proof");
  await proof.waitFor();
  const answer = async (id) => proof.locator(`[data-service="${id}"]`).getAttribute("data-answer");
  assert((await answer("kakaotalk-text")) === "yes", `kakaotalk-text is ${await answer("kakaotalk-text")}`);
  assert((await answer("kakao-login")) === "no", `kakao-login is ${await answer("kakao-login")}`);
  assert(/\d+ unproven/.test(plain(await page.getByTestId("proof-counts").textContent())), "no unproven count");

  step("the run page after the finish links to its report");
  await page.goto(runUrl);
  await page.getByRole("link", { name: "Report" }).waitFor();
}

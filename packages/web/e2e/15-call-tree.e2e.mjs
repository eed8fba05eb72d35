/**
 * The call tree with real parts: a real SMTP server (smtp-server) and a real HTTP server as the
 * Slack webhook. The administrator imports the contact directory from CSV; declaring the Pangyo
 * incident e-mails the responders' call tree; one acknowledges by the link in the mail (on a phone),
 * the other does not answer and is escalated to Slack and then to their alternate; the room shows
 * who is reached, live, and the 2-hour user-notice and 24-hour press-conference clocks.
 */
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { apiCall, assert, example, loginWithModel } from "./helpers.mjs";

export const name = "the call tree: declared incident → e-mail and webhook, one acknowledges by link, the other is escalated; deadline clocks";

const root = join(import.meta.dirname, "../../..");
const ACK_TIMEOUT = "PT8S";

export async function run({ page, step, newContext, screenshot }) {
  const { startSmtpSink } = await import(pathToFileURL(join(root, "scripts/smtp-sink.mjs")).href);
  const smtp = await startSmtpSink();
  const hooks = [];
  const hook = createServer((req, res) => {
    let data = "";
    req.on("data", (c) => (data += c));
    req.on("end", () => (hooks.push(JSON.parse(data)), res.end("ok")));
  });
  await new Promise((r) => hook.listen(0, "127.0.0.1", r));
  const hookUrl = `http://127.0.0.1:${hook.address().port}/slack`;
  // the server of the journeys was started without mail: it reads CONTINUUM_SMTP_URL when it sends
  const before = process.env.CONTINUUM_SMTP_URL;
  process.env.CONTINUUM_SMTP_URL = smtp.url;
  try {
    const org = await loginWithModel(page, root);
    const orgApi = `/api/v1/orgs/${encodeURIComponent(org)}`;
    const base = `/o/${encodeURIComponent(org)}`;

    step(`the example model, its call tree on a ${ACK_TIMEOUT} timeout for the journey`);
    const text = readFileSync(example(root, "model.yaml"), "utf8").replace("ackTimeout: 15m", `ackTimeout: ${ACK_TIMEOUT}`);
    const imported = await apiCall(page, "POST", `${orgApi}/model/import`, { files: [{ path: "model.yaml", text }, { path: "pangyo-fire.yaml", text: readFileSync(example(root, "pangyo-fire.yaml"), "utf8") }] });
    assert(imported.status === 201, `import answered ${imported.status}`);

    step("the administrator imports the contact directory from CSV (the recovery lead also on Slack)");
    await page.goto(`${base}/directory`);
    const csv = readFileSync(example(root, "contacts.csv"), "utf8").replace(/^(recovery-lead,.*),$/m, `$1,${hookUrl}`);
    await page.getByLabel("CSV text").fill(csv);
    await page.getByRole("button", { name: "Replace the directory" }).click();
    await page.getByText("3 people imported.").waitFor();
    assert((await page.getByTestId("contact").count()) === 3, "the directory does not list 3 people");

    step("declaring the Pangyo incident e-mails the responders' call tree");
    const declared = await apiCall(page, "POST", `${orgApi}/incidents`, { title: "판교 데이터센터 화재", severity: "sev1", components: ["pangyo-idc"] });
    assert(declared.status === 201, `declare answered ${declared.status}`);
    const n = declared.data.number;
    await page.goto(`${base}/incidents/${n}`);
    await page.getByTestId("call-tree").waitFor();
    const mailTo = async (who) => {
      for (let i = 0; i < 100; i++) {
        const m = smtp.messages.find((x) => x.rcpt.includes(`${who}@kakao.example`) && x.subject.includes(`#${n}`));
        if (m) return m;
        await page.waitForTimeout(200);
      }
      throw new Error(`no mail reached ${who}`);
    };
    const security = await mailTo("security-lead");
    await mailTo("recovery-lead");
    assert(security.subject.startsWith("[비상 소집]"), `subject: ${security.subject}`);

    step("the security lead acknowledges by the link in the mail, on a phone");
    const link = security.text.match(/https?:\/\/\S+\/ack\/[A-Za-z0-9_-]+/)?.[0];
    assert(link, "the mail holds no acknowledgement link");
    const phone = await newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const p = await phone.newPage();
    await p.goto(link);
    await p.getByRole("button", { name: /I acknowledge/ }).click();
    await p.getByText("Acknowledged", { exact: false }).first().waitFor();

    step("the room shows the acknowledgement live");
    await page.locator('[data-testid=call-tree] [data-person="security-lead"][data-state="acknowledged"]').waitFor({ timeout: 20_000 });

    step("the recovery lead does not answer: escalated to Slack, then their team's alternate is asked");
    await page.locator('[data-testid=call-tree] [data-person="recovery-lead"][data-state="escalated"]').waitFor({ timeout: 30_000 });
    for (let i = 0; i < 100 && !hooks.some((h) => String(h.text).includes(`#${n}`)); i++) await page.waitForTimeout(200);
    assert(hooks.some((h) => String(h.text).includes(`#${n}`)), "the Slack webhook got no escalation");
    await page.locator('[data-testid=call-tree] [data-person="dba-lead"]').waitFor({ timeout: 30_000 });
    await mailTo("dba-lead");

    step("the room shows the 2-hour user-notice and the 24-hour press-conference clocks");
    const clocks = page.getByTestId("deadline-clocks");
    await clocks.locator('[data-clock="user-notice"][data-state="running"]').waitFor();
    await clocks.locator('[data-clock="press-conference"][data-state="running"]').waitFor();
    const userNotice = await clocks.locator('[data-clock="user-notice"]').textContent();
    assert(/User notice/.test(userNotice) && /left/.test(userNotice), `user-notice clock reads: ${userNotice}`);
    await screenshot("call-tree");

    step("the clocks read in Korean");
    await phone.close();
    await page.getByRole("button", { name: "한국어" }).click();
    await clocks.getByText("이용자 고지 (2시간 이상 중단)").waitFor();
    await clocks.getByText("24시간 내 기자회견").waitFor();
    await page.getByTestId("call-tree").getByText("응답함").waitFor();
    await page.getByRole("button", { name: "English" }).click();
  } finally {
    if (before === undefined) delete process.env.CONTINUUM_SMTP_URL;
    else process.env.CONTINUUM_SMTP_URL = before;
    await smtp.stop();
    hook.close();
  }
}

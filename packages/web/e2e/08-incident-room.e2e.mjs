/**
 * The incident room with two people: an Alertmanager alert on the Pangyo site opens an incident;
 * the commander (desktop) and the scribe (a 390 px phone, later in Korean) work it, and each sees
 * the other's changes live, without reloading.
 */
import { ADMIN, acceptAsNewPerson, apiCall, assert, inviteByApi, login, orgOf } from "./helpers.mjs";

export const name = "the incident room: an alert becomes an incident worked by two people, live";

const SCRIBE = { name: "Sam Scribe", email: "scribe@example.com", password: "scribe-password-44" };

export async function run({ page, step, newContext, screenshot }) {
  await login(page, ADMIN);
  const org = orgOf(page);
  const orgApi = `/api/v1/orgs/${encodeURIComponent(org)}`;
  const base = `/o/${encodeURIComponent(org)}`;

  step("the administrator invites a responder and makes an intake key");
  const invitation = await inviteByApi(page, org, SCRIBE.email, "responder");
  // the responder accepts on their phone (390 px) now, so the commander's room lists them
  const phone = await newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const p = await phone.newPage();
  await acceptAsNewPerson(p, invitation, SCRIBE);
  const key = await apiCall(page, "POST", `${orgApi}/intake-keys`, { name: "alertmanager" });
  assert(key.status === 201, `intake key answered ${key.status}`);

  step("Alertmanager reports the Pangyo site down (its webhook, with the key)");
  const sent = await page.evaluate(
    async ({ key }) => {
      const body = {
        version: "4",
        status: "firing",
        receiver: "continuum",
        groupLabels: { alertname: "SiteDown" },
        commonLabels: {},
        alerts: [
          {
            status: "firing",
            labels: { alertname: "SiteDown", component: "pangyo-idc" },
            annotations: { summary: "Pangyo site unreachable" },
            startsAt: new Date(Date.now() - 10 * 60_000).toISOString(),
            endsAt: "0001-01-01T00:00:00Z",
            fingerprint: "e2e-site-down",
          },
        ],
      };
      const r = await fetch("/api/v1/intake/alertmanager", { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${key}` }, body: JSON.stringify(body) });
      return r.status;
    },
    { key: key.data.key },
  );
  assert(sent === 202, `intake answered ${sent}`);

  step("the business clock opens an incident (a job after the 202: wait for it, at most 60 s)");
  for (let tries = 0; ; tries++) {
    const list = await apiCall(page, "GET", `${orgApi}/incidents`);
    if (list.status === 200 && (list.data.items ?? list.data).length > 0) break;
    assert(tries < 120, `no incident was opened: ${JSON.stringify(list.data).slice(0, 300)}`);
    await page.waitForTimeout(500);
  }

  step("the commander finds the incident and opens its room");
  await page.goto(`${base}/incidents`);
  const link = page.getByTestId("incident-list").getByRole("link").first();
  await link.waitFor({ timeout: 15_000 });
  await link.click();
  await page.getByTestId("incident-room").waitFor();
  await page.getByTestId("live-state").getByText("Live").waitFor();
  const services = await page.getByTestId("services").textContent();
  assert(services.includes("카카오톡 텍스트 메시지") && services.includes("RTO breach"), "the room does not show KakaoTalk's RTO breach");
  const roomUrl = page.url().replace(/^https?:\/\/[^/]+/, "");

  step("the scribe joins on a phone (390 px)");
  await p.goto(roomUrl);
  await p.getByTestId("incident-room").waitFor();
  await p.getByTestId("live-state").getByText("Live").waitFor();
  // the room itself fits the phone (the app's header is the shell's, outside this feature)
  const overflow = await p.evaluate(() => {
    let right = 0;
    for (const el of document.querySelectorAll('[data-testid="incident-room"] *')) right = Math.max(right, el.getBoundingClientRect().right);
    return Math.round(right);
  });
  assert(overflow <= 390, `the room reaches ${overflow} px on a 390 px phone`);

  step("the commander makes Sam the scribe; Sam's phone asks to acknowledge, live");
  await page.getByLabel("Assign Scribe").selectOption({ label: SCRIBE.name });
  await p.getByRole("button", { name: /Acknowledge my role/ }).click();
  await page.locator('[data-role="scribe"]').getByText("acknowledged", { exact: true }).waitFor();

  step("the scribe records a decision; the commander sees it without reloading");
  await p.getByLabel("Decision").fill("Fail over to Gasan by hand");
  await p.getByLabel("Options weighed (one a line)").fill("wait for power\nfail over by hand");
  await p.getByLabel("Rationale").fill("KakaoTalk breaches its RTO within the hour");
  await p.getByRole("button", { name: "Record decision" }).click();
  await page.getByTestId("decisions").getByText("Fail over to Gasan by hand").waitFor();

  step("the scribe ticks the first task; the commander sees it done");
  const firstTask = p.getByTestId("tasks").locator("li").first();
  const taskName = await firstTask.locator("strong").textContent();
  // the box is ticked by the server's answer (the room shows the recorded state), so click it and
  // wait for that answer on both screens rather than expect it to change at once
  await firstTask.getByRole("checkbox").click();
  await p.getByTestId("tasks").locator("li.done").getByText(taskName).waitFor();
  await page.getByTestId("tasks").locator("li.done").getByText(taskName).waitFor();
  await screenshot("incident-room");

  step("the scribe reads the room in Korean");
  await p.getByRole("button", { name: "한국어" }).click();
  await p.getByText("영향받는 서비스").waitFor();

  step("the commander stands down; the scribe's room says so, live");
  await page.getByLabel("Why stand down (what is back)").fill("Services back on the Gasan standby");
  await page.getByRole("button", { name: "Stand down", exact: true }).click();
  await p.getByText("해제됨").first().waitFor();
  await phone.close();
}

/** A viewer sees everything and no edit control; a forced API call answers 403 and changes nothing. */
import { ADMIN, AUDITOR, VIEWER, acceptAsNewPerson, apiCall, assert, inviteByApi, login, orgOf, plain } from "./helpers.mjs";

export const name = "a viewer (and an auditor) cannot edit";

export async function run({ page, step, newContext }) {
  await login(page, ADMIN);
  const org = orgOf(page);
  const orgApi = `/api/v1/orgs/${encodeURIComponent(org)}`;

  const before = await apiCall(page, "GET", `${orgApi}/components/kakaotalk-text`);
  for (const [role, label, who] of [["viewer", "Viewer", VIEWER], ["auditor", "Auditor", AUDITOR]]) {
    step(`the administrator invites a ${role}`);
    const link = await inviteByApi(page, org, who.email, role);

    step(`the ${role} accepts with their own password, signs out and in again (a fresh browser context)`);
    const viewerContext = await newContext();
    const v = await viewerContext.newPage();
    await acceptAsNewPerson(v, link, who);
    await v.getByRole("button", { name: "Sign out" }).click();
    await v.waitForURL(/\/login/);
    await login(v, who);
    assert((await v.getByTestId("role").textContent().then(plain)) === label, `role badge is not ${label}`);
    const base = `/o/${encodeURIComponent(org)}`;

    step("no edit controls anywhere");
    const nav = await v.getByRole("navigation", { name: "Main" }).textContent().then(plain);
    assert(!nav.includes("Import"), "the viewer's navigation offers Import");
    await v.goto(`${base}/components/kakaotalk-text`);
    await v.getByRole("heading", { level: 1 }).waitFor();
    await v.getByText("What it needs").waitFor();
    for (const label of ["Edit", "Delete"]) assert((await v.getByRole("button", { name: label, exact: true }).count()) === 0, `a ${label} button is shown`);
    await v.goto(`${base}/components/kakaotalk-text?edit=1`);
    await v.getByText("What it needs").waitFor();
    assert((await v.getByRole("button", { name: "Save", exact: true }).count()) === 0, "?edit=1 opened the form for a viewer");
    await v.goto(`${base}/components`);
    await v.getByTestId("catalog-table").waitFor();
    assert((await v.getByRole("link", { name: "New component" }).count()) === 0, "New component offered");
    await v.goto(`${base}/import`);
    await v.getByText("Only editors and administrators can import a model.").waitFor();
    assert((await v.locator("input[type=file]").count()) === 0, "the import form is shown");
    await v.goto(`${base}/revisions`);
    await v.getByTestId("revisions-table").waitFor();
    assert((await v.getByRole("button", { name: /^Restore/ }).count()) === 0, "Restore offered");
    await v.goto(`${base}/what-if`);
    await v.getByTestId("run-whatif").click();
    await v.getByTestId("whatif-results").waitFor();
    assert((await v.getByRole("button", { name: "Save scenario" }).count()) === 0, "Save scenario offered to a viewer");

    step(`forced API calls with the ${role}'s session and CSRF token answer 403`);
    const component = { ...before.data.component, rto: "1h" };
    const put = await apiCall(v, "PUT", `${orgApi}/components/kakaotalk-text`, { component, comment: "viewer tries" });
    assert(put.status === 403, `PUT component answered ${put.status}`);
    const imp = await apiCall(v, "POST", `${orgApi}/model/import`, { files: [{ path: "m.yaml", text: "continuum: 1\ncomponents: []\n" }], comment: "viewer tries" });
    assert(imp.status === 403, `POST import answered ${imp.status}`);
    const del = await apiCall(v, "DELETE", `${orgApi}/components/kakaotalk-text`);
    assert(del.status === 403, `DELETE component answered ${del.status}`);
    if (role === "auditor") {
      step("the auditor reads the members, and cannot invite anyone");
      await v.goto(`${base}/members`);
      await v.getByText(ADMIN.email).first().waitFor();
      assert((await v.getByRole("button", { name: "Invite", exact: true }).count()) === 0, "Invite offered to an auditor");
      const member = await apiCall(v, "POST", `${orgApi}/invitations`, { email: "x@example.com", role: "admin" });
      assert(member.status === 403, `POST invitations answered ${member.status}`);
    }
  }
  const after = await apiCall(page, "GET", `${orgApi}/components/kakaotalk-text`);
  assert(JSON.stringify(after.data.component) === JSON.stringify(before.data.component), "the viewer changed the component");
}

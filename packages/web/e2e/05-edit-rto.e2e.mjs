/**
 * Edit an RTO and see the warning: an RTO over the MTPD is refused (next to the field, by the
 * browser's engine and by the server); an RTO the restart chain cannot meet is saved with a warning.
 */
import { ADMIN, apiCall, assert, login, orgOf, plain } from "./helpers.mjs";

export const name = "edit an RTO and see the warning";

export async function run({ page, step, screenshot }) {
  await login(page, ADMIN);
  const org = orgOf(page);
  const base = `/o/${encodeURIComponent(org)}`;
  // Kakao T (taxi): its RTO must cover restarting the map backend (5h 30m in the example)
  let id = "kakao-t";
  let slowRto = "4h";
  let before = await apiCall(page, "GET", `/api/v1/orgs/${encodeURIComponent(org)}/components/${id}`);
  if (before.status === 404) {
    [id, slowRto] = ["kakaotalk-text", "10m"]; // the small fixture model
    before = await apiCall(page, "GET", `/api/v1/orgs/${encodeURIComponent(org)}/components/${id}`);
  }
  assert(before.status === 200, `GET component answered ${before.status}`);

  step("open the component and its edit form");
  await page.goto(`${base}/components/${id}`);
  await page.getByRole("button", { name: "Edit" }).click();
  await page.getByRole("heading", { name: `Edit ${id}` }).waitFor();
  const rto = page.getByLabel("RTO", { exact: true });
  const mtpd = await page.getByLabel("MTPD", { exact: true }).inputValue();
  assert(mtpd, "the service has no MTPD to exceed");

  step("an RTO over the MTPD: the engine in the browser says so next to the field");
  await rto.fill("30d");
  const rtoField = page.locator(".field", { has: page.getByLabel("RTO", { exact: true }) });
  await rtoField.locator(".field-error").waitFor();
  const localError = await rtoField.locator(".field-error").textContent().then(plain);
  assert(/mtpd/i.test(localError), `RTO field error: ${localError}`);

  step("saving anyway: the server refuses, the message stays next to the field, nothing changes");
  await page.getByLabel("Comment", { exact: true }).fill("RTO over MTPD (must be refused)");
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByText("Not saved").or(rtoField.locator(".field-error")).first().waitFor();
  await page.waitForTimeout(300);
  assert(page.url().includes("edit=1"), "left the form after a refused save");
  const serverError = await rtoField.locator(".field-error").textContent().then(plain);
  assert(/mtpd/i.test(serverError), `after save, RTO field says: ${serverError}`);
  const unchanged = await apiCall(page, "GET", `/api/v1/orgs/${encodeURIComponent(org)}/components/${id}`);
  assert(JSON.stringify(unchanged.data.component.rto) === JSON.stringify(before.data.component.rto), "a refused save changed the RTO");

  step("an RTO the restart chain cannot meet: a warning, and it saves");
  await rto.fill(slowRto);
  await rtoField.locator(".field-warning").waitFor();
  const warning = await rtoField.locator(".field-warning").textContent().then(plain);
  assert(warning.includes(`rto ${slowRto} cannot be met`), `RTO warning: ${warning}`);
  await screenshot("component-edit", page, { fullPage: true });
  await page.getByLabel("Comment", { exact: true }).fill(`Set ${id} RTO to ${slowRto}`);
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByText("Saved as a new revision.").waitFor();
  await page.getByText("cannot be met").first().waitFor();
  assert((await page.getByTestId("rto").textContent().then(plain)).trim() === slowRto, "the page does not show the new RTO");
  await screenshot("component", page, { fullPage: true });

  step("the BIA shows the warning for the service");
  await page.goto(`${base}/bia?service=${id}`);
  const biaWarnings = page.getByTestId("bia-warnings");
  await biaWarnings.waitFor();
  assert((await biaWarnings.textContent().then(plain)).includes("RTO cannot be met"), "BIA does not warn");

  step("the revision is in the history with its comment and diff");
  await page.goto(`${base}/revisions`);
  await page.getByText(`Set ${id} RTO to ${slowRto}`).waitFor();
  await page.getByRole("link", { name: /^#\d+$/ }).first().click();
  await page.getByTestId("diff").waitFor();
  assert((await page.getByTestId("diff").textContent().then(plain)).includes("rto"), "diff does not show the rto change");
  // the form must not touch what it does not show (impact notes, …): only the rto changed
  const changed = await page.evaluate(async ({ org, id }) => {
    const revs = await fetch(`/api/v1/orgs/${encodeURIComponent(org)}/revisions`).then((r) => r.json());
    const [b, a] = [revs.items[0].number, revs.items[1].number];
    const diff = await fetch(`/api/v1/orgs/${encodeURIComponent(org)}/revisions/${a}/diff/${b}`).then((r) => r.json());
    return diff.changed.flatMap((c) => c.fields.map((f) => `${c.id}.${f.field}`));
  }, { org, id });
  assert(JSON.stringify(changed) === JSON.stringify([`${id}.rto`]), `the edit changed ${changed.join(", ")}`);
  await screenshot("revisions", page, { fullPage: true });

  step("restore the revision before the edit: a new revision, the RTO is back");
  const revs = await apiCall(page, "GET", `/api/v1/orgs/${encodeURIComponent(org)}/revisions`);
  const previous = revs.data.items[1].number;
  await page.getByRole("link", { name: `#${previous}`, exact: true }).click();
  await page.getByRole("button", { name: `Restore revision ${previous}` }).click();
  await page.getByText(`Revision ${previous} restored as a new revision.`).waitFor();
  const restored = await apiCall(page, "GET", `/api/v1/orgs/${encodeURIComponent(org)}/components/${id}`);
  assert(JSON.stringify(restored.data.component) === JSON.stringify(before.data.component), "the restore did not bring the component back");

  step("two editors: the component changes while the form is open; saving says who changed it, and re-applies after review");
  await page.goto(`${base}/components/${id}?edit=1`);
  await page.getByRole("heading", { name: `Edit ${id}` }).waitFor();
  // someone else (here: the same account, from another tab) saves a change first
  const current = await apiCall(page, "GET", `/api/v1/orgs/${encodeURIComponent(org)}/components/${id}`);
  const other = await apiCall(page, "PUT", `/api/v1/orgs/${encodeURIComponent(org)}/components/${id}`, { component: { ...current.data.component, description: "changed in another tab" }, comment: "another tab" });
  assert(other.status === 200, `the other tab's save answered ${other.status}`);
  await page.getByLabel("Owner", { exact: true }).fill("Continuity team");
  await page.getByRole("button", { name: "Save" }).click();
  const stale = page.getByTestId("stale-edit");
  await stale.waitFor();
  const staleText = await stale.textContent();
  assert(staleText.includes("Changed by someone else — review") && staleText.includes(ADMIN.name), `412 message: ${staleText}`);
  assert(page.url().includes("edit=1"), "left the form after a refused save");
  await screenshot("component-stale-edit", page, { fullPage: true });
  await page.getByRole("button", { name: "Reload and re-apply my changes" }).click();
  await page.getByText("Saved as a new revision.").waitFor();
  const reapplied = await apiCall(page, "GET", `/api/v1/orgs/${encodeURIComponent(org)}/components/${id}`);
  assert(reapplied.data.component.owner === "Continuity team", `owner after re-apply: ${reapplied.data.component.owner}`);
}

/** Shared pieces of the browser journeys (not a journey itself: no .e2e.mjs suffix). */
import { join } from "node:path";

export const ADMIN = { name: "Ada Admin", email: "admin@example.com", password: "correct-horse-battery-1", organization: "Kakao Corp" };
export const VIEWER = { name: "Vic Viewer", email: "viewer@example.com", password: "viewer-password-22" };
export const AUDITOR = { name: "Aud Auditor", email: "auditor@example.com", password: "auditor-password-33" };

export function assert(condition, message) {
  if (!condition) throw new Error(message);
}

export async function login(page, { email, password }) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/o\/[^/]+\/dashboard/);
}

/** The admin (signed in on `page`) invites an e-mail with a role; the accept link's path. */
export async function inviteByApi(page, org, email, role) {
  const answer = await apiCall(page, "POST", `/api/v1/orgs/${encodeURIComponent(org)}/invitations`, { email, role });
  assert(answer.status === 201, `inviting ${email} answered ${answer.status}: ${JSON.stringify(answer.data)}`);
  return new URL(answer.data.acceptUrl).pathname;
}

/** A new person opens the accept link, chooses their name and password, and lands in the organization. */
export async function acceptAsNewPerson(page, link, { name, password }) {
  await page.goto(link);
  const form = page.getByTestId("invite-new");
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Password").fill(password);
  await form.getByRole("button", { name: "Create account and join" }).click();
  await page.waitForURL(/\/o\/[^/]+\/dashboard/);
}

/** The signed-in user's organization slug, from the URL. */
export function orgOf(page) {
  const m = /\/o\/([^/]+)\//.exec(page.url());
  if (!m) throw new Error(`not on an organization page: ${page.url()}`);
  return decodeURIComponent(m[1]);
}

/** A request from inside the page, with the session cookie and the CSRF token, as the app sends it. */
export async function apiCall(page, method, path, body) {
  return page.evaluate(
    async ({ method, path, body }) => {
      const me = await fetch("/api/v1/me", { credentials: "same-origin" }).then((r) => r.json());
      const headers = { "x-csrf-token": me.csrfToken };
      if (body !== undefined) headers["content-type"] = "application/json";
      const r = await fetch(path, { method, headers, credentials: "same-origin", body: body === undefined ? undefined : JSON.stringify(body) });
      let data = null;
      try {
        data = await r.json();
      } catch {
        /* 204 */
      }
      return { status: r.status, data };
    },
    { method, path, body },
  );
}

export const example = (root, file) => join(root, "examples/pangyo-2022", file);
export const fixture = (root, file) => join(root, "packages/web/e2e/fixtures", file);

/**
 * Sign in as the administrator; on a fresh server (a journey run alone with --only) first set it
 * up through the API and import the Pangyo example with its scenario, so the journey has pages to see.
 */
export async function loginWithModel(page, root) {
  await page.goto("/login");
  const needed = await page.evaluate(() => fetch("/api/v1/setup").then((r) => r.json()).then((b) => b.needed));
  if (needed) {
    const s = await page.evaluate(async (a) => (await fetch("/api/v1/setup", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(a) })).status, { email: ADMIN.email, name: ADMIN.name, password: ADMIN.password, organization: ADMIN.organization });
    assert(s < 300, `setup answered ${s}`);
    await page.goto("/"); // setup signed the administrator in
    await page.waitForURL(/\/o\/[^/]+\/dashboard/);
  } else await login(page, ADMIN);
  // the journeys' organization, whichever this browser used last (another journey may have made a new one)
  const me = await apiCall(page, "GET", "/api/v1/me");
  const home = (me.data?.memberships ?? []).find((m) => m.organization.name === ADMIN.organization)?.organization.slug ?? orgOf(page);
  if (orgOf(page) !== home) {
    await page.goto(`/o/${encodeURIComponent(home)}/dashboard`);
    await page.waitForURL(/\/o\/[^/]+\/dashboard/);
  }
  const org = home;
  const model = await apiCall(page, "GET", `/api/v1/orgs/${encodeURIComponent(org)}/model`);
  if ((model.data?.model?.components ?? []).length === 0) {
    const { readFileSync } = await import("node:fs");
    const files = ["model.yaml", "pangyo-fire.yaml"].map((f) => ({ path: f, text: readFileSync(example(root, f), "utf8") }));
    const r = await apiCall(page, "POST", `/api/v1/orgs/${encodeURIComponent(org)}/model/import`, { files, comment: "example for the journey" });
    assert(r.status < 300, `import answered ${r.status}: ${JSON.stringify(r.data)}`);
  }
  return org;
}

/** Text as a reader sees it: the app joins a figure to its unit with no-break spaces; compare with plain ones. */
export const plain = (s) => (s == null ? s : s.replace(/[\u00a0\u202f]/g, " ").replace(/\u2060/g, ""));

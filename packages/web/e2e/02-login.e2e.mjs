/** Sign in (a wrong password says so), switch language, sign out. */
import { ADMIN, assert, login, plain } from "./helpers.mjs";

export const name = "login, wrong password, logout";

export async function run({ page, step, screenshot, shared }) {
  step("an anonymous visit goes to the login page, keeping where it was going");
  await page.goto(`/o/${encodeURIComponent(shared.org)}/components`);
  await page.waitForURL(/\/login\?next=/);
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  await screenshot("login");

  step("a wrong password shows an error and does not sign in");
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  const error = page.getByTestId("login-error");
  await error.waitFor();
  assert((await error.textContent().then(plain)).includes("Wrong email or password"), `error says: ${await error.textContent().then(plain)}`);
  assert(page.url().includes("/login"), "left the login page");

  step("the right password signs in and goes where it was going");
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/components$/);
  await page.getByRole("heading", { name: "Catalog" }).waitFor();

  step("Korean in the header, kept after a reload");
  await page.getByRole("button", { name: "한국어" }).click();
  await page.getByRole("heading", { name: "카탈로그" }).waitFor();
  await page.reload();
  await page.getByRole("heading", { name: "카탈로그" }).waitFor();
  assert((await page.locator("html").getAttribute("lang")) === "ko", "html lang is not ko");
  await page.getByRole("button", { name: "English" }).click();
  await page.getByRole("heading", { name: "Catalog" }).waitFor();

  step("sign out: back to the login page, the session is gone");
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/\/login/);
  const me = await page.evaluate(() => fetch("/api/v1/me").then((r) => r.status));
  assert(me === 401, `/api/v1/me after logout answered ${me}`);
  await page.goto(`/o/${encodeURIComponent(shared.org)}/dashboard`);
  await page.waitForURL(/\/login/);

  step("Korean by default when the browser prefers it");
  await login(page, ADMIN);
}

/** First run: the setup page creates the first administrator and organization; then it is gone. */
import { ADMIN, assert, plain } from "./helpers.mjs";

export const name = "first-run setup";

export async function run({ page, step, screenshot, shared }) {
  step("a fresh server sends every page to /setup");
  await page.goto("/o/anything/dashboard");
  await page.waitForURL(/\/setup$/);
  await page.getByRole("heading", { name: "Set up Continuum" }).waitFor();
  await screenshot("setup");

  step("the form checks its fields before sending");
  await page.getByRole("button", { name: "Create administrator" }).click();
  await page.getByText("Required.").first().waitFor();

  step("create the administrator");
  await page.getByLabel("Organization name").fill(ADMIN.organization);
  await page.getByLabel("Your name").fill(ADMIN.name);
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password", { exact: true }).fill(ADMIN.password);
  await page.getByLabel("Repeat the password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Create administrator" }).click();
  await page.waitForURL(/\/o\/[^/]+\/dashboard/);
  await page.getByRole("heading", { name: "Dashboard" }).waitFor();
  await page.getByText("The model is empty").waitFor();
  const role = await page.getByTestId("role").textContent().then(plain);
  assert(role === "Administrator", `role shown is ${role}`);
  shared.org = decodeURIComponent(/\/o\/([^/]+)\//.exec(page.url())[1]);

  step("setup is done: the API says so and refuses a second one");
  const again = await page.evaluate(async () => {
    const get = await fetch("/api/v1/setup").then((r) => r.json());
    const post = await fetch("/api/v1/setup", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "x@example.com", name: "x", password: "another-password-1", organization: "x" }) });
    return { needed: get.needed, status: post.status };
  });
  assert(again.needed === false, "GET /api/v1/setup still says needed");
  assert(again.status >= 400 && again.status < 500, `second setup answered ${again.status}`);
}

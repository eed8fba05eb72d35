/**
 * `continuum push` and `continuum pull` against a real server: a model kept in git goes up as a
 * revision, comes down as the same files, and a bad push prints the CLI's messages and changes
 * nothing.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../cli/src/main.js";
import { Client, EXAMPLE_DIR, setupAdmin, startTestServer, type TestServer } from "./helpers.js";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { output: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t), color: false, interactive: false }, out, err };
}

async function cli(...argv: string[]) {
  const c = capture();
  const code = await main(argv, c.output);
  return { code, out: c.out.join("\n"), err: c.err.join("\n") };
}

describe("continuum push and pull", () => {
  let server: TestServer;
  let admin: Client;
  let write: string;
  let read: string;
  let dir: string;

  beforeAll(async () => {
    server = await startTestServer("pglite");
    admin = await setupAdmin(server);
    write = (await admin.post("/api/v1/orgs/acme/tokens", { name: "ci push", scopes: ["model:write"] })).body.token;
    read = (await admin.post("/api/v1/orgs/acme/tokens", { name: "ci pull", scopes: ["model:read"] })).body.token;
    dir = mkdtempSync(join(tmpdir(), "continuum-sync-"));
    mkdirSync(join(dir, "repo"));
    writeFileSync(join(dir, "repo/model.yaml"), readFileSync(join(EXAMPLE_DIR, "model.yaml")));
    writeFileSync(join(dir, "repo/pangyo-fire.yaml"), readFileSync(join(EXAMPLE_DIR, "pangyo-fire.yaml")));
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("pushes a folder (model and scenario) as a revision with the comment", async () => {
    const r = await cli("push", join(dir, "repo"), "--server", server.url, "--token", write, "--comment", "from git");
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/pushed 2 files to acme: revision 1 \(53 added, 0 changed, 0 removed components; 2 plans changed; 1 scenarios changed\) — from git/);
    const again = await cli("push", join(dir, "repo"), "--server", server.url, "--token", write);
    expect(again.code).toBe(0);
    expect(again.out).toContain("at revision 1 already");
    const revisions = await admin.get("/api/v1/orgs/acme/revisions");
    expect(revisions.body.items[0].author).toMatchObject({ name: "Ada Admin", token: "ci push" });
  });

  it("pulls into a folder, and the pulled folder pushes back unchanged", async () => {
    const target = join(dir, "pulled");
    const r = await cli("pull", target, "--server", server.url, "--token", read);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("pulled acme (revision 1)");
    expect(readdirSync(target).sort()).toEqual(["model.yaml", "scenarios"]);
    expect(readdirSync(join(target, "scenarios"))).toEqual(["pangyo-fire.yaml"]);
    // the single-file export is the folder's files in one: the model, then each scenario after `---`
    const folder = readFileSync(join(target, "model.yaml"), "utf8") + "---\n" + readFileSync(join(target, "scenarios/pangyo-fire.yaml"), "utf8");
    expect((await admin.get("/api/v1/orgs/acme/model/export")).text).toBe(folder);
    const back = await cli("push", target, "--server", server.url, "--token", write);
    expect(back.code, back.err).toBe(0);
    expect(back.out).toContain("nothing changed");
  });

  it("pulls one file, in YAML or JSON", async () => {
    const yaml = join(dir, "one/model.yaml");
    expect((await cli("pull", yaml, "--server", server.url, "--token", read, "--org", "acme")).code).toBe(0);
    expect(readFileSync(yaml, "utf8")).toBe((await admin.get("/api/v1/orgs/acme/model/export?format=yaml")).text);
    const json = join(dir, "one/model.json");
    expect((await cli("pull", json, "--server", server.url, "--token", read)).code).toBe(0);
    expect(JSON.parse(readFileSync(json, "utf8")).components).toHaveLength(53);
  });

  it("prints the diagnostics of a refused push, like check does, and changes nothing", async () => {
    const bad = join(dir, "bad.yaml");
    writeFileSync(bad, "continuum: 1\ncomponents:\n  - id: a\n    rto: 2h\n    mtpd: 1h\n");
    const r = await cli("push", bad, "--server", server.url, "--token", write);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/bad\.yaml:4:\d+: error \[rto-over-mtpd\] component "a": rto \(2h\) is longer than mtpd \(1h\)/);
    expect(r.err).toContain("nothing changed");
    expect((await admin.get("/api/v1/orgs/acme/revisions")).body.total).toBe(1);
  });

  it("says what is wrong with the server, the token or the arguments", async () => {
    const readOnly = await cli("push", join(dir, "repo"), "--server", server.url, "--token", read);
    expect(readOnly.code).toBe(3);
    expect(readOnly.err).toMatch(/403.*model:write/);
    const revoked = await cli("pull", join(dir, "x"), "--server", server.url, "--token", "ctm_not-a-token");
    expect(revoked.code).toBe(3);
    expect(revoked.err).toMatch(/401/);
    const wrongOrg = await cli("pull", join(dir, "x"), "--server", server.url, "--token", read, "--org", "elsewhere");
    expect(wrongOrg.code).toBe(3);
    expect(wrongOrg.err).toContain('no organization "elsewhere"');
    const down = await cli("pull", join(dir, "x"), "--server", "http://127.0.0.1:9", "--token", read);
    expect(down.code).toBe(3);
    expect(down.err).toContain("cannot reach");
    expect((await cli("push", join(dir, "repo"), "--token", write)).code).toBe(2);
    expect((await cli("pull", join(dir, "x"), "--server", server.url)).code).toBe(2);
  });
});

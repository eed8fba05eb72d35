/** `continuum import`: the built CLI, run as a person would, on the example catalog and spreadsheet. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..", "..");
const cli = join(root, "packages", "cli", "dist", "main.js");

function continuum(...args: string[]) {
  const r = spawnSync("node", [cli, ...args], { cwd: root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("continuum import backstage", () => {
  it("imports the example catalog, then simulates the Pangyo fire against it", () => {
    const dir = mkdtempSync(join(tmpdir(), "continuum-import-"));
    const model = join(dir, "model.yaml");
    const r = continuum("import", "backstage", "examples/backstage", "-o", model, "--organization", "Example Music");
    expect(r.stderr).toContain("skipped 1 file that is not a Backstage catalog: examples/backstage/pangyo-fire.scenario.yaml");
    expect(r.stderr).toContain(`✓ ${model}: 11 components`);
    expect(r.code).toBe(0);
    expect(readFileSync(model, "utf8")).toMatch(/^# Converted by `continuum import backstage` from 13 entities in 6 files/);
    const s = continuum("simulate", model, "examples/backstage/pangyo-fire.scenario.yaml", "--json");
    expect(s.code).toBe(0);
    const json = JSON.parse(s.stdout);
    expect(json.components["artist-engagement-portal"]).toMatchObject({ outages: [{ start: 0, end: 645 }], mtpdBreached: true });
  });

  it("writes to standard output without -o", () => {
    const r = continuum("import", "backstage", "examples/backstage/components/www-artist.yaml", "examples/backstage/components/artist-lookup.yaml", "examples/backstage/resources/databases.yaml", "examples/backstage/systems.yaml", "examples/backstage/org.yaml", "examples/backstage/components/podcast.yaml");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("  - id: www-artist\n");
  });

  it("names the entity, file and line of a reference outside the catalog, and writes nothing", () => {
    const dir = mkdtempSync(join(tmpdir(), "continuum-import-"));
    const file = join(dir, "catalog-info.yaml");
    writeFileSync(file, "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: orders\nspec:\n  type: service\n  dependsOn: ['resource:default/orders-db']\n");
    const r = continuum("import", "backstage", file, "-o", join(dir, "model.yaml"));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}:7:15: error [backstage-unknown-ref] component "component:default/orders": component:default/orders refers to resource:default/orders-db, which is not in the catalog (at spec.dependsOn[0])`);
    expect(r.stderr).toContain("nothing written: 1 error");
  });
});

describe("continuum import csv", () => {
  it("imports the example spreadsheets with Korean text and simulates", () => {
    const dir = mkdtempSync(join(tmpdir(), "continuum-import-"));
    const model = join(dir, "model.yaml");
    const r = continuum("import", "csv", "examples/csv/components.csv", "examples/csv/dependencies.csv", "-o", model);
    expect(r.code).toBe(0);
    expect(readFileSync(model, "utf8")).toContain("name: 결제·주문 서비스");
    const s = continuum("simulate", model, "--fail", "pangyo-idc", "--for", "2h", "--json");
    expect(JSON.parse(s.stdout).components.checkout).toMatchObject({ outages: [{ start: 0, end: 130 }], rtoBreached: true });
  });

  it("refuses a file that is not UTF-8 with what to do, and a usage error with exit 2", () => {
    const dir = mkdtempSync(join(tmpdir(), "continuum-import-"));
    const file = join(dir, "components.csv");
    writeFileSync(file, Buffer.from([0x69, 0x64, 0x2c, 0x6e, 0x61, 0x6d, 0x65, 0x0a, 0x61, 0x2c, 0xc6, 0xc7, 0xb1, 0xb3, 0x0a])); // "판교" in CP949
    const r = continuum("import", "csv", file);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file} is not UTF-8 text: save it from Excel as "CSV UTF-8"`);
    expect(continuum("import", "excel", file).stderr).toContain('unknown source "excel"');
  });
});

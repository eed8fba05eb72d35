import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { loadModel, loadModelOrThrow, loadScenarioOrThrow, simulate } from "../load.js";
import type { SourceFile } from "../model/source.js";
import { convertBackstageCatalog, isBackstageCatalog, parseEntityRef } from "./backstage.js";

const ROOT = join(__dirname, "../../../..");
const EXAMPLE = join(ROOT, "examples/backstage");

function catalogFiles(): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (e.name.endsWith(".yaml")) out.push({ path: relative(ROOT, path), text: readFileSync(path, "utf8") });
    }
  };
  walk(EXAMPLE);
  return out.filter((f) => isBackstageCatalog(f.text));
}

const entity = (kind: string, name: string, extra = "") => `apiVersion: backstage.io/v1alpha1\nkind: ${kind}\nmetadata:\n  name: ${name}\n${extra}`;
const convert = (...texts: string[]) => convertBackstageCatalog(texts.map((text, i) => ({ path: `catalog-${i + 1}.yaml`, text })));

describe("the example catalog (examples/backstage)", () => {
  const files = catalogFiles();
  const result = convertBackstageCatalog(files, { organization: "Example Music" });

  it("recognises the catalog files and not the scenario beside them", () => {
    expect(files.map((f) => f.path.replace(/^examples\/backstage\//, ""))).toEqual([
      "components/artist-lookup.yaml",
      "components/podcast.yaml",
      "components/www-artist.yaml",
      "org.yaml",
      "resources/databases.yaml",
      "systems.yaml",
    ]);
  });

  it("turns entities into components with continuity fields, relations both ways, and what Backstage knew", () => {
    expect(result.diagnostics).toEqual([]);
    const byId = new Map(result.model!.components.map((c) => [c.id, c]));
    expect([...byId.keys()].sort()).toEqual(
      ["artist-engagement-portal", "artist-lookup", "artists-db", "cdn-edge", "gasan-idc", "pangyo-idc", "podcast", "podcast-api", "podcast-db", "podcast-indexer", "www-artist"].sort(),
    );
    expect(byId.get("artist-lookup")).toMatchObject({
      name: "Artist Lookup",
      kind: "application",
      owner: "Team A (artists)", // the Group's profile.displayName
      site: "pangyo-idc",
      rto: "1h",
      restart: "10m",
      dependsOn: ["artists-db"],
      tags: ["java", "data", "system:artist-engagement-portal", "domain:artists"],
      annotations: { "backstage.io/techdocs-ref": "dir:.", "github.com/project-slug": "example/artist-lookup" },
      "x-backstage": { ref: "component:default/artist-lookup", type: "service", lifecycle: "production" },
    });
    // consumesApis: the provider of the API; dependencyOf on cdn-edge: podcast-api needs it
    expect(byId.get("www-artist")!.dependsOn).toEqual(["cdn-edge", "artist-lookup"]);
    expect(byId.get("podcast-api")!.dependsOn).toEqual(["podcast-db", "artist-lookup", "cdn-edge"]);
    // a system is a business service that needs its components
    expect(byId.get("artist-engagement-portal")).toMatchObject({ kind: "business-service", tier: 1, rto: "2h", mtpd: "8h", dependsOn: ["artist-lookup", "www-artist"] });
    expect(byId.get("pangyo-idc")).toEqual({ id: "pangyo-idc", kind: "site" });
    expect(byId.get("artists-db")).toMatchObject({ kind: "database", rpo: "5m", restart: "30m" });
    expect(byId.get("cdn-edge")!.kind).toBe("network");
    expect(result.text).toMatch(/^# Converted by `continuum import backstage` from 13 entities in 6 files/);
  });

  it("gives a model the engine loads without a warning and a fire it can simulate", () => {
    const { loaded, diagnostics } = loadModel([{ path: "model.yaml", text: result.text! }]);
    expect(diagnostics).toEqual([]);
    const scenario = loadScenarioOrThrow(loaded!.model, readFileSync(join(EXAMPLE, "pangyo-fire.scenario.yaml"), "utf8"));
    const json = simulate(loaded!, scenario);
    // Pangyo is out 10 h; then artists-db restarts (30 min), artist-lookup (10 min, back at 640),
    // www-artist, which consumes its API (5 min): the portal is back at 645, past its 8 h MTPD.
    // The podcast system needs artist-lookup too, through podcast-api (15 min): back at 655.
    expect(json.components["artist-engagement-portal"]).toMatchObject({ outages: [{ start: 0, end: 645 }], rtoBreached: true, mtpdBreached: true });
    expect(json.components["podcast"]).toMatchObject({ outages: [{ start: 0, end: 655 }], rtoBreached: true, mtpdBreached: false });
    expect(json.components["podcast-db"]).toBeUndefined();
  });

  it("gives the same ids whatever the order of the files", () => {
    const again = convertBackstageCatalog([...files].reverse(), { organization: "Example Music" });
    const ids = (r: typeof result) => r.model!.components.map((c) => c.id).sort();
    expect(ids(again)).toEqual(ids(result));
  });
});

describe("entity references, as Backstage reads them", () => {
  it("fills kind and namespace from the context, and reads a / before the : as part of the name", () => {
    expect(parseEntityRef("resource:default/orders-db", { namespace: "x" })).toEqual({ kind: "Resource", namespace: "default", name: "orders-db" });
    expect(parseEntityRef("component:orders", { namespace: "shop" })).toEqual({ kind: "Component", namespace: "shop", name: "orders" });
    expect(parseEntityRef("team-a", { kind: "Group", namespace: "default" })).toEqual({ kind: "Group", namespace: "default", name: "team-a" });
    expect(parseEntityRef("ns/a:b", { kind: "Component", namespace: "default" })).toEqual({ kind: "Component", namespace: "ns", name: "a:b" });
    expect(parseEntityRef("orders-db", { namespace: "default" })).toMatch(/names no kind/);
    expect(parseEntityRef("component:/x", { namespace: "default" })).toMatch(/not an entity reference/);
  });

  it("compares references without case", () => {
    const r = convert(entity("Resource", "Orders-DB"), entity("Component", "orders", "spec:\n  dependsOn: [Resource:default/orders-db]\n"));
    expect(r.diagnostics).toEqual([]);
    expect(r.model!.components.find((c) => c.id === "orders")!.dependsOn).toEqual(["orders-db"]);
  });
});

describe("what cannot be mapped is said clearly", () => {
  it("names the entity, file, line and the missing reference", () => {
    const r = convert(entity("Component", "orders", "spec:\n  type: service\n  dependsOn:\n    - resource:orders-db\n    - component:default/payments\n"));
    expect(r.model).toBeUndefined();
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ severity: "error", code: "backstage-unknown-ref", file: "catalog-1.yaml", line: 8, component: "component:default/orders", field: "spec.dependsOn[0]", message: "component:default/orders refers to resource:default/orders-db, which is not in the catalog" }),
      expect.objectContaining({ file: "catalog-1.yaml", line: 9, message: "component:default/orders refers to component:default/payments, which is not in the catalog" }),
    ]);
  });

  it("imports one service's catalog-info.yaml alone: a missing system or API is a warning, not an error", () => {
    const r = convert(entity("Component", "orders", "spec:\n  system: shop\n  consumesApis: [payments-api]\n"));
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ severity: "warning", line: 7, message: "component:default/orders refers to api:default/payments-api, which is not in the catalog; left out" }),
      expect.objectContaining({ severity: "warning", line: 6, message: "component:default/orders refers to system:default/shop, which is not in the catalog; left out" }),
    ]);
    expect(r.model!.components).toEqual([expect.objectContaining({ id: "orders" })]);
  });

  it("asks for a kind in dependsOn, as Backstage does", () => {
    const r = convert(entity("Resource", "orders-db"), entity("Component", "orders", "spec:\n  dependsOn: [orders-db]\n"));
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: "backstage-bad-ref", file: "catalog-2.yaml", line: 6, message: expect.stringContaining("names no kind; write it as resource:orders-db") })]);
  });

  it("checks the continuity annotations where they are written", () => {
    const r = convert(entity("Component", "orders", '  annotations:\n    continuum.io/tier: high\n    continuum.io/rto: "4"\n    continuum.io/mtpd: 2h\n'));
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ code: "backstage-bad-annotation", line: 6, field: "metadata.annotations.continuum.io/tier", message: expect.stringContaining('got "high"') }),
      expect.objectContaining({ code: "backstage-bad-annotation", line: 7, message: expect.stringContaining('"4" has no unit') }),
    ]);
    const inverted = convert(entity("Component", "orders", "  annotations:\n    continuum.io/rto: 4h\n    continuum.io/mtpd: 2h\n"));
    expect(inverted.diagnostics).toEqual([expect.objectContaining({ line: 6, message: "rto (4h) is longer than mtpd (2h)" })]);
  });

  it("refuses what is not a Backstage entity, and skips kinds with no place in the model", () => {
    const r = convert("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n");
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: "backstage-api-version", line: 1, column: 13 })]);
    const skipped = convert(entity("Location", "root", "spec:\n  targets: [./a.yaml]\n") + "---\n" + entity("Component", "a"));
    expect(skipped.diagnostics).toEqual([expect.objectContaining({ severity: "warning", code: "backstage-skipped", component: "location:default/root" })]);
    expect(skipped.model!.components.map((c) => c.id)).toEqual(["a"]);
  });

  it("reports an entity defined twice with both places", () => {
    const r = convert(entity("Component", "a"), entity("Component", "A"));
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: "backstage-duplicate", file: "catalog-2.yaml", message: "component:default/A is defined twice (first in catalog-1.yaml:1)" })]);
  });
});

describe("ids", () => {
  it("are valid model ids, unique across kinds and namespaces, whatever the order", () => {
    const texts = [entity("Component", "orders"), entity("Resource", "orders"), entity("Component", "orders", "  namespace: payments\n"), entity("Component", "Billing_V2")];
    const r = convert(...texts);
    expect(r.model!.components.map((c) => c.id)).toEqual(["orders-component", "orders-resource", "payments.orders", "billing_v2"]);
    expect(convert(...[...texts].reverse()).model!.components.map((c) => c.id).sort()).toEqual(["billing_v2", "orders-component", "orders-resource", "payments.orders"]);
    expect(() => loadModelOrThrow(r.text!)).not.toThrow();
  });
});

describe("recognising a catalog", () => {
  it("by its apiVersion, in YAML or JSON", () => {
    expect(isBackstageCatalog("# x\napiVersion: backstage.io/v1alpha1\nkind: Component\n")).toBe(true);
    expect(isBackstageCatalog('{\n  "apiVersion": "backstage.io/v1beta1",\n  "kind": "Component"\n}')).toBe(true);
    expect(isBackstageCatalog("continuum: 1\ncomponents: []\n")).toBe(false);
    expect(isBackstageCatalog("apiVersion: backstage.io/v2\n")).toBe(false);
  });
});

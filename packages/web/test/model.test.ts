import { describe, expect, it } from "vitest";
import { assignSites, blastRadius, buildGraph, cleanComponent, dependencyClosure, minutes, requirements, type FileComponent } from "../src/model/model";
import { fieldErrors, fieldKey } from "../src/app/errors";
import { ApiError } from "../src/app/api";

const comps: FileComponent[] = [
  { id: "pangyo", kind: "site" },
  { id: "gasan", kind: "site" },
  { id: "db-a", site: "pangyo" },
  { id: "db-b", site: "gasan" },
  { id: "api", site: "pangyo", dependsOn: [{ group: "db", members: ["db-a", "db-b"], mode: "active-passive" }] },
  { id: "talk", kind: "business-service", tier: 1, dependsOn: ["api"] },
  { id: "mail", kind: "business-service", dependsOn: ["db-b"] },
];

describe("graph", () => {
  const g = buildGraph(comps);
  it("lists requirements: site, hard dependencies and group members", () => {
    expect(requirements(comps[4]).sort()).toEqual(["db-a", "db-b", "pangyo"]);
  });
  it("blast radius is everything that depends on a component, transitively", () => {
    const ids = (xs: number[]) => xs.map((i) => g.ids[i]).sort();
    expect(ids(blastRadius(g, g.index.get("pangyo")!))).toEqual(["api", "db-a", "talk"]);
    expect(ids(blastRadius(g, g.index.get("db-b")!))).toEqual(["api", "mail", "talk"]);
    expect(ids(dependencyClosure(g, g.index.get("talk")!))).toEqual(["api", "db-a", "db-b", "gasan", "pangyo"]);
  });
  it("assigns a component to the one site all it needs shares, else to none", () => {
    const sites = assignSites(comps, g);
    const of = (id: string) => sites[g.index.get(id)!];
    expect(of("db-a")).toBe("pangyo");
    expect(of("pangyo")).toBe("pangyo");
    expect(of("api")).toBe("pangyo"); // its own site: wins
    expect(of("mail")).toBe("gasan"); // needs only gasan things
    expect(of("talk")).toBe("pangyo");
  });
  it("survives cycles", () => {
    const cyc: FileComponent[] = [
      { id: "a", dependsOn: ["b"] },
      { id: "b", dependsOn: ["a", "s1"] },
      { id: "s1", kind: "site" },
    ];
    const gc = buildGraph(cyc);
    expect(assignSites(cyc, gc)).toHaveLength(3);
    expect(blastRadius(gc, 0).map((i) => gc.ids[i]).sort()).toEqual(["b"]);
  });
});

describe("form helpers", () => {
  it("reads durations as the model does", () => {
    expect(minutes("1.5h")).toBe(90);
    expect(minutes(45)).toBe(45);
    expect(minutes("soon")).toBeUndefined();
    expect(minutes(undefined)).toBeUndefined();
  });
  it("leaves empty fields out of a saved component and keeps unknown ones", () => {
    expect(cleanComponent({ id: "x", name: "", tags: [], dependsOn: [], labels: { a: "b" }, rto: "1h" })).toEqual({ id: "x", labels: { a: "b" }, rto: "1h" });
  });
  it("maps the server's field paths to form fields", () => {
    expect(fieldKey("components[3].rto")).toBe("rto");
    expect(fieldKey("component.impact[0].from")).toBe("impact");
    expect(fieldKey("/password")).toBe("password");
    expect(fieldKey("body.email")).toBe("email");
    const e = new ApiError({ title: "invalid", status: 422, errors: [{ field: "components[0].rto", message: "rto too long" }, { message: "general" }, { field: "components[0].x", message: "w", severity: "warning" }] });
    expect(fieldErrors(e)).toEqual({ byField: { rto: "rto too long" }, general: ["general"] });
  });
});

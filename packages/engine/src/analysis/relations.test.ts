import { describe, expect, it } from "vitest";
import { loadModelOrThrow } from "../load.js";
import { dependenciesOf, dependentsIndex } from "./relations.js";

describe("relations in both directions", () => {
  const components = [
    { id: "dc", kind: "site" },
    { id: "db", site: "dc" },
    { id: "cache", site: "dc", dependsOn: ["dc"] },
    { id: "app", dependsOn: ["db", { members: ["cache", "db"] }] },
  ];

  it("names what a component needs once each: site, dependencies, group members", () => {
    expect(dependenciesOf(components[2])).toEqual(["dc"]);
    expect(dependenciesOf(components[3])).toEqual(["db", "cache"]);
  });

  it("reverses them: what needs each component, in model order, each once", () => {
    const index = dependentsIndex(components);
    expect(Object.fromEntries(index)).toEqual({ dc: ["db", "cache"], db: ["app"], cache: ["app"] });
    expect(index.has("app")).toBe(false);
  });

  it("reads the validated model the same way as the file", () => {
    const { model } = loadModelOrThrow(
      "continuum: 1\ncomponents:\n  - { id: dc, kind: site }\n  - { id: db, site: dc }\n  - { id: app, dependsOn: [db, { members: [db, dc], need: 1 }] }\n",
      { warnings: false },
    );
    expect(Object.fromEntries(dependentsIndex(model.components))).toEqual({ dc: ["db", "app"], db: ["app"] });
  });
});

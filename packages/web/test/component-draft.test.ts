import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseSource } from "@continuum/engine";
import { fromDraft, toDraft } from "../src/features/component/component-draft";
import type { FileComponent } from "../src/model/model";

const root = join(__dirname, "../../..");
const example = parseSource({ path: "model.yaml", text: readFileSync(join(root, "examples/pangyo-2022/model.yaml"), "utf8") }, [])!.documents[0] as { components: FileComponent[] };

describe("the component form", () => {
  it("gives back every component of the example exactly (keys, order, notes) when nothing is edited", () => {
    expect(example.components.length).toBeGreaterThan(20);
    for (const c of example.components) expect(JSON.stringify(fromDraft(toDraft(c), c)), c.id).toBe(JSON.stringify(c));
  });
  it("changes only the edited field", () => {
    const c = example.components.find((x) => x.impact?.length && x.dependsOn?.length)!;
    const d = toDraft(c);
    const edited = fromDraft({ ...d, rto: "3h" }, c);
    expect({ ...edited, rto: c.rto }).toEqual(c);
    expect(edited.rto).toBe("3h");
  });
  it("writes numbers for plain minutes and amounts, leaves out cleared fields", () => {
    const c: FileComponent = { id: "x", rto: "1h", owner: "ops", impact: [{ from: 0, perHour: 5, note: "n" }] };
    const d = toDraft(c);
    const out = fromDraft({ ...d, rto: "90", owner: "", impact: [{ ...d.impact[0], perHour: "1,000", once: "20" }] }, c);
    expect(out).toEqual({ id: "x", rto: 90, impact: [{ from: 0, perHour: 1000, note: "n", once: 20 }] });
  });
  it("keeps a group's mode and position among the dependencies", () => {
    const c: FileComponent = { id: "x", dependsOn: [{ group: "g", members: ["a", "b"], mode: "active-passive", failover: "30m" }, "c"] };
    expect(fromDraft(toDraft(c), c)).toEqual(c);
    const d = toDraft(c);
    const out = fromDraft({ ...d, hard: [...d.hard, "e"], groups: [{ ...d.groups[0], members: "a, b, d" }] }, c);
    expect(out.dependsOn).toEqual([{ group: "g", members: ["a", "b", "d"], mode: "active-passive", failover: "30m" }, "c", "e"]);
  });
});

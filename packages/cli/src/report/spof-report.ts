/** Single points of failure ranked by what their loss takes down for good, and the N-1 site test. */
import { sitesOf, type LoadedModel } from "@continuum/engine";
import type { Block, Cell } from "./document.js";
import { label } from "./labels.js";

export function spofReport(loaded: LoadedModel, spof: Map<number, number[]>): Block[] {
  const cm = loaded.compiled;
  const comps = loaded.model.components;
  const blocks: Block[] = [{ kind: "heading", level: 1, text: `Single points of failure${loaded.model.organization ? ` — ${loaded.model.organization}` : ""}` }];
  const services = [...spof.keys()];
  if (!services.length) {
    blocks.push({ kind: "para", text: "No component has a tier, so there is nothing to protect yet: give business services a `tier`." });
    return blocks;
  }
  // X → the services it takes down
  const takes = new Map<number, number[]>();
  for (const [s, xs] of spof) for (const x of xs) takes.set(x, [...(takes.get(x) ?? []), s]);
  const count = (x: number, tier: number) => (takes.get(x) ?? []).filter((s) => cm.tier[s] === tier).length;
  const ranked = [...takes.keys()]
    .filter((x) => count(x, 1) + count(x, 2) > 0)
    .sort((a, b) => count(b, 1) - count(a, 1) || count(b, 2) - count(a, 2) || (cm.ids[a] < cm.ids[b] ? -1 : 1));

  blocks.push({
    kind: "para",
    text: `${services.length} tiered service(s) checked against the loss of each of ${cm.n} component(s), each loss played as a scenario (broken at 0, never repaired).`,
  });
  blocks.push({ kind: "heading", level: 2, text: "Ranked by tier-1 and tier-2 services lost for good" });
  if (!ranked.length) blocks.push({ kind: "para", text: [{ text: "No single component takes down a tier-1 or tier-2 service.", tone: "good" }] });
  else
    blocks.push({
      kind: "table",
      head: ["#", "Component", "Kind", "Tier 1", "Tier 2", "Services lost"],
      align: ["right", "left", "left", "right", "right", "left"],
      rows: ranked.slice(0, 30).map((x, k): Cell[] => {
        const lost = (takes.get(x) ?? []).filter((s) => cm.tier[s] <= 2).sort((a, b) => cm.tier[a] - cm.tier[b] || (cm.ids[a] < cm.ids[b] ? -1 : 1));
        return [
          String(k + 1),
          label(comps[x], cm.ids[x]),
          comps[x].kind ?? "—",
          { text: String(count(x, 1)), tone: count(x, 1) ? "bad" : "dim" },
          { text: String(count(x, 2)), tone: count(x, 2) ? "warn" : "dim" },
          lost.slice(0, 6).map((s) => cm.ids[s]).join(", ") + (lost.length > 6 ? `, … ${lost.length - 6} more` : ""),
        ];
      }),
    });
  if (ranked.length > 30) blocks.push({ kind: "para", text: `… and ${ranked.length - 30} more (see --json).` });

  const sites = sitesOf(cm).map((id) => [comps[cm.index.get(id)!], cm.index.get(id)!] as const);
  if (sites.length) {
    blocks.push({ kind: "heading", level: 2, text: "N-1 site test: losing one site for good" });
    blocks.push({
      kind: "table",
      head: ["Site", "Verdict", "Tier-1 lost", "Tier-2 lost", "Other tiers lost"],
      rows: sites.map(([c, i]): Cell[] => {
        const lost = takes.get(i) ?? [];
        const t1 = lost.filter((s) => cm.tier[s] === 1);
        const t2 = lost.filter((s) => cm.tier[s] === 2);
        const rest = lost.filter((s) => cm.tier[s] > 2);
        return [
          label(c, c.id),
          t1.length + t2.length ? { text: "FAIL", tone: "bad" } : { text: "pass", tone: "good" },
          t1.map((s) => cm.ids[s]).join(", ") || "—",
          t2.map((s) => cm.ids[s]).join(", ") || "—",
          rest.length ? String(rest.length) : "—",
        ];
      }),
    });
  }

  blocks.push({ kind: "heading", level: 2, text: "Per service" });
  blocks.push({
    kind: "table",
    head: ["Service", "Tier", "Single points of failure"],
    rows: services
      .sort((a, b) => cm.tier[a] - cm.tier[b] || (cm.ids[a] < cm.ids[b] ? -1 : 1))
      .map((s): Cell[] => {
        const xs = spof.get(s)!.map((x) => cm.ids[x]).sort();
        return [label(comps[s], cm.ids[s]), String(cm.tier[s]), xs.length ? { text: xs.slice(0, 10).join(", ") + (xs.length > 10 ? `, … ${xs.length - 10} more` : ""), tone: "warn" } : { text: "none", tone: "good" }];
      }),
  });
  return blocks;
}

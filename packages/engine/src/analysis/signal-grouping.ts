/**
 * Dependency-aware grouping: alerts whose components fall under one root failure are one
 * incident with one root, not one page each. A signalled component is explained by another
 * signalled component it (transitively) requires; what is left unexplained are the roots. Roots
 * that sit in the same site are one failure of that site (400 hosts alerting in one building
 * are the building), so the site becomes the root, inferred. Last, the engine decides what hard
 * edges cannot: a group whose root goes DOWN when another group's root fails (through redundancy
 * groups that lose every member, say) joins that group.
 */
import type { CompiledModel } from "../compile/compiled-model.js";
import { byCodeUnit } from "../simulation/result.js";
import { Simulator } from "../simulation/simulator.js";

/** Past this many groups the pairwise engine check is skipped (it costs one run per pair). */
export const SIMULATED_GROUPING_LIMIT = 20;

const simulators = new WeakMap<CompiledModel, Simulator>();

export interface SignalGroup {
  /** the component the group's failure starts from */
  root: string;
  /** true when no signal names the root itself (a site inferred from its alerting components) */
  inferred: boolean;
  /** the signalled components in the group, sorted */
  components: string[];
}

export function groupSignalComponents(cm: CompiledModel, components: readonly string[]): { groups: SignalGroup[]; unknown: string[] } {
  const signalled = new Set<number>();
  const unknown = new Set<string>();
  for (const id of components) {
    const i = cm.index.get(id);
    if (i === undefined) unknown.add(id);
    else signalled.add(i);
  }
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    let y = x;
    while (y !== r) {
      const next = parent.get(y)!;
      parent.set(y, r);
      y = next;
    }
    return r;
  };
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  };
  for (const i of signalled) parent.set(i, i);

  // explained[i]: a signalled component that i requires through hard dependencies (its site included)
  const explained = new Set<number>();
  const seen = new Int32Array(cm.n).fill(-1);
  for (const i of signalled) {
    const stack = [i];
    seen[i] = i;
    while (stack.length) {
      const x = stack.pop()!;
      for (let e = cm.hardStart[x]; e < cm.hardStart[x + 1]; e++) {
        const t = cm.hardTarget[e];
        if (seen[t] === i) continue;
        seen[t] = i;
        if (signalled.has(t) && t !== i) {
          explained.add(i);
          union(i, t);
        }
        stack.push(t);
      }
    }
  }
  // unexplained roots in one site: the site failed
  const bySite = new Map<string, number[]>();
  for (const i of signalled) {
    if (explained.has(i)) continue;
    const site = cm.model.components[i].site;
    if (site === undefined) continue;
    const list = bySite.get(site);
    if (list) list.push(i);
    else bySite.set(site, [i]);
  }
  const siteOf = new Map<number, string>();
  for (const [site, members] of bySite) {
    if (members.length < 2) continue;
    for (const m of members) union(m, members[0]);
    siteOf.set(find(members[0]), site);
  }

  const members = new Map<number, number[]>();
  for (const i of signalled) {
    const r = find(i);
    const list = members.get(r);
    if (list) list.push(i);
    else members.set(r, [i]);
  }
  const groups: SignalGroup[] = [];
  for (const [r, list] of members) {
    const ids = list.map((i) => cm.ids[i]).sort(byCodeUnit);
    const site = siteOf.get(find(r));
    if (site !== undefined) {
      groups.push({ root: site, inferred: !signalled.has(cm.index.get(site) ?? -1), components: ids });
      continue;
    }
    // the root: a member nothing else in the group explains (in a cycle, the first by id)
    const roots = list.filter((i) => !explained.has(i)).map((i) => cm.ids[i]).sort(byCodeUnit);
    groups.push({ root: roots[0] ?? ids[0], inferred: false, components: ids });
  }
  groups.sort((a, b) => b.components.length - a.components.length || byCodeUnit(a.root, b.root));
  return { groups: mergeByFailure(cm, groups), unknown: [...unknown].sort(byCodeUnit) };
}

/** A group whose root the engine takes DOWN when another group's root fails joins that group. */
function mergeByFailure(cm: CompiledModel, groups: SignalGroup[]): SignalGroup[] {
  if (groups.length < 2 || groups.length > SIMULATED_GROUPING_LIMIT) return groups;
  let simulator = simulators.get(cm);
  if (!simulator) simulators.set(cm, (simulator = new Simulator(cm)));
  const out = [...groups];
  for (let a = 0; a < out.length; a++) {
    const root = cm.index.get(out[a].root);
    if (root === undefined) continue;
    const run = simulator.run({ horizon: 1, failures: [{ component: root, start: 0, end: Infinity }], plans: false, deadlocks: false });
    const down = new Set<number>();
    for (let k = 0; k < run.outageCount; k++) if (run.outageStart[k] === 0) down.add(run.outageComponent[k]);
    for (let b = 0; b < out.length; b++) {
      if (b === a) continue;
      const other = cm.index.get(out[b].root);
      if (other === undefined || !down.has(other)) continue;
      out[a] = { ...out[a], components: [...new Set([...out[a].components, ...out[b].components])].sort(byCodeUnit) };
      out.splice(b, 1);
      if (b < a) a--;
      b--;
    }
  }
  return out.sort((x, y) => y.components.length - x.components.length || byCodeUnit(x.root, y.root));
}

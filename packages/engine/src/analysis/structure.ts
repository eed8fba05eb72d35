/**
 * Facts about the dependency graph that are legal but suspicious: circular waits, components
 * nothing needs, and RTOs the restart chain below a service can never meet.
 */
import type { CompiledModel } from "../compile/compiled-model.js";

/** Strongly connected components of the requirement graph (hard dependencies and group members). */
export interface Components {
  /** scc[i] = index of i's strongly connected component; dependencies get lower indexes */
  scc: Int32Array;
  count: number;
  /** members of SCCs that are cycles (size > 1, or a component that needs itself) */
  cycles: number[][];
}

export function requirementTargets(cm: CompiledModel, i: number, visit: (j: number) => void): void {
  for (let e = cm.hardStart[i]; e < cm.hardStart[i + 1]; e++) visit(cm.hardTarget[e]);
  for (let g = cm.groupStart[i]; g < cm.groupStart[i + 1]; g++) {
    for (let e = cm.memberStart[g]; e < cm.memberStart[g + 1]; e++) visit(cm.memberTarget[e]);
  }
}

/** Iterative Tarjan: no recursion, so a million-deep chain cannot overflow the stack. */
export function stronglyConnected(cm: CompiledModel): Components {
  const n = cm.n;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const scc = new Int32Array(n).fill(-1);
  const stack: number[] = [];
  const cycles: number[][] = [];
  let counter = 0;
  let count = 0;
  // explicit call stack of (node, edge cursor); the cursor walks hard targets then group members
  const callNode = new Int32Array(n);
  const callEdge = new Int32Array(n);
  const targets = (i: number): number[] => {
    const out: number[] = [];
    requirementTargets(cm, i, (j) => out.push(j));
    return out;
  };
  const adjacency: Array<number[] | undefined> = new Array(n);
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    let depth = 0;
    callNode[0] = root;
    callEdge[0] = 0;
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (depth >= 0) {
      const v = callNode[depth];
      const adj = (adjacency[v] ??= targets(v));
      if (callEdge[depth] < adj.length) {
        const w = adj[callEdge[depth]++];
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          depth++;
          callNode[depth] = w;
          callEdge[depth] = 0;
        } else if (onStack[w] && index[w] < low[v]) low[v] = index[w];
        continue;
      }
      if (low[v] === index[v]) {
        const members: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          scc[w] = count;
          members.push(w);
        } while (w !== v);
        if (members.length > 1 || adj.includes(v)) cycles.push(members);
        count++;
      }
      adjacency[v] = undefined;
      depth--;
      if (depth >= 0) {
        const parent = callNode[depth];
        if (low[v] < low[parent]) low[parent] = low[v];
      }
    }
  }
  return { scc, count, cycles };
}

/** One concrete circle inside a cyclic SCC, for explaining it: a → b → c → a. */
export function cyclePath(cm: CompiledModel, members: number[], scc: Int32Array): number[] {
  const start = members.reduce((a, b) => (b < a ? b : a)); // no spread: a cycle may hold every component
  const id = scc[start];
  const prev = new Map<number, number>();
  const queue = [start];
  while (queue.length) {
    const v = queue.shift()!;
    let found = false;
    requirementTargets(cm, v, (w) => {
      if (found || scc[w] !== id) return;
      if (w === start) {
        found = true;
        prev.set(-1, v);
        return;
      }
      if (!prev.has(w)) {
        prev.set(w, v);
        queue.push(w);
      }
    });
    if (found) break;
  }
  const path = [start];
  let v = prev.get(-1);
  while (v !== undefined && v !== start) {
    path.push(v);
    v = prev.get(v);
  }
  path.push(start);
  // path was built backwards from the closing edge: start ← ... ; reverse the inner part
  return [start, ...path.slice(1, -1).reverse(), start];
}

export interface RestartChain {
  total: number;
  /** the components along the longest chain, from the service down */
  path: number[];
}

/**
 * Longest sum of `restart` along hard dependencies below each component (itself included):
 * after a whole-site loss this is the least time the component needs to come back.
 * Edges inside a cycle are skipped (the cycle is reported on its own).
 */
export function restartChains(cm: CompiledModel, comps: Components): { total: Float64Array; next: Int32Array } {
  const n = cm.n;
  const total = new Float64Array(n);
  const next = new Int32Array(n).fill(-1);
  // SCC indexes are assigned dependencies-first, so sorting by SCC index is a valid order
  const order = new Int32Array(n);
  const bucket = new Int32Array(comps.count + 1);
  for (let i = 0; i < n; i++) bucket[comps.scc[i] + 1]++;
  for (let k = 0; k < comps.count; k++) bucket[k + 1] += bucket[k];
  for (let i = 0; i < n; i++) order[bucket[comps.scc[i]]++] = i;
  for (let k = 0; k < n; k++) {
    const i = order[k];
    let best = 0;
    let via = -1;
    for (let e = cm.hardStart[i]; e < cm.hardStart[i + 1]; e++) {
      const j = cm.hardTarget[e];
      if (comps.scc[j] === comps.scc[i]) continue;
      if (total[j] > best) {
        best = total[j];
        via = j;
      }
    }
    total[i] = cm.restart[i] + best;
    next[i] = via;
  }
  return { total, next };
}

export function chainPath(next: Int32Array, from: number): number[] {
  const path = [from];
  for (let v = next[from]; v >= 0 && path.length < 1000; v = next[v]) path.push(v);
  return path;
}

/** Components no other component, group or plan refers to. */
export function unreferenced(cm: CompiledModel): number[] {
  const referenced = new Uint8Array(cm.n);
  for (const t of cm.hardTarget) referenced[t] = 1;
  for (const t of cm.memberTarget) referenced[t] = 1;
  for (const c of cm.watchingPlans.keys()) referenced[c] = 1;
  for (const c of cm.needingSteps.keys()) referenced[c] = 1;
  for (const s of cm.steps) {
    for (const c of s.start) referenced[c] = 1;
    for (const c of s.repair) referenced[c] = 1;
  }
  for (const p of cm.model.plans) for (const id of p.covers) referenced[cm.index.get(id)!] = 1;
  // people and teams named by teams and plan documents are in use though nothing depends on them
  const mark = (id: unknown) => {
    const i = typeof id === "string" ? cm.index.get(id) : undefined;
    if (i !== undefined) referenced[i] = 1;
  };
  for (const c of cm.model.components) {
    for (const m of c.members ?? []) mark(m.id);
    for (const a of c.alternates ?? []) mark(a);
  }
  for (const p of cm.model.plans) {
    const roles = p.document.roles;
    mark(roles?.commander);
    mark(roles?.deputy);
    for (const t of roles?.teams ?? []) {
      mark(t.team);
      for (const a of t.alternates ?? []) mark(a);
    }
    for (const r of p.document.resources ?? []) mark(r);
    for (const s of p.steps) mark(s.owner);
  }
  const out: number[] = [];
  for (let i = 0; i < cm.n; i++) if (!referenced[i]) out.push(i);
  return out;
}

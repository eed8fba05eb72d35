/**
 * The model as the API sends it (the file format as JSON: durations may be "1h" or minutes) and
 * the graph questions pages ask of it: what a component needs, what needs it, its site, its blast
 * radius.
 */
import { KNOWN_KINDS, parseDuration } from "@continuum/engine";

export type Duration = number | string;

export interface FileImpact {
  from: Duration;
  perHour?: number;
  once?: number;
  category?: string;
  note?: string;
}

export interface FileGroup {
  group?: string;
  members: string[];
  need?: number;
  mode?: "active-active" | "active-passive";
  failover?: Duration | "manual";
}

export type FileDependency = string | FileGroup;

export interface FileComponent {
  id: string;
  name?: string;
  kind?: string;
  site?: string;
  owner?: string;
  description?: string;
  tags?: string[];
  restart?: Duration;
  standby?: boolean;
  tier?: number;
  rto?: Duration;
  rpo?: Duration;
  mtpd?: Duration;
  mbco?: string;
  impact?: FileImpact[];
  dependsOn?: FileDependency[];
  [key: string]: unknown;
}

export interface FileModel {
  continuum: 1;
  organization?: string;
  currency?: string;
  components: FileComponent[];
  plans?: Array<Record<string, unknown>>;
  [key: string]: unknown;
}

/** The engine's known kinds (one list: the reader's). */
export const KINDS = KNOWN_KINDS;

export const CATEGORIES = ["financial", "customer", "regulatory", "reputational", "safety"] as const;
export type Category = (typeof CATEGORIES)[number];

/** Minutes, or undefined when absent or unreadable. */
export function minutes(value: Duration | undefined | null): number | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  const d = parseDuration(value);
  return d.ok ? d.minutes : undefined;
}

export function isGroup(d: FileDependency): d is FileGroup {
  return typeof d === "object" && d !== null && Array.isArray((d as FileGroup).members);
}

/** Every component a component needs (site, hard dependencies, group members), each once. */
export function requirements(c: FileComponent): string[] {
  const out = new Set<string>();
  if (c.site) out.add(c.site);
  for (const d of c.dependsOn ?? []) {
    if (typeof d === "string") out.add(d);
    else if (isGroup(d)) for (const m of d.members) out.add(m);
  }
  return [...out];
}

export function isService(c: Pick<FileComponent, "kind" | "tier">): boolean {
  return c.kind === "business-service" || (typeof c.tier === "number" && c.tier > 0);
}

/** A graph over the model with integer ids and both directions, for maps and blast radii. */
export interface Graph {
  ids: string[];
  index: Map<string, number>;
  /** needs[i] = what i requires */
  needs: number[][];
  /** neededBy[i] = what requires i */
  neededBy: number[][];
}

export function buildGraph(components: readonly FileComponent[]): Graph {
  const ids = components.map((c) => c.id);
  const index = new Map(ids.map((id, i) => [id, i]));
  const needs: number[][] = components.map(() => []);
  const neededBy: number[][] = components.map(() => []);
  components.forEach((c, i) => {
    for (const r of requirements(c)) {
      const j = index.get(r);
      if (j === undefined) continue;
      needs[i].push(j);
      neededBy[j].push(i);
    }
  });
  return { ids, index, needs, neededBy };
}

/** Everything that depends on `start`, transitively (not including `start`), in BFS order. */
export function blastRadius(graph: Pick<Graph, "neededBy">, start: number): number[] {
  const seen = new Uint8Array(graph.neededBy.length);
  seen[start] = 1;
  const out: number[] = [];
  const queue = [start];
  for (let q = 0; q < queue.length; q++) {
    for (const k of graph.neededBy[queue[q]]) {
      if (seen[k]) continue;
      seen[k] = 1;
      out.push(k);
      queue.push(k);
    }
  }
  return out;
}

/** Everything `start` depends on, transitively. */
export function dependencyClosure(graph: Pick<Graph, "needs">, start: number): number[] {
  return blastRadius({ neededBy: graph.needs }, start);
}

/**
 * The site each component belongs to: its own `site:`, itself for a site, else the one site all
 * its requirements share (so a service running only in one data center is drawn there); null
 * when it spans sites or has none.
 */
export function assignSites(components: readonly FileComponent[], graph: Graph): Array<string | null> {
  const n = components.length;
  const site: Array<string | null | undefined> = new Array(n);
  const MIXED = null;
  const state = new Uint8Array(n); // 0 new, 1 visiting, 2 done
  const resolve = (root: number) => {
    // iterative DFS: requirements first
    const stack: Array<[number, number]> = [[root, 0]];
    state[root] = 1;
    while (stack.length) {
      const top = stack[stack.length - 1];
      const [i, k] = top;
      const c = components[i];
      if (c.site || c.kind === "site") {
        site[i] = c.kind === "site" ? c.id : c.site!;
        state[i] = 2;
        stack.pop();
        continue;
      }
      const reqs = graph.needs[i];
      if (k < reqs.length) {
        top[1]++;
        const j = reqs[k];
        if (state[j] === 0) {
          state[j] = 1;
          stack.push([j, 0]);
        }
        continue;
      }
      let s: string | null | undefined;
      for (const j of reqs) {
        const sj = state[j] === 2 ? site[j] : undefined; // inside a cycle: not known yet, ignore
        if (sj === undefined) continue;
        if (sj === MIXED) {
          s = MIXED;
          break;
        }
        if (s === undefined) s = sj;
        else if (s !== sj) {
          s = MIXED;
          break;
        }
      }
      site[i] = s ?? MIXED;
      state[i] = 2;
      stack.pop();
    }
  };
  for (let i = 0; i < n; i++) if (state[i] === 0) resolve(i);
  return site.map((s) => s ?? null);
}

/** A component edited in the form back to the file format: empty fields are left out. */
export function cleanComponent(c: FileComponent): FileComponent {
  const out: FileComponent = { id: c.id };
  for (const [k, v] of Object.entries(c)) {
    if (k === "id") continue;
    if (v === undefined || v === null || v === "") continue;
    if (Array.isArray(v) && v.length === 0 && (k === "dependsOn" || k === "impact" || k === "tags")) continue;
    out[k] = v;
  }
  return out;
}

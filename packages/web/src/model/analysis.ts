/**
 * What the engine worker computes beyond the contract's JSON: the analysis (the N-1 site table and
 * RTO inversions come from the engine) and, for a what-if, the rows of the timeline, the loss over
 * time and the deadlocks explained.
 * Pure functions of a loaded model (tested in Node; run in the worker).
 */
import {
  compileImpact,
  outageLoss,
  readScenario,
  rtoInversions,
  simulate,
  simulateWithWaits,
  singlePointsOfFailure,
  siteLosses,
  withCapacities,
  spofJSON,
  type Diagnostic,
  type LoadedModel,
  type SimulationJSON,
  type Simulator,
} from "@continuum/engine";
import type { Analysis, BlockedStep, DeadlockExplanation, ServiceRow, WhatIfResult } from "./protocol";

export interface EngineState {
  loaded: LoadedModel;
  simulator: Simulator;
  analysis?: Analysis;
}

// ---- analysis ----------------------------------------------------------------------------

export function analyze(s: EngineState): Analysis {
  if (s.analysis) return s.analysis;
  const t0 = performance.now();
  const cm = s.loaded.compiled;
  const spof = spofJSON(cm, singlePointsOfFailure(cm, { simulator: s.simulator })).spof;
  // "down for good" on the dashboard is about the tier-1 and tier-2 services
  const tier12: number[] = [];
  for (let i = 0; i < cm.n; i++) if (cm.tier[i] === 1 || cm.tier[i] === 2) tier12.push(i);
  const n1Sites = siteLosses(cm, { simulator: s.simulator, services: tier12 });
  const analysis: Analysis = { spof, n1Sites, rtoInversions: rtoInversions(cm), ms: performance.now() - t0 };
  s.analysis = analysis;
  return analysis;
}

// ---- what-if ------------------------------------------------------------------------------

/** `capacities`: component id → capacity for this what-if only ("what if we had one more DBA"). */
export function whatIf(s: EngineState, scenarioFile: unknown, capacities: Record<string, number> = {}): WhatIfResult {
  const t0 = performance.now();
  const rejected = (diagnostics: Diagnostic[]) => {
    const err = new Error(diagnostics.map((d) => d.message).join("\n")) as Error & { diagnostics: Diagnostic[] };
    err.diagnostics = diagnostics;
    return err;
  };
  const { scenario, diagnostics } = readScenario({ path: "scenario.json", text: JSON.stringify(scenarioFile) }, s.loaded.model);
  if (!scenario) throw rejected(diagnostics);
  // another capacity is another model: compiled for this run only (the kept simulator is the model's)
  const changed = Object.keys(capacities).length ? withCapacities(s.loaded, capacities) : undefined;
  if (changed && !changed.loaded) throw rejected(changed.diagnostics);
  const { json, capacityWaits } = changed ? simulateWithWaits(changed.loaded!, scenario) : simulateWithWaits(s.loaded, scenario, s.simulator);
  const cm = s.loaded.compiled;
  const comps = cm.model.components;

  const services: ServiceRow[] = [];
  let until = 0;
  let ongoing = false;
  for (const [id, r] of Object.entries(json.components)) {
    for (const o of r.outages) {
      if (o.end === null) ongoing = true;
      else until = Math.max(until, o.end);
    }
    const i = cm.index.get(id)!;
    const c = comps[i];
    if (!(cm.tier[i] > 0 || c.kind === "business-service")) continue;
    services.push({
      id,
      name: c.name,
      tier: c.tier,
      rto: c.rto,
      mtpd: c.mtpd,
      outages: r.outages,
      longest: r.longestOutageMinutes,
      rtoBreached: r.rtoBreached,
      mtpdBreached: r.mtpdBreached,
      loss: r.loss,
    });
    const first = r.outages[0]?.start ?? 0;
    if (c.mtpd !== undefined) until = Math.max(until, first + c.mtpd * 1.1);
    else if (c.rto !== undefined) until = Math.max(until, first + c.rto * 1.2);
  }
  services.sort((a, b) => (a.tier ?? 99) - (b.tier ?? 99) || a.outages[0].start - b.outages[0].start || (a.id < b.id ? -1 : 1));
  until = ongoing ? json.horizonMinutes : Math.min(json.horizonMinutes, Math.max(60, until * 1.05));

  const result: WhatIfResult = {
    json,
    ms: 0,
    services,
    until,
    lossCurve: lossCurve(s, json, until),
    ...deadlocks(s, json),
    blockedSteps: blockedSteps(json),
    componentsDown: Object.keys(json.components).length,
    capacityWaits,
    capacities,
  };
  result.ms = performance.now() - t0;
  return result;
}

export function lossCurve(s: EngineState, json: SimulationJSON, until: number): { t: number[]; loss: number[] } {
  const cm = s.loaded.compiled;
  const points = 200;
  const t = Array.from({ length: points + 1 }, (_, k) => (until * k) / points);
  const loss = new Array<number>(t.length).fill(0);
  for (const [id, r] of Object.entries(json.components)) {
    const i = cm.index.get(id)!;
    if (!cm.hasImpact[i]) continue;
    const curve = compileImpact(cm.model.components[i].impact);
    for (const o of r.outages) {
      const end = o.end ?? json.horizonMinutes;
      for (let k = 0; k < t.length; k++) {
        if (t[k] <= o.start) continue;
        loss[k] += outageLoss(curve, Math.min(t[k], end) - o.start);
      }
    }
  }
  return { t, loss };
}

/** Who waits on whom among the components that can never come back, and the circles among them. */
export function deadlocks(s: EngineState, json: SimulationJSON): { deadlocks: DeadlockExplanation[]; cycles: string[][] } {
  if (!json.deadlocked.length) return { deadlocks: [], cycles: [] };
  const cm = s.loaded.compiled;
  const stuck = new Set(json.deadlocked.map((id) => cm.index.get(id)!));
  const waits = new Map<number, number[]>();
  for (const i of stuck) {
    const on = new Set<number>();
    for (let e = cm.hardStart[i]; e < cm.hardStart[i + 1]; e++) if (stuck.has(cm.hardTarget[e])) on.add(cm.hardTarget[e]);
    for (let g = cm.groupStart[i]; g < cm.groupStart[i + 1]; g++) {
      let free = 0;
      const blocked: number[] = [];
      for (let e = cm.memberStart[g]; e < cm.memberStart[g + 1]; e++) {
        const m = cm.memberTarget[e];
        if (stuck.has(m)) blocked.push(m);
        else free++;
      }
      if (free < cm.groupNeed[g]) blocked.forEach((m) => on.add(m));
    }
    waits.set(i, [...on]);
  }
  const explanations = [...stuck]
    .map((i) => ({ id: cm.ids[i], waitsOn: waits.get(i)!.map((j) => cm.ids[j]).sort() }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  // circles: strongly connected parts of the waits-on graph, one path each
  const cycles: string[][] = [];
  const index = new Map<number, number>();
  const low = new Map<number, number>();
  const onStack = new Set<number>();
  const stack: number[] = [];
  let counter = 0;
  const strong = (v: number) => {
    // recursion depth is bounded by the deadlocked set, which is small in practice; guard anyway
    if (counter > 5000) return;
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of waits.get(v) ?? []) {
      if (!index.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const members: number[] = [];
      let w: number;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        members.push(w);
      } while (w !== v);
      if (members.length > 1 || (waits.get(v) ?? []).includes(v)) cycles.push(cyclePath(members, waits).map((k) => cm.ids[k]));
    }
  };
  for (const i of [...stuck].sort((a, b) => a - b)) if (!index.has(i)) strong(i);
  return { deadlocks: explanations, cycles: cycles.slice(0, 20) };
}

function cyclePath(members: number[], waits: Map<number, number[]>): number[] {
  const inside = new Set(members);
  const start = members.reduce((a, b) => (b < a ? b : a)); // no spread: a cycle may hold every component
  const prev = new Map<number, number>();
  const queue = [start];
  for (let q = 0; q < queue.length; q++) {
    const v = queue[q];
    for (const w of waits.get(v) ?? []) {
      if (!inside.has(w)) continue;
      if (w === start) {
        const path = [v];
        let u = v;
        while (u !== start) {
          u = prev.get(u)!;
          path.push(u);
        }
        return [...path.reverse(), start];
      }
      if (!prev.has(w)) {
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}

export function blockedSteps(json: SimulationJSON): BlockedStep[] {
  const out: BlockedStep[] = [];
  for (const [plan, p] of Object.entries(json.plans ?? {})) {
    if (p.activatedAt === null) continue;
    for (const [step, r] of Object.entries(p.steps)) {
      if (r.end !== null) continue;
      if (r.waitingForComponents?.length || r.waitingForSteps?.length || r.waitingForCapacity?.length) {
        out.push({ plan, step, waitingForComponents: r.waitingForComponents ?? [], waitingForSteps: r.waitingForSteps ?? [], waitingForCapacity: r.waitingForCapacity ?? [] });
      }
    }
  }
  return out;
}

/**
 * Single points of failure, decided as the contract says: X is one for S when breaking X alone at
 * time 0, for ever, leaves S DOWN once nothing more can happen. Each X is a real simulation
 * (plans ignored), so switchover gaps inside cycles count; a run costs only what it touches.
 */
import type { CompiledModel } from "../compile/compiled-model.js";
import { Simulator } from "../simulation/simulator.js";

export interface SpofOptions {
  /** components to test as X (default: all) */
  candidates?: Iterable<number>;
  /** services to report as S (default: every component with a tier) */
  services?: Iterable<number>;
  onProgress?: (done: number, total: number) => void;
  simulator?: Simulator;
}

/** For each service S, the components X whose loss alone takes S down for good (ascending index). */
export function singlePointsOfFailure(cm: CompiledModel, options: SpofOptions = {}): Map<number, number[]> {
  const sim = options.simulator ?? new Simulator(cm);
  const services = options.services ? [...options.services] : tiered(cm);
  const isService = new Uint8Array(cm.n);
  for (const s of services) isService[s] = 1;
  const result = new Map<number, number[]>(services.map((s) => [s, []]));
  const candidates = options.candidates ? [...options.candidates] : null;
  const total = candidates ? candidates.length : cm.n;
  const failures = [{ component: 0, start: 0, end: Infinity }];
  const input = { horizon: Infinity, failures, plans: false, deadlocks: false };
  const every = Math.max(1, Math.floor(total / 100));
  for (let k = 0; k < total; k++) {
    const x = candidates ? candidates[k] : k;
    failures[0].component = x;
    sim.run(input);
    const up = sim.up;
    for (const s of sim.touchedComponents) if (isService[s] && s !== x && !up[s]) result.get(s)!.push(x);
    // cold standbys no plan starts stay DOWN whatever breaks
    for (const s of sim.initiallyDown) if (isService[s] && s !== x && !up[s] && !sim.touchedComponents.includes(s)) result.get(s)!.push(x);
    if (options.onProgress && k % every === 0) options.onProgress(k, total);
  }
  options.onProgress?.(total, total);
  for (const list of result.values()) list.sort((a, b) => a - b);
  return result;
}

export function tiered(cm: CompiledModel): number[] {
  const out: number[] = [];
  for (let i = 0; i < cm.n; i++) if (cm.tier[i] > 0) out.push(i);
  return out;
}

/** The contract's `spof --json` object: lists sorted by id. */
export function spofJSON(cm: CompiledModel, spof: Map<number, number[]>): { spof: Record<string, string[]> } {
  const out: Record<string, string[]> = {};
  for (const [s, xs] of spof) out[cm.ids[s]] = xs.map((x) => cm.ids[x]).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { spof: out };
}

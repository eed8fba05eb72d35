/**
 * RTO inversions: a service whose RTO is shorter than the RTO of something it needs cannot be
 * trusted to meet it. Walks hard requirements below each component with an RTO down to the nearest
 * ones that have one (a component without an RTO is looked through, not judged).
 */
import type { CompiledModel } from "../compile/compiled-model.js";

export interface RtoInversion {
  service: string;
  /** minutes */
  serviceRto: number;
  dependency: string;
  /** minutes */
  dependencyRto: number;
}

/** Stops collecting past `limit` inversions (a broken model can have millions; the first show the pattern). */
export function rtoInversions(cm: CompiledModel, limit = 500): RtoInversion[] {
  const out: RtoInversion[] = [];
  const seen = new Int32Array(cm.n).fill(-1);
  for (let s = 0; s < cm.n && out.length < limit; s++) {
    if (!Number.isFinite(cm.rto[s])) continue;
    const stack: number[] = [];
    const push = (j: number) => {
      if (seen[j] === s || j === s) return;
      seen[j] = s;
      stack.push(j);
    };
    for (let e = cm.hardStart[s]; e < cm.hardStart[s + 1]; e++) push(cm.hardTarget[e]);
    while (stack.length) {
      const j = stack.pop()!;
      if (Number.isFinite(cm.rto[j])) {
        if (cm.rto[j] > cm.rto[s]) out.push({ service: cm.ids[s], serviceRto: cm.rto[s], dependency: cm.ids[j], dependencyRto: cm.rto[j] });
        continue;
      }
      for (let e = cm.hardStart[j]; e < cm.hardStart[j + 1]; e++) push(cm.hardTarget[e]);
    }
  }
  return out.slice(0, limit);
}

/// <reference lib="webworker" />
/**
 * The risk engine in its own Web Worker (a simulation of many years must not hold up the what-if
 * worker): reads a model (the organization's, a revision, or files opened from disk), places each
 * risk on the heat map from its occurrence losses, and simulates years with progress messages.
 */
import {
  assessRisks,
  loadModel,
  PreparedRisks,
  readRisks,
  riskStatistics,
  simulateYears,
  type Diagnostic,
} from "@continuum/engine";
import type { RiskAnswer, RiskModelInfo, RiskRequest } from "./risk-protocol";

interface Loaded {
  prep: PreparedRisks;
  info: RiskModelInfo;
}

const cache = new Map<string, Loaded>();
const MAX_MODELS = 4;
const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (answer: RiskAnswer) => scope.postMessage(answer);

class ModelProblem extends Error {
  constructor(message: string, readonly diagnostics: Diagnostic[]) {
    super(message);
  }
}

function load(key: string, files: Array<{ path: string; text: string }>): Loaded {
  const hit = cache.get(key);
  if (hit) return hit;
  const { loaded, diagnostics } = loadModel(files, { warnings: false });
  if (!loaded) throw new ModelProblem("the model is invalid", diagnostics.filter((d) => d.severity === "error"));
  const reading = readRisks(loaded.model, files.length === 1 && files[0].path.endsWith(".json") ? undefined : files);
  if (!reading.riskModel) throw new ModelProblem("the risks of the model are invalid", reading.diagnostics.filter((d) => d.severity === "error"));
  const rm = reading.riskModel;
  const info: RiskModelInfo = {
    organization: loaded.model.organization,
    currency: rm.currency,
    risks: rm.risks.length,
    policies: rm.policies.map((p) => ({ id: p.id, name: p.name, premium: p.premium })),
    appetite: rm.appetite,
  };
  const entry = { prep: new PreparedRisks(loaded.compiled, rm), info };
  cache.set(key, entry);
  while (cache.size > MAX_MODELS) cache.delete(cache.keys().next().value!);
  return entry;
}

scope.onmessage = (event: MessageEvent<RiskRequest>) => {
  const req = event.data;
  const { id } = req;
  try {
    const { prep, info } = load(req.key, req.files);
    if (req.type === "assess") {
      const result = assessRisks(prep, { occurrences: req.occurrences ?? 1000, seed: 1, onProgress: (done, total) => post({ id, progress: done / total }) });
      post({ id, ok: true, result: { info, ...result } });
      return;
    }
    const t0 = performance.now();
    const years = req.years;
    const results = simulateYears(prep, {
      seed: req.seed,
      from: 0,
      to: years,
      progressEvery: Math.max(100, Math.floor(years / 100)),
      onProgress: (done) => post({ id, progress: done / years }),
    });
    const statistics = riskStatistics(results, prep);
    post({ id, ok: true, result: { info, statistics, ms: performance.now() - t0 } });
  } catch (e) {
    post({ id, ok: false, error: (e as Error).message, diagnostics: (e as { diagnostics?: Diagnostic[] }).diagnostics });
  }
};

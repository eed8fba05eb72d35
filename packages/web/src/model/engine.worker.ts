/// <reference lib="webworker" />
/**
 * The engine in a Web Worker: loads a model once (per key: org and revision), then answers
 * what-ifs, single points of failure and the N-1 site test without blocking the page.
 */
import { loadModel, parseSource, Simulator, type Diagnostic, type LoadedModel, type Model } from "@continuum/engine";
import { analyze, whatIf } from "./analysis";
import type { Analysis, Answer, LoadInfo, Request } from "./protocol";

interface State {
  loaded: LoadedModel;
  simulator: Simulator;
  info: LoadInfo;
  analysis?: Analysis;
}

const cache = new Map<string, State>();
const MAX_MODELS = 4;

const post = (answer: Answer, transfer: Transferable[] = []) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(answer, transfer);

self.onmessage = (event: MessageEvent<{ id: number } & Request>) => {
  const { id } = event.data;
  try {
    const result = handle(event.data);
    post({ id, ok: true, result });
  } catch (e) {
    const diagnostics = (e as { diagnostics?: Diagnostic[] }).diagnostics;
    post({ id, ok: false, error: (e as Error).message, diagnostics });
  }
};

function handle(req: Request): unknown {
  switch (req.type) {
    case "load":
      return load(req.key, req.text);
    case "analyze":
      return analyze(state(req.key));
    case "simulate":
      return whatIf(state(req.key), req.scenario, req.capacities);
    case "parse":
      return req.files.map((f) => {
        const diagnostics: Diagnostic[] = [];
        const parsed = parseSource(f, diagnostics);
        return { path: f.path, documents: parsed?.documents ?? [], diagnostics };
      });
    case "check": {
      const { loaded, diagnostics } = loadModel(req.files);
      return { ok: !!loaded, diagnostics };
    }
  }
}

function state(key: string): State {
  const s = cache.get(key);
  if (!s) throw new Error(`model ${key} is not loaded`);
  return s;
}

function stripModel(model: Model): Model {
  return {
    ...model,
    components: model.components.map(({ source: _s, ...c }) => c),
    plans: model.plans.map(({ source: _s, ...p }) => p),
  };
}

function load(key: string, text: string): LoadInfo {
  const cached = cache.get(key);
  if (cached) return cached.info;
  const t0 = performance.now();
  const { loaded, diagnostics } = loadModel([{ path: "model.json", text }]);
  if (!loaded) return { ok: false, diagnostics, ms: performance.now() - t0 };
  const simulator = new Simulator(loaded.compiled);
  // the model came from the API as one line of JSON: a line number would point nowhere
  const diagnostics_ = loaded.warnings.map(({ file: _f, line: _l, column: _c, ...d }) => d);
  const info: LoadInfo = { ok: true, diagnostics: diagnostics_, model: stripModel(loaded.model), ms: performance.now() - t0 };
  cache.set(key, { loaded, simulator, info });
  while (cache.size > MAX_MODELS) cache.delete(cache.keys().next().value!);
  return info;
}


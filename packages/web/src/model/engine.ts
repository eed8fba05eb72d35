/** The page's side of the engine worker: promise-based calls, one worker for the whole app. */
import type { Diagnostic } from "@continuum/engine";
import type { Analysis, Answer, LoadInfo, ParsedFile, Request, ScenarioFile, WhatIfResult } from "./protocol";

export class EngineError extends Error {
  constructor(message: string, readonly diagnostics: Diagnostic[] = []) {
    super(message);
    this.name = "EngineError";
  }
}

let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

function getWorker(): Worker {
  if (worker) return worker;
  worker = new Worker(new URL("./engine.worker.ts", import.meta.url), { type: "module", name: "continuum-engine" });
  worker.onmessage = (e: MessageEvent<Answer>) => {
    const p = pending.get(e.data.id);
    if (!p) return;
    pending.delete(e.data.id);
    if (e.data.ok) p.resolve(e.data.result);
    else p.reject(new EngineError(e.data.error, e.data.diagnostics));
  };
  worker.onerror = (e) => {
    for (const p of pending.values()) p.reject(new EngineError(e.message || "engine worker failed"));
    pending.clear();
    worker = undefined;
  };
  return worker;
}

function call<T>(req: Request): Promise<T> {
  const w = getWorker();
  const id = nextId++;
  return new Promise<T>((resolve, reject) => {
    pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
    w.postMessage({ id, ...req });
  });
}

export const engine = {
  load: (key: string, text: string) => call<LoadInfo>({ type: "load", key, text }),
  analyze: (key: string) => call<Analysis>({ type: "analyze", key }),
  simulate: (key: string, scenario: ScenarioFile, capacities?: Record<string, number>) => call<WhatIfResult>({ type: "simulate", key, scenario, capacities }),
  parse: (files: Array<{ path: string; text: string }>) => call<ParsedFile[]>({ type: "parse", files }),
  check: (files: Array<{ path: string; text: string }>) => call<{ ok: boolean; diagnostics: Diagnostic[] }>({ type: "check", files }),
};

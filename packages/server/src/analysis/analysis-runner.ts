/**
 * Work that takes seconds on a large model runs in a worker thread while the server keeps
 * answering: the whole-model analysis (single points of failure, N-1 sites; results are kept per
 * revision by the model store) and the parsing and validation of an import. Where the compiled
 * worker is not there (tests running the TypeScript sources before a build), it runs in this thread.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { PACKAGE_DIR } from "../core/settings.js";
import type { Analysis } from "@continuum/api";
import { prepareImport, type ImportInput, type ImportPreparation } from "../model/import-preparation.js";
import { checkStoredModel, type StoredModelCheck, type StoredModelInput } from "../model/stored-model-check.js";
import { analyzeText } from "./analysis.js";

export interface JobRequest {
  id: number;
  job: "analyze" | "import" | "check";
  input: unknown;
}

function workerFile(): string | undefined {
  const beside = fileURLToPath(new URL("./analysis-worker.js", import.meta.url));
  if (existsSync(beside)) return beside;
  const built = join(PACKAGE_DIR, "dist/analysis/analysis-worker.js");
  return existsSync(built) ? built : undefined;
}

export class AnalysisRunner {
  private worker?: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (a: unknown) => void; reject: (e: Error) => void; part?: (p: unknown) => void }>();
  private readonly file = workerFile();

  run(modelText: string): Promise<Analysis> {
    return this.job("analyze", modelText, () => analyzeText(modelText));
  }

  /** Parses and validates import files; the components arrive through `onBatch` (see import-preparation.ts). */
  prepareImport<B>(input: ImportInput, onBatch: (batch: B) => void): Promise<ImportPreparation> {
    return this.job("import", input, () => prepareImport(input, onBatch as (b: unknown) => void), onBatch as (b: unknown) => void);
  }

  /** Validates a stored model and parses its scenarios (see stored-model-check.ts). */
  checkStoredModel(input: StoredModelInput): Promise<StoredModelCheck> {
    return this.job("check", input, () => checkStoredModel(input));
  }

  private job<T>(job: JobRequest["job"], input: unknown, inThread: () => T, part?: (p: unknown) => void): Promise<T> {
    if (!this.file) return new Promise((resolve, reject) => setImmediate(() => {
      try {
        resolve(inThread());
      } catch (e) {
        reject(e as Error);
      }
    }));
    const worker = this.start();
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (a: unknown) => void, reject, part });
      worker.postMessage({ id, job, input } satisfies JobRequest);
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.file!);
    worker.unref();
    worker.on("message", (m: { id: number; result?: unknown; part?: unknown; error?: string }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      if ("part" in m) {
        p.part?.(m.part);
        return;
      }
      this.pending.delete(m.id);
      if (m.error !== undefined) p.reject(new Error(m.error));
      else p.resolve(m.result!);
    });
    const fail = (e: Error) => {
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
      this.worker = undefined;
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`the analysis worker stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }
}

/**
 * Whole-model analysis (single points of failure, N-1 sites) can take seconds on a large model, so
 * it runs in a worker thread while the server keeps answering. Results are kept per revision by
 * the model store. Where the compiled worker is not there (tests running the TypeScript sources
 * before a build), it runs in this thread.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { PACKAGE_DIR } from "../core/settings.js";
import type { Analysis } from "@continuum/api";
import { analyzeText } from "./analysis.js";

function workerFile(): string | undefined {
  const beside = fileURLToPath(new URL("./analysis-worker.js", import.meta.url));
  if (existsSync(beside)) return beside;
  const built = join(PACKAGE_DIR, "dist/analysis/analysis-worker.js");
  return existsSync(built) ? built : undefined;
}

export class AnalysisRunner {
  private worker?: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (a: Analysis) => void; reject: (e: Error) => void }>();
  private readonly file = workerFile();

  run(modelText: string): Promise<Analysis> {
    if (!this.file) return new Promise((resolve, reject) => setImmediate(() => {
      try {
        resolve(analyzeText(modelText));
      } catch (e) {
        reject(e as Error);
      }
    }));
    const worker = this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, text: modelText });
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.file!);
    worker.unref();
    worker.on("message", (m: { id: number; result?: Analysis; error?: string }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
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

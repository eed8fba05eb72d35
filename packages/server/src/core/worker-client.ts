/**
 * One worker thread that answers requests by id: the server's heavy jobs (analysis, import
 * preparation, exports) run there so the event loop keeps answering. The worker replies
 * `{id, result}`, `{id, error}` or, for jobs that stream, `{id, part}` before its result. Where the
 * compiled worker file is not there (tests running the TypeScript sources before a build), the
 * job runs in this thread on the next turn of the loop.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { PACKAGE_DIR } from "./settings.js";

interface Reply {
  id: number;
  result?: unknown;
  part?: unknown;
  error?: string;
}

/** The worker's compiled file: beside the calling module, else in the package's dist/. */
export function workerFile(beside: URL, inDist: string): string | undefined {
  const here = fileURLToPath(beside);
  if (existsSync(here)) return here;
  const built = join(PACKAGE_DIR, "dist", inDist);
  return existsSync(built) ? built : undefined;
}

export class WorkerClient<Request extends object> {
  private worker?: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (a: unknown) => void; reject: (e: Error) => void; part?: (p: unknown) => void }>();

  /** `name` words the error when the worker stops */
  constructor(private readonly file: string | undefined, private readonly name: string) {}

  request<T>(message: Request, inThread: () => T, part?: (p: unknown) => void): Promise<T> {
    if (!this.file) return new Promise((resolve, reject) => setImmediate(() => {
      try {
        resolve(inThread());
      } catch (e) {
        reject(e as Error);
      }
    }));
    const worker = this.start(this.file);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (a: unknown) => void, reject, part });
      worker.postMessage({ ...message, id });
    });
  }

  private start(file: string): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(file);
    worker.unref();
    worker.on("message", (m: Reply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      if ("part" in m) {
        p.part?.(m.part);
        return;
      }
      this.pending.delete(m.id);
      if (m.error !== undefined) p.reject(new Error(m.error));
      else p.resolve(m.result);
    });
    const fail = (e: Error) => {
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
      this.worker = undefined;
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`the ${this.name} stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }
}

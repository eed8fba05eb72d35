/**
 * Exports of earlier revisions. A revision never changes, so its export is kept as the bytes to
 * send (bounded by size, least recently used first out) and asked for once however many requests
 * wait for it; it is written and encoded in a worker thread, because writing a 100,000-component
 * model as YAML takes seconds that every other request would otherwise wait. (The current revision's export is
 * cached with the model in memory, see model-store.ts.) Where the compiled worker is not there
 * (tests running the TypeScript sources before a build), it is written in this thread.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { notFound } from "../core/problem.js";
import { PACKAGE_DIR } from "../core/settings.js";
import { renderParts } from "./model-document.js";
import type { ModelStore } from "./model-store.js";

export type ExportFormat = "yaml" | "json";

function workerFile(): string | undefined {
  const beside = fileURLToPath(new URL("./export-worker.js", import.meta.url));
  if (existsSync(beside)) return beside;
  const built = join(PACKAGE_DIR, "dist/model/export-worker.js");
  return existsSync(built) ? built : undefined;
}

export class RevisionExports {
  private readonly texts = new Map<string, Buffer>();
  private readonly waiting = new Map<string, Promise<Buffer>>();
  private bytes = 0;
  private worker?: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (t: Buffer) => void; reject: (e: Error) => void }>();
  private readonly file = workerFile();

  /** 256 MB: the YAML of a 100,000-component model is about 40 MB */
  constructor(private readonly maxBytes = 256 * 1024 * 1024) {}

  /** The export of revision `number` of an organization (UTF-8); `load` gives its parts (revisionPartsText) when it is not kept. */
  text(organizationId: number, number: number, format: ExportFormat, load: () => Promise<string>): Promise<Buffer> {
    const key = `${organizationId}:${number}:${format}`;
    const kept = this.texts.get(key);
    if (kept !== undefined) {
      this.texts.delete(key); // most recently used last
      this.texts.set(key, kept);
      return Promise.resolve(kept);
    }
    let p = this.waiting.get(key);
    if (!p) {
      p = (async () => {
        const text = await this.render(await load(), format);
        this.keep(key, text);
        return text;
      })().finally(() => this.waiting.delete(key));
      this.waiting.set(key, p);
    }
    return p;
  }

  private keep(key: string, text: Buffer) {
    const size = text.length;
    if (size > this.maxBytes) return;
    this.texts.set(key, text);
    this.bytes += size;
    for (const [k, t] of this.texts) {
      if (this.bytes <= this.maxBytes) break;
      this.texts.delete(k);
      this.bytes -= t.length;
    }
  }

  private render(parts: string, format: ExportFormat): Promise<Buffer> {
    if (!this.file) return new Promise((resolve, reject) => setImmediate(() => {
      try {
        resolve(Buffer.from(renderParts(parts, format)));
      } catch (e) {
        reject(e as Error);
      }
    }));
    const worker = this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, parts, format });
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.file!);
    worker.unref();
    worker.on("message", (m: { id: number; bytes?: Uint8Array; error?: string }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.error !== undefined) p.reject(new Error(m.error));
      else p.resolve(Buffer.from(m.bytes!.buffer, m.bytes!.byteOffset, m.bytes!.byteLength));
    });
    const fail = (e: Error) => {
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
      this.worker = undefined;
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`the export worker stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }
}

/**
 * The parts of a revision's model (header, components, plans) as one JSON text: the stored
 * documents joined without being parsed, so that this thread does not parse a 100,000-component
 * model only to hand it to the worker.
 */
export async function revisionPartsText(store: ModelStore, organizationId: number, number: number): Promise<string> {
  const repo = store.repository;
  const db = store.database;
  const record = await repo.revision(db, organizationId, number);
  if (!record) throw notFound(`revision ${number}`, "revision");
  const [components, plans] = await Promise.all((["components", "plans"] as const).map((c) => repo.elements(db, c, organizationId, number)));
  const list = (rows: typeof components) => rows.map((r) => r.document).join(",");
  return `{"header":${record.header},"components":[${list(components)}],"plans":[${list(plans)}]}`;
}

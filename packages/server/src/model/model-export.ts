/**
 * Exports of earlier revisions. A revision never changes, so its export is kept as the bytes to
 * send (bounded by size, least recently used first out) and asked for once however many requests
 * wait for it; it is written and encoded in a worker thread, because writing a 100,000-component
 * model as YAML takes seconds that every other request would otherwise wait. (The current revision's export is
 * cached with the model in memory, see model-store.ts.) Where the compiled worker is not there
 * (tests running the TypeScript sources before a build), it is written in this thread.
 */
import { notFound } from "../core/problem.js";
import { WorkerClient, workerFile } from "../core/worker-client.js";
import { renderParts } from "./model-document.js";
import type { ModelStore } from "./model-store.js";

export type ExportFormat = "yaml" | "json";

export class RevisionExports {
  private readonly texts = new Map<string, Buffer>();
  private readonly waiting = new Map<string, Promise<Buffer>>();
  private bytes = 0;
  private readonly client = new WorkerClient<{ parts: string; format: ExportFormat }>(workerFile(new URL("./export-worker.js", import.meta.url), "model/export-worker.js"), "export worker");

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

  private async render(parts: string, format: ExportFormat): Promise<Buffer> {
    // the worker hands over its encoded bytes without a copy; in this thread they are a Buffer already
    const bytes = await this.client.request<Uint8Array>({ parts, format }, () => Buffer.from(renderParts(parts, format)));
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

/**
 * The parts of a revision's model (header, components, plans, scenarios) as one JSON text: the stored
 * documents joined without being parsed, so that this thread does not parse a 100,000-component
 * model only to hand it to the worker.
 */
export async function revisionPartsText(store: ModelStore, organizationId: number, number: number): Promise<string> {
  const repo = store.repository;
  const db = store.database;
  const record = await repo.revision(db, organizationId, number);
  if (!record) throw notFound(`revision ${number}`, "revision");
  const [components, plans, scenarios] = await Promise.all((["components", "plans", "scenarios"] as const).map((c) => repo.elements(db, c, organizationId, number)));
  const list = (rows: typeof components) => rows.map((r) => r.document).join(",");
  return `{"header":${record.header},"components":[${list(components)}],"plans":[${list(plans)}],"scenarios":[${list(scenarios)}]}`;
}

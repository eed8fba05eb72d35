/**
 * The page's side of the risk worker (promise-based, with progress), the register as the API lists
 * it, and the model sources a risk analysis can compare: the current model, another revision, or
 * files opened from disk.
 */
import { useEffect, useState } from "react";
import type { Diagnostic } from "@continuum/engine";
import { api, orgPath } from "../../app/api";
import { EngineError } from "../../model/engine";
import { useOrgModel } from "../../model/orgdata";
import type { Assessment, RiskAnswer, RiskRequest, RiskRun } from "./risk-protocol";

let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; progress?: (f: number) => void }>();

function getWorker(): Worker {
  if (worker) return worker;
  worker = new Worker(new URL("./risk.worker.ts", import.meta.url), { type: "module", name: "continuum-risk" });
  worker.onmessage = (e: MessageEvent<RiskAnswer>) => {
    const p = pending.get(e.data.id);
    if (!p) return;
    if ("progress" in e.data) {
      p.progress?.(e.data.progress);
      return;
    }
    pending.delete(e.data.id);
    if (e.data.ok) p.resolve(e.data.result);
    else p.reject(new EngineError(e.data.error, e.data.diagnostics));
  };
  worker.onerror = (e) => {
    for (const p of pending.values()) p.reject(new EngineError(e.message || "risk worker failed"));
    pending.clear();
    worker = undefined;
  };
  return worker;
}

type WithoutId<T> = T extends unknown ? Omit<T, "id"> : never;

function call<T>(req: WithoutId<RiskRequest>, progress?: (f: number) => void): Promise<T> {
  const w = getWorker();
  const id = nextId++;
  return new Promise<T>((resolve, reject) => {
    pending.set(id, { resolve: resolve as (v: unknown) => void, reject, progress });
    w.postMessage({ id, ...req });
  });
}

/** A model the risk worker reads: a key (for its cache) and the files. */
export interface ModelSource {
  key: string;
  label: string;
  files: Array<{ path: string; text: string }>;
}

export const riskEngine = {
  assess: (source: ModelSource, progress?: (f: number) => void) => call<Assessment>({ type: "assess", key: source.key, files: source.files }, progress),
  simulate: (source: ModelSource, years: number, seed: number, progress?: (f: number) => void) =>
    call<RiskRun>({ type: "simulate", key: source.key, files: source.files, years, seed }, progress),
};

/** The organization's current model as a source for the risk worker. */
export function useCurrentSource(): ModelSource | undefined {
  const { model, revision, org } = useOrgModel();
  const [source, setSource] = useState<ModelSource>();
  useEffect(() => {
    if (!model || !model.components?.length) return setSource(undefined);
    setSource({ key: `${org}@${revision ?? 0}`, label: `r${revision ?? 0}`, files: [{ path: "model.json", text: JSON.stringify(model) }] });
  }, [model, revision, org]);
  return source;
}

/** Another revision of the organization's model. */
export async function revisionSource(org: string, revision: number): Promise<ModelSource> {
  const data = await api.get<{ model: unknown }>(`${orgPath(org, "model")}?revision=${revision}`);
  return { key: `${org}@${revision}`, label: `r${revision}`, files: [{ path: "model.json", text: JSON.stringify(data.model) }] };
}

/** Files opened from disk (YAML or JSON, one model or a folder's files). */
export async function fileSource(files: FileList | File[]): Promise<ModelSource> {
  const list = [...files];
  const read = await Promise.all(list.map(async (f) => ({ path: f.name, text: await f.text() })));
  const key = `file:${read.map((f) => `${f.path}:${f.text.length}:${hash(f.text)}`).join("|")}`;
  return { key, label: list.map((f) => f.name).join(", "), files: read };
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

// ---- the register, as the API lists it ---------------------------------------------------

export interface RegisterAction {
  id: string;
  title: string;
  owner?: string;
  due?: string;
  status: string;
}

export interface RegisterItem {
  risk: Record<string, unknown> & { id: string; name?: string; threat?: string; owner?: string; treatment?: string; actions?: Array<Record<string, unknown>> };
  overdueActions: RegisterAction[];
  openActions: number;
}

export interface Register {
  items: RegisterItem[];
  total: number;
  overdue: number;
  asOf: string;
  currency: string | null;
  riskMatrix: Record<string, unknown> | null;
  riskAppetite: Array<Record<string, unknown>>;
  insurance: Array<Record<string, unknown>>;
  revision: number | null;
}

export type { Diagnostic };

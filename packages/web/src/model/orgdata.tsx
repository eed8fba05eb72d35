/**
 * The organization's current model, fetched once per revision and loaded into the engine worker;
 * pages that need the whole model (map, BIA, what-if, dashboard) share it.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { api, orgPath } from "../app/api";
import { engine } from "./engine";
import { buildGraph, type FileModel, type Graph } from "./model";
import type { Analysis, LoadInfo } from "./protocol";

export function revisionNumber(revision: unknown): number | undefined {
  if (typeof revision === "number") return revision;
  if (typeof revision === "string" && /^\d+$/.test(revision)) return Number(revision);
  if (revision && typeof revision === "object") {
    const r = revision as { number?: unknown; revision?: unknown };
    return revisionNumber(r.number ?? r.revision);
  }
  return undefined;
}

export interface OrgModel {
  org: string;
  status: "loading" | "ready" | "error";
  error?: string;
  revision?: number;
  model?: FileModel;
  /** the engine's reading of it (validated model in minutes, warnings); undefined while the worker reads it */
  info?: LoadInfo;
  /** worker key of this model */
  key?: string;
  graph?: Graph;
  /** milliseconds spent fetching the model */
  fetchMs?: number;
  reload(): Promise<void>;
}

const OrgModelContext = createContext<OrgModel | null>(null);

export function OrgModelProvider({ org, children }: { org: string; children: ReactNode }) {
  const [state, setState] = useState<Omit<OrgModel, "reload" | "org">>({ status: "loading" });
  const generation = useRef(0);

  const reload = useCallback(async () => {
    const gen = ++generation.current;
    setState((s) => ({ ...s, status: s.model ? s.status : "loading", error: undefined }));
    try {
      const t0 = performance.now();
      const data = await api.get<{ revision: unknown; model: FileModel | null }>(orgPath(org, "model"));
      const fetchMs = performance.now() - t0;
      if (gen !== generation.current) return;
      const model: FileModel = data.model && Array.isArray(data.model.components) ? data.model : { continuum: 1, components: [] };
      const revision = revisionNumber(data.revision);
      const graph = buildGraph(model.components);
      if (!model.components.length) {
        setState({ status: "ready", revision, model, info: { ok: true, diagnostics: [], ms: 0 }, key: undefined, graph, fetchMs });
        return;
      }
      // the page can draw the model now (the map needs no engine); the engine reads it meanwhile
      setState((s) => ({ status: "ready", revision, model, graph, fetchMs, info: s.revision === revision ? s.info : undefined, key: s.revision === revision ? s.key : undefined }));
      const key = `${org}@${revision ?? "0"}:${model.components.length}`;
      const info = await engine.load(key, JSON.stringify(model));
      if (gen !== generation.current) return;
      setState({ status: "ready", revision, model, info, key: info.ok ? key : undefined, graph, fetchMs });
    } catch (e) {
      if (gen !== generation.current) return;
      setState((s) => ({ ...s, status: "error", error: (e as Error).message }));
    }
  }, [org]);

  useEffect(() => {
    setState({ status: "loading" });
    void reload();
  }, [reload]);

  const value = useMemo<OrgModel>(() => ({ ...state, org, reload }), [state, org, reload]);
  return <OrgModelContext.Provider value={value}>{children}</OrgModelContext.Provider>;
}

/** The organization's model where a page is inside one, else undefined (shared widgets used on both kinds of page). */
export function useOrgModelIfAny(): OrgModel | undefined {
  return useContext(OrgModelContext) ?? undefined;
}

export function useOrgModel(): OrgModel {
  const value = useContext(OrgModelContext);
  if (!value) throw new Error("useOrgModel outside OrgModelProvider");
  return value;
}

/** Single points of failure, the N-1 site test and RTO inversions, computed by the worker on demand. */
export function useAnalysis(): { analysis?: Analysis; error?: string; loading: boolean } {
  const { key, status } = useOrgModel();
  const [result, setResult] = useState<{ key?: string; analysis?: Analysis; error?: string }>({});
  useEffect(() => {
    if (status !== "ready" || !key) return;
    let live = true;
    engine.analyze(key).then(
      (analysis) => live && setResult({ key, analysis }),
      (e: Error) => live && setResult({ key, error: e.message }),
    );
    return () => {
      live = false;
    };
  }, [key, status]);
  if (status === "ready" && !key) return { loading: false, analysis: { spof: {}, n1Sites: [], rtoInversions: [], ms: 0 } };
  return { analysis: result.key === key ? result.analysis : undefined, error: result.key === key ? result.error : undefined, loading: result.key !== key };
}

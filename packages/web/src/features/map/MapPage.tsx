/**
 * The dependency map (ISO 22301 8.2.2: dependencies and supporting resources): components grouped
 * by site on a canvas; the layout is computed once per revision in a Web Worker; click a component
 * to see its blast radius.
 */
import { useEffect, useMemo, useRef, useState } from "react";
import { Empty, ErrorBox, Loading } from "../../ui/ui";
import { useI18n, type MessageKey } from "../../app/i18n";
import type { LayoutInput, LayoutResult } from "./layout";
import { KIND_COLORS, MapView, kindColor, type Lod } from "./mapview";
import { KNOWN_KINDS } from "@continuum/engine";
import { isKind } from "../../app/enumerations.messages";
import { assignSites } from "../../model/model";
import { useOrgModel } from "../../model/orgdata";
import { Link, setSearch, useLocation } from "../../app/router";
import { useTitle } from "../../app/title";
import { MoreItems } from "../../ui/MoreList";

const layouts = new Map<string, LayoutResult>();
let layoutWorker: Worker | undefined;
let layoutSeq = 0;

function runLayout(input: LayoutInput): Promise<LayoutResult> {
  layoutWorker ??= new Worker(new URL("./layout.worker.ts", import.meta.url), { type: "module", name: "continuum-layout" });
  const id = ++layoutSeq;
  const w = layoutWorker;
  return new Promise((resolve, reject) => {
    const handler = (e: MessageEvent<{ id: number; ok: boolean; result?: LayoutResult; error?: string }>) => {
      if (e.data.id !== id) return;
      w.removeEventListener("message", handler);
      if (e.data.ok) resolve(e.data.result!);
      else reject(new Error(e.data.error));
    };
    w.addEventListener("message", handler);
    w.postMessage({ id, input });
  });
}

export function MapPage({ org }: { org: string }) {
  const { t, number } = useI18n();
  useTitle(t("map.title"));
  const orgModel = useOrgModel();
  const { search } = useLocation();
  const focus = search.get("focus");
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const viewRef = useRef<MapView | null>(null);
  const [layout, setLayout] = useState<LayoutResult | undefined>(() => (orgModel.key ? layouts.get(orgModel.key) : undefined));
  const [error, setError] = useState<unknown>();
  const [selected, setSelected] = useState<{ index: number; radius: number[] } | null>(null);
  const [hover, setHover] = useState<{ index: number; x: number; y: number } | null>(null);
  const [zoom, setZoom] = useState<{ k: number; lod: Lod }>({ k: 1, lod: "labels" });
  const [query, setQuery] = useState("");
  const [interactiveMs, setInteractiveMs] = useState<number | undefined>();
  const comps = useMemo(() => orgModel.model?.components ?? [], [orgModel.model]);
  const graph = orgModel.graph;

  const data = useMemo(() => {
    if (!graph || !comps.length) return undefined;
    const n = comps.length;
    const needStart = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) needStart[i + 1] = needStart[i] + graph.needs[i].length;
    const needTarget = new Int32Array(needStart[n]);
    for (let i = 0; i < n; i++) needTarget.set(graph.needs[i], needStart[i]);
    const tiers = new Int32Array(n);
    comps.forEach((c, i) => (tiers[i] = c.tier ?? 0));
    return { needStart, needTarget, tiers, labels: comps.map((c) => c.name ?? c.id), kinds: comps.map((c) => c.kind), ids: graph.ids };
  }, [graph, comps]);

  // the layout: once per model revision, in the worker
  useEffect(() => {
    if (!data || !orgModel.key || !graph) return;
    const cached = layouts.get(orgModel.key);
    if (cached) {
      setLayout(cached);
      return;
    }
    let live = true;
    const sites = assignSites(comps, graph);
    const clusterLabels: Record<string, string> = {};
    for (const c of comps) if (c.kind === "site") clusterLabels[c.id] = c.name ?? c.id;
    const key = orgModel.key;
    runLayout({ ids: data.ids, cluster: sites, clusterLabels, needStart: data.needStart, needTarget: data.needTarget }).then(
      (result) => {
        layouts.set(key, result);
        if (live) setLayout(result);
      },
      (e) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [data, orgModel.key, graph, comps]);

  // the canvas view
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !layout || !data || layout.x.length !== data.ids.length) return;
    const view = new MapView(canvas, { layout, ...data }, {
      onSelect: (index, radius) => setSelected(index === null ? null : { index, radius }),
      onHover: (index, x, y) => setHover(index === null ? null : { index, x, y }),
      onZoom: (k, lod) => setZoom((z) => (z.lod === lod && Math.abs(z.k - k) < 0.01 ? z : { k, lod })),
      onInteractive: () => {
        const at = performance.now();
        setInteractiveMs(at);
        window.__continuum = { ...window.__continuum, map: { interactiveAt: at, nodes: data.ids.length, layoutMs: layout.ms, fetchMs: orgModel.fetchMs } };
      },
      noSiteLabel: t("map.noSite"),
      affectedLabel: (n) => t("map.affected", { n }),
    });
    viewRef.current = view;
    return () => {
      view.destroy();
      viewRef.current = null;
    };
    // the view keeps its own state; labels follow the language on the next mount
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [layout, data]);

  // ?focus=id selects and centres a component
  useEffect(() => {
    const view = viewRef.current;
    if (!view || !focus || !graph) return;
    const i = graph.index.get(focus);
    if (i === undefined) return;
    view.select(i);
    view.centerOn(i, 0.9);
  }, [focus, layout, graph]);

  const [noMatch, setNoMatch] = useState<string | undefined>();
  /** An exact id, else the first component whose id or name contains the text (any case). */
  const find = (text: string): string | undefined => {
    const q = text.trim();
    if (!q) return undefined;
    if (graph?.index.has(q)) return q;
    const lower = q.toLowerCase();
    return comps.find((c) => c.id.toLowerCase().includes(lower) || (c.name ?? "").toLowerCase().includes(lower))?.id;
  };
  const pick = (text: string) => {
    const id = find(text) ?? "";
    setNoMatch(id || !text.trim() ? undefined : text.trim());
    const i = graph?.index.get(id);
    if (i === undefined || !viewRef.current) return false;
    viewRef.current.select(i);
    viewRef.current.centerOn(i, 0.9);
    setSearch({ focus: id });
    return true;
  };

  if (orgModel.status === "loading") return <Loading />;
  if (orgModel.status === "error") return <ErrorBox error={new Error(orgModel.error)} />;
  if (!comps.length) return <Empty>{t("dashboard.emptyModel")} <Link to={`/o/${encodeURIComponent(org)}/import`}>{t("nav.import")}</Link></Empty>;

  const base = `/o/${encodeURIComponent(org)}`;
  const sel = selected ? comps[selected.index] : undefined;
  const radiusComps = selected ? selected.radius.map((i) => comps[i]) : [];
  const radiusServices = radiusComps.filter((c) => (c.tier ?? 0) > 0 || c.kind === "business-service").sort((a, b) => (a.tier ?? 9) - (b.tier ?? 9));
  const usedKinds = new Set(comps.map((c) => c.kind ?? ""));
  return (
    <div className="map-page">
      <div className="map-toolbar">
        <h1>{t("map.title")}</h1>
        <form className="row" role="search" onSubmit={(e) => { e.preventDefault(); if (pick(query)) setQuery(""); }}>
          <label htmlFor="map-find" className="visually-hidden">{t("map.find")}</label>
          <input id="map-find" list="map-ids" placeholder={t("map.find")} value={query} onChange={(e) => setQuery(e.target.value)} />
          <datalist id="map-ids">{comps.slice(0, 5000).map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}</datalist>
          <button type="submit" className="btn">{t("map.go")}</button>
          {noMatch ? <span className="muted small" role="status" data-testid="map-no-match">{t("map.noMatch", { q: noMatch })}</span> : null}
        </form>
        <div className="row" role="group" aria-label={t("map.zoom")}>
          <button type="button" className="btn" onClick={() => viewRef.current?.zoomBy(1.5)} aria-label={t("map.zoomIn")}>+</button>
          <button type="button" className="btn" onClick={() => viewRef.current?.zoomBy(1 / 1.5)} aria-label={t("map.zoomOut")}>−</button>
          <button type="button" className="btn" onClick={() => viewRef.current?.fit()}>{t("map.fit")}</button>
        </div>
        <span className="muted small" aria-live="polite">
          {t(`map.lod.${zoom.lod}` as MessageKey)} · {number(comps.length)} {t("map.components")}
        </span>
      </div>
      <div className="map-body">
        <div className="map-canvas-wrap" data-testid="map" data-interactive-at={interactiveMs?.toFixed(1)}>
          {!layout ? <div className="map-overlay"><Loading label={t("map.layingOut", { n: number(comps.length) })} /></div> : null}
          <ErrorBox error={error} />
          <canvas
            ref={canvasRef}
            className="map-canvas"
            tabIndex={0}
            role="application"
            aria-roledescription={t("map.roledesc")}
            aria-label={t("map.canvasLabel")}
            aria-describedby="map-help"
          />
          {hover && comps[hover.index] ? (
            <div className="map-tooltip" style={{ left: hover.x + 14, top: hover.y + 14 }} role="tooltip">
              <strong>{comps[hover.index].name ?? comps[hover.index].id}</strong>
              <div className="muted small">{comps[hover.index].id} · {comps[hover.index].kind ?? "—"}</div>
            </div>
          ) : null}
        </div>
        <aside className="map-side" aria-label={t("map.details")}>
          {sel ? (
            <div data-testid="map-selection">
              <h2>{sel.name ?? sel.id}</h2>
              <p className="muted small"><code>{sel.id}</code> · {sel.kind ?? "—"}{sel.site ? ` · ${sel.site}` : ""}</p>
              <p className="radius-count" data-testid="radius-count">
                <strong>{t("map.radius", { n: number(radiusComps.length) })}</strong>
                <br />
                <span className="muted">{t("map.radiusServices", { n: number(radiusServices.length) })}</span>
              </p>
              {radiusServices.length ? (
                <ul className="radius-list">
                  <MoreItems items={radiusServices} limit={30} render={(c) => (
                    <li key={c.id}>
                      <button type="button" className="link" onClick={() => pick(c.id)}>{c.name ?? c.id}</button>
                      {c.tier ? <span className="muted small"> T{c.tier}</span> : null}
                    </li>
                  )} />
                  {radiusServices.length > 30 ? <li className="muted">…</li> : null}
                </ul>
              ) : null}
              <div className="row wrap">
                <Link className="btn" to={`${base}/components/${encodeURIComponent(sel.id)}`}>{t("map.open")}</Link>
                <Link className="btn btn-primary" to={`${base}/what-if?fail=${encodeURIComponent(sel.id)}`}>{t("component.whatIfFails")}</Link>
                <button type="button" className="btn btn-quiet" onClick={() => { viewRef.current?.select(null); setSearch({ focus: "" }); }}>{t("map.clear")}</button>
              </div>
              <p className="muted small">{t("map.radiusNote")}</p>
            </div>
          ) : (
            <p className="muted">{t("map.hint")}</p>
          )}
          <h3>{t("map.legend")}</h3>
          <ul className="kind-legend">
            {KNOWN_KINDS.filter((k) => usedKinds.has(k)).map((k) => (
              <li key={k}><span className="swatch" style={{ background: KIND_COLORS[k] }} aria-hidden="true" />{t(`kind.${k}`)}</li>
            ))}
            {[...usedKinds].some((k) => !isKind(k)) ? <li><span className="swatch" style={{ background: kindColor(undefined) }} aria-hidden="true" />{t("map.otherKind")}</li> : null}
            <li><span className="swatch" style={{ background: "#dc2626" }} aria-hidden="true" />{t("map.legendRadius")}</li>
          </ul>
          <p id="map-help" className="muted small">{t("map.keys")}</p>
        </aside>
      </div>
    </div>
  );
}

/**
 * What-if (ISO 22301 8.2.3 risk assessment, 8.3 strategies, 8.5 exercising): choose what fails,
 * the engine plays it in a Web Worker, and the page shows the outage timeline per business service
 * with RTO and MTPD marks, the loss over time, deadlocks explained, plans, and the N-1 site table.
 * Runs can be saved as scenarios and compared (before/after a model change, or against an older
 * revision).
 */
import { useEffect, useMemo, useState, useSyncExternalStore, type FormEvent } from "react";
import type { Diagnostic } from "@continuum/engine";
import { Badge, DiagnosticList, Empty, ErrorBox, Loading, Notice, PageHeader, Section, Stat, TextField, TierBadge } from "../../ui/ui";
import { Gantt, PlanGantt, type PlanStepRow } from "./Gantt";
import { LossCurve } from "./LossCurve";
import { api, canSaveScenario, orgPath, type Page, type RevisionSummary, type StoredScenario } from "../../app/api";
import { engine, EngineError } from "../../model/engine";
import { useI18n } from "../../app/i18n";
import { minutes, type FileModel } from "../../model/model";
import { revisionNumber, useOrgModel } from "../../model/orgdata";
import { Link, useLocation } from "../../app/router";
import { useSession } from "../../app/session";
import { useTitle } from "../../app/title";
import { N1Table } from "../../ui/N1Table";
import { EngineRejected } from "../../ui/EngineRejected";
import type { ScenarioFile, WhatIfResult } from "../../model/protocol";
import { ScrollArea } from "../../ui/ScrollArea";
import { ComponentPicker, type PickOption } from "../../ui/ComponentPicker";
import { MoreRows, useMore } from "../../ui/MoreList";
import { CapacityEditor, capacityTeams, changedCapacities, type CapacityText } from "../../ui/CapacityEditor";

// ---- runs kept for comparison (for the session of the page) ---------------------------------

export interface Run {
  id: number;
  org: string;
  label: string;
  scenario: ScenarioFile;
  revision?: number;
  result: WhatIfResult;
  /** page-side round trip to the worker, ms */
  roundTripMs: number;
  at: number;
}

const runs: Run[] = [];
const runListeners = new Set<() => void>();
let runSnapshot: Run[] = [];
let nextRunId = 1;
function addRun(run: Omit<Run, "id">): Run {
  const r = { ...run, id: nextRunId++ };
  runs.push(r);
  if (runs.length > 12) runs.shift();
  runSnapshot = [...runs];
  runListeners.forEach((l) => l());
  return r;
}
function useRuns(org: string): Run[] {
  const all = useSyncExternalStore(
    (l) => {
      runListeners.add(l);
      return () => runListeners.delete(l);
    },
    () => runSnapshot,
  );
  return useMemo(() => all.filter((r) => r.org === org), [all, org]);
}

declare global {
  interface Window {
    __continuum?: {
      whatIf?: { roundTripMs: number; workerMs: number; scenario: string; runs: number };
      map?: { interactiveAt: number; nodes: number; layoutMs?: number; fetchMs?: number };
    };
  }
}

type Mode = "site" | "components" | "scenario";

export function WhatIfPage({ org }: { org: string }) {
  const { t, number } = useI18n();
  useTitle(t("whatif.title"));
  const orgModel = useOrgModel();
  const session = useSession();
  const { search } = useLocation();
  const model = orgModel.model;
  const currency = model?.currency ?? "KRW";
  const allRuns = useRuns(org);

  const sites = useMemo(() => {
    const ids = new Map<string, string>();
    for (const c of model?.components ?? []) {
      if (c.kind === "site") ids.set(c.id, c.name ?? c.id);
      else if (c.site && !ids.has(c.site)) ids.set(c.site, c.site);
    }
    return [...ids].sort((a, b) => a[1].localeCompare(b[1]));
  }, [model]);
  const names = useMemo(() => new Map((model?.components ?? []).map((c) => [c.id, c.name ?? c.id])), [model]);
  const pickOptions = useMemo<PickOption[]>(() => (model?.components ?? []).map((c) => ({ id: c.id, name: c.name, kind: c.kind })), [model]);

  const initialFail = search.get("fail");
  const [mode, setMode] = useState<Mode>(initialFail ? "components" : search.get("scenario") ? "scenario" : "site");
  const [site, setSite] = useState(search.get("site") ?? "");
  const [picked, setPicked] = useState<string[]>(initialFail ? initialFail.split(",") : []);
  const [forText, setForText] = useState("10h");
  const [forever, setForever] = useState(false);
  // a staged scenario: each picked component with its own start and length (blank length: not repaired)
  const [staged, setStaged] = useState(false);
  const [times, setTimes] = useState<Record<string, { at: string; for: string }>>({});
  const [atText, setAtText] = useState("0");
  const [horizonText, setHorizonText] = useState("7d");
  const [stored, setStored] = useState<StoredScenario[] | undefined>();
  const [storedId, setStoredId] = useState(search.get("scenario") ?? "");
  const [uploaded, setUploaded] = useState<{ name: string; scenario: ScenarioFile } | undefined>();
  const [uploadProblems, setUploadProblems] = useState<Diagnostic[]>([]);
  const [against, setAgainst] = useState<string>("current");
  const [revisions, setRevisions] = useState<RevisionSummary[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [need, setNeed] = useState<string | undefined>(); // what to choose before a run (not an error)
  const [problems, setProblems] = useState<Diagnostic[]>([]);
  const [current, setCurrent] = useState<Run | undefined>(() => allRuns[allRuns.length - 1]);
  // the teams and tools with a capacity, and the what-if's own capacities for them (text as typed)
  const teams = useMemo(() => capacityTeams(orgModel.info?.model?.components), [orgModel.info]);
  const [capacityText, setCapacityText] = useState<CapacityText>({});

  useEffect(() => {
    if (!site && sites.length) setSite(sites[0][0]);
  }, [sites, site]);

  const loadStored = () =>
    api.get<Page<StoredScenario> | StoredScenario[]>(orgPath(org, "scenarios")).then(
      (p) => setStored(Array.isArray(p) ? p : p.items ?? []),
      () => setStored([]),
    );
  useEffect(() => {
    void loadStored();
    api.get<Page<RevisionSummary>>(orgPath(org, "revisions")).then((p) => setRevisions(p.items ?? []), () => setRevisions([]));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [org]);

  const storedScenario = (s: StoredScenario): ScenarioFile => s.scenario as unknown as ScenarioFile;
  const storedName = (s: StoredScenario) => String((s.scenario as { name?: string; scenario?: string }).name ?? (s.scenario as { scenario?: string }).scenario ?? s.id);

  const build = (): ScenarioFile | string => {
    const dur = (text: string) => (/^\d+(\.\d+)?$/.test(text.trim()) ? Number(text.trim()) : text.trim());
    const forValue = forever ? null : dur(forText);
    if (!forever && minutes(forText) === undefined) return t("whatif.badDuration", { value: forText });
    if (minutes(atText) === undefined) return t("whatif.badDuration", { value: atText });
    if (minutes(horizonText) === undefined) return t("whatif.badDuration", { value: horizonText });
    const common = { horizon: dur(horizonText) };
    if (mode === "site") {
      if (!site) return t("whatif.pickSite");
      return { scenario: `loss-of-${site}`, name: t("whatif.siteLossName", { site: names.get(site) ?? site }), ...common, events: [{ at: dur(atText), fail: site, for: forValue }] };
    }
    if (mode === "components") {
      if (!picked.length) return t("whatif.pickComponents");
      const events = [];
      for (const id of picked) {
        const own = staged ? times[id] ?? { at: "", for: "" } : undefined;
        const at = own?.at.trim() ? own.at : atText;
        if (minutes(at) === undefined) return t("whatif.badDuration", { value: at });
        if (own && own.for.trim() && minutes(own.for) === undefined) return t("whatif.badDuration", { value: own.for });
        events.push({ at: dur(at), fail: id, for: own ? (own.for.trim() ? dur(own.for) : null) : forValue });
      }
      return { scenario: `fail-${picked.join("-")}`.slice(0, 80), name: t("whatif.componentsName", { list: picked.map((id) => names.get(id) ?? id).join(", ") }), ...common, events };
    }
    if (uploaded && storedId === "__upload") return uploaded.scenario;
    const s = stored?.find((x) => String(x.id) === storedId);
    if (!s) return t("whatif.pickScenario");
    return storedScenario(s);
  };

  const modelKeyFor = async (): Promise<{ key: string; revision?: number }> => {
    if (against === "current" || Number(against) === orgModel.revision) return { key: orgModel.key!, revision: orgModel.revision };
    const n = Number(against);
    const data = await api.get<{ revision: unknown; model: FileModel }>(orgPath(org, "revisions", n));
    const key = `${org}@r${n}`;
    const info = await engine.load(key, JSON.stringify(data.model));
    if (!info.ok) throw new EngineError(t("whatif.revisionInvalid", { n }), info.diagnostics);
    return { key, revision: revisionNumber(data.revision) ?? n };
  };

  const run = async (e?: FormEvent) => {
    e?.preventDefault();
    setError(undefined);
    setNeed(undefined);
    setProblems([]);
    const scenario = build();
    if (typeof scenario === "string") {
      setNeed(scenario);
      return;
    }
    if (!orgModel.key) return;
    const changed = changedCapacities(teams, capacityText);
    if ("bad" in changed) {
      setError(new Error(t("capacity.bad", { x: changed.bad.name, value: changed.value })));
      return;
    }
    const { capacities } = changed;
    setBusy(true);
    try {
      const { key, revision } = await modelKeyFor();
      const t0 = performance.now();
      const result = await engine.simulate(key, scenario, Object.keys(capacities).length ? capacities : undefined);
      const roundTripMs = performance.now() - t0;
      window.__continuum = { ...window.__continuum, whatIf: { roundTripMs, workerMs: result.ms, scenario: scenario.scenario, runs: (window.__continuum?.whatIf?.runs ?? 0) + 1 } };
      const changedList = Object.entries(capacities).map(([id, n]) => `${names.get(id) ?? id} ${n}`);
      const label = `${scenario.name ?? scenario.scenario} · r${revision ?? "?"}${changedList.length ? ` · ${t("whatif.capacityChanged", { list: changedList.join(", ") })}` : ""}`;
      setCurrent(addRun({ org, label, scenario, revision, result, roundTripMs, at: Date.now() }));
    } catch (err) {
      if (err instanceof EngineError && err.diagnostics.length) setProblems(err.diagnostics);
      else setError(err);
    } finally {
      setBusy(false);
    }
  };

  const upload = async (file: File | undefined) => {
    setUploadProblems([]);
    if (!file) return;
    const text = await file.text();
    const [parsed] = await engine.parse([{ path: file.name, text }]);
    const diagnostics = parsed?.diagnostics ?? [];
    const doc = parsed?.documents.find((d) => d && typeof d === "object" && "scenario" in (d as object));
    if (!doc) {
      setUploadProblems(diagnostics.length ? diagnostics : [{ severity: "error", code: "not-a-scenario", message: t("whatif.notScenario"), file: file.name }]);
      return;
    }
    setUploaded({ name: file.name, scenario: doc as ScenarioFile });
    setStoredId("__upload");
  };

  if (orgModel.status === "loading") return <Loading />;
  if (orgModel.status === "error") return <ErrorBox error={new Error(orgModel.error)} />;
  if (orgModel.info && !orgModel.info.ok) return <EngineRejected diagnostics={orgModel.info.diagnostics} />;
  if (!model?.components.length) return <><PageHeader title={t("whatif.title")} /><Empty>{t("dashboard.emptyModel")} <Link to={`/o/${encodeURIComponent(org)}/import`}>{t("nav.import")}</Link></Empty></>;


  return (
    <>
      <PageHeader title={t("whatif.title")} subtitle={t("whatif.subtitle")} />
      <div className="whatif-layout">
        <form className="card whatif-form" onSubmit={run} aria-labelledby="whatif-form-title">
          <h2 id="whatif-form-title">{t("whatif.whatFails")}</h2>
          <div className="segmented" role="radiogroup" aria-label={t("whatif.whatFails")}>
            {(["site", "components", "scenario"] as Mode[]).map((m) => (
              <label key={m} className={mode === m ? "active" : ""}>
                <input type="radio" name="mode" value={m} checked={mode === m} onChange={() => setMode(m)} />
                {t(m === "site" ? "whatif.modeSite" : m === "components" ? "whatif.modeComponents" : "whatif.modeScenario")}
              </label>
            ))}
          </div>
          {mode === "site" ? (
            <div className="field">
              <label htmlFor="whatif-site">{t("common.site")}</label>
              <select id="whatif-site" value={site} onChange={(e) => setSite(e.target.value)}>
                {sites.map(([id, name]) => <option key={id} value={id}>{name}</option>)}
              </select>
            </div>
          ) : null}
          {mode === "components" ? (
            <>
              <ComponentPicker label={t("whatif.components")} name="fail" multiple options={pickOptions} value={picked} onChange={setPicked} hint={t("whatif.pickPlaceholder")} />
              {picked.length > 1 ? (
                <div className="field checkbox">
                  <label><input type="checkbox" checked={staged} onChange={(e) => setStaged(e.target.checked)} data-testid="whatif-staged" /> {t("whatif.staged")}</label>
                </div>
              ) : null}
              {staged && picked.length > 1 ? (
                <ScrollArea><table className="table compact" data-testid="whatif-times">
                  <thead><tr><th scope="col">{t("whatif.component")}</th><th scope="col">{t("whatif.at")}</th><th scope="col">{t("whatif.for")}</th></tr></thead>
                  <tbody>
                    {picked.map((id) => {
                      const own = times[id] ?? { at: "", for: "" };
                      const set = (patch: Partial<typeof own>) => setTimes((x) => ({ ...x, [id]: { ...own, ...patch } }));
                      const label = names.get(id) ?? id;
                      return (
                        <tr key={id}>
                          <td>{label}</td>
                          <td><input aria-label={t("whatif.atOf", { x: label })} value={own.at} placeholder={atText} onChange={(e) => set({ at: e.target.value })} /></td>
                          <td><input aria-label={t("whatif.forOf", { x: label })} value={own.for} placeholder={t("whatif.forever")} onChange={(e) => set({ for: e.target.value })} /></td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table></ScrollArea>
              ) : null}
            </>
          ) : null}
          {mode === "scenario" ? (
            <>
              <div className="field">
                <label htmlFor="whatif-stored">{t("whatif.savedScenario")}</label>
                <select id="whatif-stored" value={storedId} onChange={(e) => setStoredId(e.target.value)}>
                  <option value="">{stored === undefined ? t("common.loading") : stored.length ? t("whatif.choose") : t("whatif.noSaved")}</option>
                  {(stored ?? []).map((s) => <option key={s.id} value={String(s.id)}>{storedName(s)}</option>)}
                  {uploaded ? <option value="__upload">{t("whatif.uploadedX", { x: uploaded.name })}</option> : null}
                </select>
              </div>
              <div className="field">
                <label htmlFor="whatif-upload">{t("whatif.openFile")}</label>
                <input id="whatif-upload" type="file" accept=".yaml,.yml,.json" onChange={(e) => void upload(e.target.files?.[0])} />
                {uploadProblems.length ? <DiagnosticList items={uploadProblems} /> : null}
              </div>
            </>
          ) : (
            <div className="form-grid tight">
              <TextField label={t("whatif.at")} value={atText} onChange={(e) => setAtText(e.target.value)} hint={t("whatif.atHint")} />
              <TextField label={t("whatif.for")} value={forText} onChange={(e) => setForText(e.target.value)} disabled={forever} />
              <div className="field checkbox span-2">
                <label><input type="checkbox" checked={forever} onChange={(e) => setForever(e.target.checked)} /> {t("whatif.forever")}</label>
              </div>
              <TextField label={t("whatif.horizon")} value={horizonText} onChange={(e) => setHorizonText(e.target.value)} hint={t("whatif.horizonHint")} />
            </div>
          )}
          <div className="field">
            <label htmlFor="whatif-against">{t("whatif.against")}</label>
            <select id="whatif-against" value={against} onChange={(e) => setAgainst(e.target.value)}>
              <option value="current">{t("whatif.currentModel", { n: orgModel.revision ?? "—" })}</option>
              {revisions.filter((r) => r.number !== orgModel.revision).map((r) => (
                <option key={r.number} value={r.number}>#{r.number} {r.comment ? `— ${r.comment}` : ""}</option>
              ))}
            </select>
          </div>
          <CapacityEditor teams={teams} text={capacityText} onChange={setCapacityText} />
          <ErrorBox error={error} />
          {need ? <div data-testid="whatif-need"><Notice kind="warning">{need}</Notice></div> : null}
          {problems.length ? <DiagnosticList items={problems} /> : null}
          <button type="submit" className="btn btn-primary btn-block" disabled={busy || !orgModel.key} data-testid="run-whatif">
            {busy ? t("whatif.running") : !orgModel.key ? t("whatif.engineLoading") : t("whatif.run")}
          </button>
        </form>
        <div className="whatif-results">
          {current ? <Results run={current} org={org} currency={currency} canSave={canSaveScenario(session.role(org))} onSaved={loadStored} stored={stored ?? []} /> : <div className="card"><Empty>{t("whatif.noRun")}</Empty></div>}
        </div>
      </div>
      {allRuns.length > 1 ? <Compare runs={allRuns} currency={currency} names={names} /> : null}
      <N1Table org={org} currency={currency} names={names} />
      <p className="muted small">{t("whatif.footnote", { n: number(model.components.length) })}</p>
    </>
  );
}

/** The plan view: each step's run and when it waited for people or tools, and for whom. */
function PlanView({ r, name }: { r: WhatIfResult; name: (id: string) => string }) {
  const { t, duration } = useI18n();
  const rows: PlanStepRow[] = [];
  let until = 0;
  for (const [plan, p] of Object.entries(r.json.plans ?? {})) {
    if (p.activatedAt === null) continue;
    for (const [step, s] of Object.entries(p.steps)) {
      const waits = (r.capacityWaits?.[plan]?.[step] ?? []).map((w) => ({ from: w.from, to: w.to, who: w.components.map(name) }));
      rows.push({ plan, step, start: s.start, end: s.end, waits });
      until = Math.max(until, s.end ?? s.start ?? 0, ...waits.map((w) => w.to ?? w.from));
    }
  }
  // long plans are never cut silently: "and N more" shows the rest
  const shownRows = useMore(rows, 200);
  const shownWaits = useMore(rows.flatMap((row) => row.waits.map((w) => ({ row, w }))), 50);
  if (!rows.length) return null;
  const horizon = r.json.horizonMinutes;
  const ongoing = rows.some((row) => row.end === null);
  const end = ongoing ? Math.min(horizon, Math.max(r.until, until * 1.05, 60)) : Math.min(horizon, Math.max(60, until * 1.05));
  const waits = rows.flatMap((row) => row.waits.map((w) => ({ row, w })));
  const changed = Object.entries(r.capacities ?? {});
  return (
    <div data-testid="plan-view">
      {changed.length ? <Notice kind="info">{t("whatif.capacityRunNote", { list: changed.map(([id, n]) => `${name(id)} ${n}`).join(", ") })}</Notice> : null}
      <div className="legend" aria-hidden="true">
        <span><i className="swatch bar" />{t("whatif.legendRun")}</span>
        <span><i className="swatch plan-wait-swatch" />{t("whatif.legendWait")}</span>
      </div>
      <ScrollArea className="chart-scroll">
        <PlanGantt rows={shownRows.shown} until={end} horizon={horizon} />
      </ScrollArea>
      {shownRows.more ? <p className="small">{shownRows.more}</p> : null}
      <h3>{t("whatif.capacityWaitsTitle")}</h3>
      {waits.length ? (
        <ul data-testid="capacity-waits">
          {shownWaits.shown.map(({ row, w }, k) => (
            <li key={k}>{t("whatif.stepWaitedFor", { step: `${row.plan} / ${row.step}`, who: w.who.join(", "), d: duration((w.to ?? horizon) - w.from), from: duration(w.from), to: w.to === null ? t("whatif.notRecovered") : duration(w.to) })}</li>
          ))}
          {shownWaits.more ? <li>{shownWaits.more}</li> : null}
        </ul>
      ) : (
        <p className="muted">{t("whatif.capacityWaitsNone")}</p>
      )}
    </div>
  );
}

function Results({ run, org, currency, canSave, onSaved, stored }: { run: Run; org: string; currency: string; canSave: boolean; onSaved: () => void; stored: StoredScenario[] }) {
  const { t, duration, money, moneyShort, number } = useI18n();
  const orgModel = useOrgModel();
  const r = run.result;
  const base = `/o/${encodeURIComponent(org)}`;
  const names = useMemo(() => new Map((orgModel.model?.components ?? []).map((c) => [c.id, c.name ?? c.id])), [orgModel.model]);
  const name = (id: string) => names.get(id) ?? id;
  const rtoBreaches = r.services.filter((s) => s.rtoBreached);
  const mtpdBreaches = r.services.filter((s) => s.mtpdBreached);
  const allEvents = run.scenario.events
    .filter((e) => e.fail)
    .map((e) => {
      const start = typeof e.at === "number" ? e.at : minutes(e.at) ?? 0;
      const f = e.for === null || e.for === undefined ? null : typeof e.for === "number" ? e.for : minutes(e.for) ?? null;
      return { label: name(e.fail!), start, end: f === null ? null : start + f };
    });
  // a long scenario's failures: the first 12 drawn, the rest one click away (never cut silently)
  const { shown: events, more: moreEvents } = useMore(allEvents, 12);
  const [saveName, setSaveName] = useState("");
  const [comment, setComment] = useState("");
  const [saved, setSaved] = useState<string | undefined>();
  const [saveError, setSaveError] = useState<unknown>();
  useEffect(() => {
    setSaveName(run.scenario.scenario);
    setSaved(undefined);
    setSaveError(undefined);
  }, [run]);

  const [replacing, setReplacing] = useState<StoredScenario | undefined>(); // a saved scenario of the same name, to replace once confirmed
  const save = async (e: FormEvent | undefined, replace?: StoredScenario) => {
    e?.preventDefault();
    setSaveError(undefined);
    setReplacing(undefined);
    const id = saveName.trim().toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "") || "scenario";
    const same = stored.find((x) => String(x.scenario.scenario ?? x.id) === id);
    if (same && !replace) {
      setReplacing(same);
      return;
    }
    try {
      const body = { scenario: { ...run.scenario, scenario: id }, comment: comment.trim() || t("whatif.savedComment") };
      if (replace) await api.put(orgPath(org, `scenarios/${encodeURIComponent(String(replace.id))}`), body);
      else await api.post(orgPath(org, "scenarios"), body);
      setSaved(id);
      onSaved();
    } catch (err) {
      setSaveError(err);
    }
  };

  return (
    <div data-testid="whatif-results" data-ms={run.roundTripMs.toFixed(2)}>
      <Section title={<>{t("whatif.result")}: {run.scenario.name ?? run.scenario.scenario}</>} actions={<span className="muted small" data-testid="whatif-ms">{t("whatif.computedIn", { ms: run.roundTripMs.toFixed(1), worker: r.ms.toFixed(1) })}</span>}>
        <div className="stats">
          <Stat label={t("whatif.servicesDown")} value={number(r.services.length)} tone={r.services.length ? "warn" : "good"} />
          <Stat label={t("whatif.rtoBreaches")} value={number(rtoBreaches.length)} tone={rtoBreaches.length ? "bad" : "good"} />
          <Stat label={t("whatif.mtpdBreaches")} value={number(mtpdBreaches.length)} tone={mtpdBreaches.length ? "bad" : "good"} />
          <Stat label={t("whatif.totalLoss")} value={moneyShort(r.json.totalLoss, currency)} tone={r.json.totalLoss ? "bad" : "good"} />
          <Stat label={t("whatif.deadlocked")} value={number(r.json.deadlocked.length)} tone={r.json.deadlocked.length ? "bad" : "good"} />
          <Stat label={t("whatif.componentsDown")} value={number(r.componentsDown)} />
        </div>
        {rtoBreaches.length ? (
          <div className="alert alert-error" role="status" data-testid="breach-list">
            <strong>{t("whatif.breachHeading")}</strong>
            <ul>
              {r.services.filter((s) => s.rtoBreached || s.mtpdBreached).map((s) => (
                <li key={s.id} data-service={s.id}>
                  <Link to={`${base}/components/${encodeURIComponent(s.id)}`}>{s.name ?? s.id}</Link>{" "}
                  {s.rtoBreached ? <Badge kind="warn">{t("whatif.rtoBreached")}</Badge> : null} {s.mtpdBreached ? <Badge kind="bad">{t("whatif.mtpdBreached")}</Badge> : null}{" "}
                  <span className="muted">{t("whatif.downFor", { d: duration(s.longest), rto: duration(s.rto), mtpd: duration(s.mtpd) })}</span>
                </li>
              ))}
            </ul>
          </div>
        ) : r.services.length ? <Notice kind="success">{t("whatif.noBreach")}</Notice> : <Notice kind="success">{t("whatif.nothingDown")}</Notice>}
      </Section>
      {r.services.length ? (
        <Section title={t("whatif.timeline")}>
          <p className="legend">
            <span><span className="swatch bar" aria-hidden="true" />{t("whatif.legendDown")}</span>
            <span><span className="swatch bar-rto" aria-hidden="true" />{t("whatif.legendRto")}</span>
            <span><span className="swatch bar-mtpd" aria-hidden="true" />{t("whatif.legendMtpd")}</span>
            <span><span className="swatch gantt-event-swatch" aria-hidden="true" />{t("whatif.legendFailure")}</span>
          </p>
          <ScrollArea className="chart-scroll">
            <Gantt rows={r.services} until={r.until} horizon={r.json.horizonMinutes} events={[...events]} />
          </ScrollArea>
          {moreEvents ? <p className="muted small" data-testid="gantt-more">{t("whatif.failuresShown", { shown: events.length, total: allEvents.length })} {moreEvents}</p> : null}
          <details>
            <summary>{t("whatif.asTable")}</summary>
            <ServiceTable run={run} currency={currency} />
          </details>
        </Section>
      ) : null}
      {r.json.totalLoss > 0 ? (
        <Section title={t("whatif.lossOverTime")}>
          <LossCurve series={[{ label: run.label, ...r.lossCurve }]} currency={currency} />
          <p className="muted small">{t("whatif.lossNote", { total: money(r.json.totalLoss, currency), horizon: duration(r.json.horizonMinutes) })}</p>
        </Section>
      ) : null}
      {r.json.deadlocked.length || r.blockedSteps.length ? (
        <Section title={t("whatif.deadlocks")}>
          <div data-testid="deadlocks">
            <p>{t("whatif.deadlockIntro", { n: r.json.deadlocked.length })}</p>
            {r.cycles.length ? (
              <>
                <h3>{t("whatif.circles")}</h3>
                <ul>
                  {r.cycles.map((c, k) => (
                    <li key={k} className="cycle">
                      {c.map((id, j) => <span key={j}>{j ? <span aria-hidden="true"> → </span> : null}<Link to={`${base}/components/${encodeURIComponent(id)}`}>{name(id)}</Link></span>)}
                      <div className="muted small">{t("whatif.circleExplain", { a: name(c[0]), b: name(c[1] ?? c[0]) })}</div>
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            {r.deadlocks.length ? (
              <ScrollArea><table className="table compact">
                <thead><tr><th scope="col">{t("common.component")}</th><th scope="col">{t("whatif.waitsOn")}</th></tr></thead>
                <tbody>
                  <MoreRows items={r.deadlocks} limit={200} colSpan={2} render={(d) => (
                    <tr key={d.id}>
                      <td><Link to={`${base}/components/${encodeURIComponent(d.id)}`}>{name(d.id)}</Link></td>
                      <td>{d.waitsOn.length ? d.waitsOn.map(name).join(", ") : <span className="muted">{t("whatif.waitsOnNothing")}</span>}</td>
                    </tr>
                  )} />
                </tbody>
              </table></ScrollArea>
            ) : null}
            {r.blockedSteps.length ? (
              <>
                <h3>{t("whatif.blockedSteps")}</h3>
                <ul>
                  {r.blockedSteps.map((s, k) => (
                    <li key={k}>
                      <strong>{s.plan}</strong> / {s.step}:{" "}
                      {s.waitingForComponents.length
                        ? t("whatif.stepWaitsComponents", { list: s.waitingForComponents.map(name).join(", ") })
                        : s.waitingForCapacity?.length
                          ? t("whatif.stepWaitsCapacity", { list: s.waitingForCapacity.map(name).join(", ") })
                          : t("whatif.stepWaitsSteps", { list: s.waitingForSteps.join(", ") })}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </div>
        </Section>
      ) : null}
      {r.json.plans && Object.keys(r.json.plans).length ? (
        <Section title={t("whatif.plans")}>
          <ScrollArea><table className="table compact">
            <thead><tr><th scope="col">{t("whatif.plan")}</th><th scope="col">{t("whatif.activated")}</th><th scope="col">{t("whatif.completed")}</th><th scope="col">{t("whatif.steps")}</th></tr></thead>
            <tbody>
              {Object.entries(r.json.plans).map(([id, p]) => {
                const steps = Object.values(p.steps);
                const done = steps.filter((s) => s.end !== null).length;
                return (
                  <tr key={id}>
                    <td>{id}</td>
                    <td>{p.activatedAt === null ? <span className="muted">{t("whatif.notActivated")}</span> : duration(p.activatedAt)}</td>
                    <td>{p.completedAt === null ? <Badge kind={p.activatedAt === null ? "neutral" : "bad"}>{t("whatif.notCompleted")}</Badge> : duration(p.completedAt)}</td>
                    <td>{t("whatif.stepsDone", { done, n: steps.length })}</td>
                  </tr>
                );
              })}
            </tbody>
          </table></ScrollArea>
          <PlanView r={r} name={name} />
        </Section>
      ) : null}
      {canSave ? (
        <Section title={t("whatif.saveTitle")}>
          <form onSubmit={save} className="row wrap align-end">
            <TextField label={t("whatif.scenarioName")} value={saveName} onChange={(e) => setSaveName(e.target.value)} />
            <TextField label={t("common.comment")} value={comment} onChange={(e) => setComment(e.target.value)} />
            <button type="submit" className="btn">{t("whatif.save")}</button>
          </form>
          {saved ? <Notice kind="success">{t("whatif.savedAs", { x: saved })}</Notice> : null}
          <ErrorBox error={saveError} />
          {replacing ? (
            <div data-testid="replace-scenario"><Notice kind="warning">
              {t("whatif.replaceAsk", { name: String(replacing.scenario.scenario ?? replacing.id) })}{" "}
              <button type="button" className="btn btn-small" onClick={() => void save(undefined, replacing)}>{t("whatif.replace")}</button>{" "}
              <button type="button" className="btn btn-small btn-quiet" onClick={() => setReplacing(undefined)}>{t("common.cancel")}</button>
            </Notice></div>
          ) : null}
        </Section>
      ) : null}
    </div>
  );
}

function ServiceTable({ run, currency }: { run: Run; currency: string }) {
  const { t, duration, money } = useI18n();
  return (
    <ScrollArea>
      <table className="table compact" data-testid="whatif-table">
        <thead>
          <tr>
            <th scope="col">{t("common.service")}</th>
            <th scope="col">{t("common.tier")}</th>
            <th scope="col" className="num">{t("whatif.downAt")}</th>
            <th scope="col" className="num">{t("whatif.longest")}</th>
            <th scope="col" className="num">{t("common.rto")}</th>
            <th scope="col" className="num">{t("common.mtpd")}</th>
            <th scope="col">{t("whatif.breach")}</th>
            <th scope="col" className="num">{t("whatif.loss")}</th>
          </tr>
        </thead>
        <tbody>
          {run.result.services.map((s) => (
            <tr key={s.id}>
              <td>{s.name ?? s.id}</td>
              <td><TierBadge tier={s.tier} /></td>
              <td className="num">{duration(s.outages[0]?.start)}</td>
              <td className="num">{duration(s.longest)}{s.outages.some((o) => o.end === null) ? ` (${t("whatif.notRecovered")})` : ""}</td>
              <td className="num">{duration(s.rto)}</td>
              <td className="num">{duration(s.mtpd)}</td>
              <td>{s.mtpdBreached ? <Badge kind="bad">{t("whatif.mtpdBreached")}</Badge> : s.rtoBreached ? <Badge kind="warn">{t("whatif.rtoBreached")}</Badge> : <Badge kind="good">{t("bia.ok")}</Badge>}</td>
              <td className="num">{money(s.loss, currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollArea>
  );
}

function Compare({ runs, currency, names }: { runs: Run[]; currency: string; names: Map<string, string> }) {
  const { t, duration, moneyShort, date } = useI18n();
  const [a, setA] = useState(runs[runs.length - 2].id);
  const [b, setB] = useState(runs[runs.length - 1].id);
  useEffect(() => {
    setA(runs[runs.length - 2].id);
    setB(runs[runs.length - 1].id);
  }, [runs]);
  const ra = runs.find((r) => r.id === a);
  const rb = runs.find((r) => r.id === b);
  const label = (r: Run) => `${r.label} (${date(r.at)})`;
  const rows = useMemo(() => {
    if (!ra || !rb) return [];
    const ids = new Set([...ra.result.services.map((s) => s.id), ...rb.result.services.map((s) => s.id)]);
    return [...ids].map((id) => ({ id, a: ra.result.services.find((s) => s.id === id), b: rb.result.services.find((s) => s.id === id) }));
  }, [ra, rb]);
  const status = (s: Run["result"]["services"][number] | undefined) =>
    !s ? <Badge kind="good">{t("whatif.up")}</Badge> : s.mtpdBreached ? <Badge kind="bad">{t("whatif.mtpdBreached")}</Badge> : s.rtoBreached ? <Badge kind="warn">{t("whatif.rtoBreached")}</Badge> : <Badge kind="good">{t("bia.ok")}</Badge>;
  return (
    <Section title={t("whatif.compare")}>
      <div className="row wrap">
        <div className="field">
          <label htmlFor="cmp-a">{t("whatif.runA")}</label>
          <select id="cmp-a" value={a} onChange={(e) => setA(Number(e.target.value))}>{runs.map((r) => <option key={r.id} value={r.id}>{label(r)}</option>)}</select>
        </div>
        <div className="field">
          <label htmlFor="cmp-b">{t("whatif.runB")}</label>
          <select id="cmp-b" value={b} onChange={(e) => setB(Number(e.target.value))}>{runs.map((r) => <option key={r.id} value={r.id}>{label(r)}</option>)}</select>
        </div>
      </div>
      {ra && rb ? (
        <>
          <LossCurve series={[{ label: `A: ${ra.label}`, ...ra.result.lossCurve }, { label: `B: ${rb.label}`, ...rb.result.lossCurve }]} currency={currency} height={200} />
          <ScrollArea>
            <table className="table compact" data-testid="compare-table">
              <thead>
                <tr>
                  <th scope="col">{t("common.service")}</th>
                  <th scope="col">A</th>
                  <th scope="col" className="num">{t("whatif.longest")} A</th>
                  <th scope="col">B</th>
                  <th scope="col" className="num">{t("whatif.longest")} B</th>
                  <th scope="col" className="num">{t("whatif.lossDelta")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map(({ id, a: sa, b: sb }) => {
                  const delta = (sb?.loss ?? 0) - (sa?.loss ?? 0);
                  return (
                    <tr key={id}>
                      <td>{names.get(id) ?? id}</td>
                      <td>{status(sa)}</td>
                      <td className="num">{sa ? duration(sa.longest) : "—"}</td>
                      <td>{status(sb)}</td>
                      <td className="num">{sb ? duration(sb.longest) : "—"}</td>
                      <td className={`num ${delta > 0 ? "worse" : delta < 0 ? "better" : ""}`}>{delta === 0 ? "0" : `${delta > 0 ? "+" : "−"}${moneyShort(Math.abs(delta), currency)}`}</td>
                    </tr>
                  );
                })}
                <tr className="strong">
                  <td>{t("whatif.totalLoss")}</td>
                  <td colSpan={2} className="num">{moneyShort(ra.result.json.totalLoss, currency)}</td>
                  <td colSpan={2} className="num">{moneyShort(rb.result.json.totalLoss, currency)}</td>
                  <td className="num">{moneyShort(rb.result.json.totalLoss - ra.result.json.totalLoss, currency)}</td>
                </tr>
              </tbody>
            </table>
          </ScrollArea>
        </>
      ) : null}
    </Section>
  );
}

/**
 * One component: what it needs, what needs it, its BIA, its history; editors change it here with
 * the engine checking the draft as they type and the server's messages next to the fields.
 */
import type { ComponentAnswer as ApiComponentAnswer } from "@continuum/api";
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { IMPACT_CATEGORIES, KNOWN_KINDS, type Diagnostic } from "@continuum/engine";
import { Badge, DiagnosticList, Empty, ErrorBox, Field, Loading, Notice, PageHeader, Section, TextAreaField, TextField, TierBadge } from "../../ui/ui";
import { ImpactTable } from "../../ui/charts/ImpactChart";
import { api, ApiError, authorName, canEdit, orgPath, type Page, type RevisionSummary } from "../../app/api";
import { engine } from "../../model/engine";
import { fieldErrors } from "../../app/errors";
import { useI18n } from "../../app/i18n";
import { blastRadius, isGroup, minutes, type FileComponent } from "../../model/model";
import { useOrgModel } from "../../model/orgdata";
import { Link, navigate, setSearch, useLocation } from "../../app/router";
import { useSession } from "../../app/session";
import { useTitle } from "../../app/title";
import { kindLabel } from "../../ui/labels";
import { fromDraft, toDraft, type Draft } from "./component-draft";
import { RevisionSummaryText } from "../../ui/RevisionSummary";
import { ScrollArea } from "../../ui/ScrollArea";
import { MoreList } from "../../ui/MoreList";
import { ComponentPicker, type PickOption } from "../../ui/ComponentPicker";
import { MoneyInput } from "../../ui/MoneyInput";
import { useScrollToFirstError } from "../../ui/first-error";
import { inLanguage } from "../../app/diagnostic-words";
import { ServiceRecoveryProof } from "../exercises/RecoveryProof";

type ComponentAnswer = ApiComponentAnswer<FileComponent>;

/** The server's 412: someone changed the component after the revision this edit was based on. */
interface StaleEdit {
  name: string;
  at: string | null;
  revision: number;
}

/**
 * The notice of a component just created, handed from the new-component form to the page the
 * browser moves to (that page starts afresh, so it would otherwise never say the save worked).
 */
let createdNotice: { id: string; warnings: Diagnostic[] } | undefined;

export function ComponentPage({ org, id }: { org: string; id: string | null }) {
  const { t } = useI18n();
  const session = useSession();
  const orgModel = useOrgModel();
  const { search } = useLocation();
  const editor = canEdit(session.role(org));
  const editing = editor && (id === null || search.get("edit") === "1");
  const [data, setData] = useState<ComponentAnswer | undefined>();
  const [error, setError] = useState<unknown>();
  const [history, setHistory] = useState<RevisionSummary[] | undefined>();
  const [saved, setSaved] = useState<{ warnings: Diagnostic[]; unchanged?: boolean } | undefined>();
  useTitle(id ? data?.component.name ?? id : t("component.newTitle"));

  const load = useCallback(async () => {
    if (id === null) return;
    setError(undefined);
    try {
      const answer = await api.get<ComponentAnswer>(orgPath(org, "components", id));
      setData(answer);
    } catch (e) {
      setError(e);
    }
    api.get<Page<RevisionSummary> | RevisionSummary[]>(orgPath(org, "components", id, "history")).then(
      (h) => setHistory(Array.isArray(h) ? h : h.items ?? []),
      () => setHistory([]),
    );
  }, [org, id]);

  useEffect(() => {
    setData(undefined);
    setHistory(undefined);
    setSaved(createdNotice && createdNotice.id === id ? { warnings: createdNotice.warnings } : undefined);
    createdNotice = undefined;
    void load();
  }, [load, id]);

  if (id !== null && error) return <><PageHeader title={id} /><ErrorBox error={error} /></>;
  if (id !== null && !data) return <Loading />;

  const component = data?.component ?? { id: "" };
  const base = `/o/${encodeURIComponent(org)}`;

  if (editing) {
    return (
      <ComponentForm
        org={org}
        initial={component}
        isNew={id === null}
        revision={data?.revision?.number}
        onCancel={() => (id === null ? navigate(`${base}/components`) : setSearch({ edit: "" }))}
        onDiscard={async () => {
          await orgModel.reload();
          setSearch({ edit: "" });
          await load();
        }}
        onSaved={async (newId, warnings, unchanged) => {
          await orgModel.reload();
          setSaved({ warnings, unchanged });
          if (id === null) {
            createdNotice = { id: newId, warnings };
            navigate(`${base}/components/${encodeURIComponent(newId)}`);
          }
          else {
            setSearch({ edit: "" });
            await load();
          }
        }}
      />
    );
  }
  return <ComponentView org={org} data={data!} history={history} saved={saved} editor={editor} onDeleted={() => navigate(`${base}/components`)} />;
}

function ComponentView({ org, data, history, saved, editor, onDeleted }: { org: string; data: ComponentAnswer; history?: RevisionSummary[]; saved?: { warnings: Diagnostic[]; unchanged?: boolean }; editor: boolean; onDeleted: () => void }) {
  const { t, duration, date } = useI18n();
  const orgModel = useOrgModel();
  const c = data.component;
  const base = `/o/${encodeURIComponent(org)}`;
  const names = useMemo(() => new Map((orgModel.model?.components ?? []).map((m) => [m.id, m.name])), [orgModel.model]);
  const link = (x: string) => (
    <>
      <Link to={`${base}/components/${encodeURIComponent(x)}`}>{names.get(x) ?? x}</Link>
      {names.get(x) ? <span className="muted small mono"> {x}</span> : null}
    </>
  );
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [deleteError, setDeleteError] = useState<unknown>();
  const [comment, setComment] = useState("");

  const radius = useMemo(() => {
    const g = orgModel.graph;
    const i = g?.index.get(c.id);
    if (!g || i === undefined) return [];
    return blastRadius(g, i).map((k) => orgModel.model!.components[k]);
  }, [orgModel.graph, orgModel.model, c.id]);
  const radiusServices = radius.filter((x) => x.tier || x.kind === "business-service");
  const warnings = (orgModel.info?.diagnostics ?? []).filter((d) => d.component === c.id);

  const remove = async () => {
    setDeleteError(undefined);
    try {
      const query = new URLSearchParams();
      if (comment) query.set("comment", comment);
      // refused (412, naming who) when someone changed the component after it was shown
      if (data.revision) query.set("expectedRevision", String(data.revision.number));
      await api.del(orgPath(org, "components", c.id) + (query.size ? `?${query}` : ""));
      await orgModel.reload();
      onDeleted();
    } catch (e) {
      setDeleteError(e);
    }
  };

  const hard = (c.dependsOn ?? []).filter((d): d is string => typeof d === "string");
  const groups = (c.dependsOn ?? []).filter(isGroup);
  return (
    <>
      <PageHeader
        title={
          <>
            {c.name ?? c.id} <TierBadge tier={c.tier} />
          </>
        }
        subtitle={
          <>
            <code>{c.id}</code> · {kindLabel(t, c.kind)}
            {c.site ? <> · {t("common.site")}: <Link to={`${base}/components/${encodeURIComponent(c.site)}`}>{names.get(c.site) ?? c.site}</Link></> : null}
            {" · "}
            {c.owner ? `${t("common.owner")}: ${c.owner}` : <Badge kind="warn">{t("catalog.noOwner")}</Badge>}
          </>
        }
        actions={
          <>
            <Link className="btn" to={`${base}/map?focus=${encodeURIComponent(c.id)}`}>{t("component.showOnMap")}</Link>
            <Link className="btn" to={`${base}/what-if?fail=${encodeURIComponent(c.id)}`}>{t("component.whatIfFails")}</Link>
            {editor ? (
              <>
                <button type="button" className="btn btn-primary" onClick={() => setSearch({ edit: "1" })}>{t("common.edit")}</button>
                <button type="button" className="btn btn-danger" onClick={() => setConfirmDelete(true)}>{t("common.delete")}</button>
              </>
            ) : null}
          </>
        }
      />
      {saved ? (
        <Notice kind="success">
          {saved.unchanged ? t("component.unchanged") : t("component.saved")}
          {saved.warnings.length ? <DiagnosticList items={saved.warnings} /> : null}
        </Notice>
      ) : null}
      {confirmDelete ? (
        <div className="alert alert-warning" role="alertdialog" aria-labelledby="delete-q">
          <p id="delete-q"><strong>{t("component.deleteConfirm", { id: c.id })}</strong></p>
          {data.dependents.length ? <p>{t("component.deleteDependents", { n: data.dependents.length })}</p> : null}
          <TextField label={t("common.comment")} value={comment} onChange={(e) => setComment(e.target.value)} />
          <ErrorBox error={deleteError} />
          <div className="row">
            <button type="button" className="btn btn-danger" onClick={() => void remove()}>{t("common.delete")}</button>
            <button type="button" className="btn" onClick={() => setConfirmDelete(false)}>{t("common.cancel")}</button>
          </div>
        </div>
      ) : null}
      {c.description ? <p className="lead">{c.description}</p> : null}
      {warnings.length ? (
        <Section title={t("component.warnings")}>
          <DiagnosticList items={warnings} />
        </Section>
      ) : null}
      <div className="grid-2">
        <Section title={t("component.needs")}>
          {!c.site && !hard.length && !groups.length ? <Empty>{t("component.needsNothing")}</Empty> : null}
          <ul className="dep-list">
            {c.site ? <li>{link(c.site)} <span className="muted">({t("component.siteDep")})</span></li> : null}
            {hard.map((d) => <li key={d}>{link(d)}</li>)}
            {groups.map((g, k) => (
              <li key={k}>
                <strong>{g.group ?? t("component.group")}</strong>{" "}
                <span className="muted">
                  ({g.mode === "active-passive" ? t("component.activePassive") : t("component.activeActive", { need: g.need ?? 1, of: g.members.length })}
                  {g.mode === "active-passive" && g.failover !== undefined ? `, ${t("component.failover")} ${g.failover === "manual" ? t("component.manual") : duration(minutes(g.failover))}` : ""})
                </span>
                <ul>
                  {g.members.map((m) => <li key={m}>{link(m)}</li>)}
                </ul>
              </li>
            ))}
          </ul>
        </Section>
        <Section title={t("component.neededBy")}>
          {data.dependents.length === 0 ? <Empty>{t("component.neededByNothing")}</Empty> : (
            <ul className="dep-list">{data.dependents.map((d) => <li key={d}>{link(d)}</li>)}</ul>
          )}
          {radius.length ? (
            <p className="muted" data-testid="blast-radius">
              {t("component.radius", { n: radius.length, services: radiusServices.length })}{" "}
              <MoreList items={radiusServices} limit={8} render={(s) => <Link to={`${base}/components/${encodeURIComponent(s.id)}`}>{s.name ?? s.id}</Link>} />
            </p>
          ) : null}
        </Section>
      </div>
      <Section title={t("component.bia")}>
        <dl className="facts">
          <div><dt>{t("common.rto")}</dt><dd data-testid="rto">{c.rto !== undefined ? duration(minutes(c.rto)) : "—"}</dd></div>
          <div><dt>{t("common.rpo")}</dt><dd>{c.rpo !== undefined ? duration(minutes(c.rpo)) : "—"}</dd></div>
          <div><dt>{t("common.mtpd")}</dt><dd>{c.mtpd !== undefined ? duration(minutes(c.mtpd)) : "—"}</dd></div>
          <div><dt>{t("common.restart")}</dt><dd>{duration(minutes(c.restart ?? 0) ?? 0)}</dd></div>
          <div><dt>{t("common.standby")}</dt><dd>{c.standby ? t("common.yes") : t("common.no")}</dd></div>
          <div className="wide"><dt>{t("common.mbco")}</dt><dd>{c.mbco ?? "—"}</dd></div>
        </dl>
        {c.impact?.length ? <ImpactTable impact={c.impact} currency={orgModel.model?.currency} rto={minutes(c.rto)} mtpd={minutes(c.mtpd)} /> : <p className="muted">{t("component.noImpact")}</p>}
        {c.tier || c.kind === "business-service" ? <p><Link to={`${base}/bia?service=${encodeURIComponent(c.id)}`}>{t("component.openBia")} →</Link></p> : null}
      </Section>
      {c.rto !== undefined ? <ServiceRecoveryProof org={org} service={c.id} /> : null}
      <Section title={t("component.history")}>
        {!history ? <Loading /> : history.length === 0 ? <Empty>{t("component.noHistory")}</Empty> : (
          <ScrollArea><table className="table">
            <thead>
              <tr>
                <th scope="col">{t("revisions.number")}</th>
                <th scope="col">{t("revisions.when")}</th>
                <th scope="col">{t("revisions.author")}</th>
                <th scope="col">{t("common.comment")}</th>
              </tr>
            </thead>
            <tbody>
              {history.map((r) => (
                <tr key={r.number}>
                  <td><Link to={`${base}/revisions?show=${r.number}`}>#{r.number}</Link></td>
                  <td>{date(r.createdAt)}</td>
                  <td>{authorName(r.author)}</td>
                  <td>{r.comment || <span className="muted">—</span>}<div><RevisionSummaryText summary={r.summary} kind={r.kind} /></div></td>
                </tr>
              ))}
            </tbody>
          </table></ScrollArea>
        )}
      </Section>
    </>
  );
}

// ---- the edit form -------------------------------------------------------------------------

/** Where an engine diagnostic belongs in the form. */
function diagnosticField(d: Diagnostic): string | undefined {
  if (d.code === "rto-unreachable" || d.code === "rto-over-mtpd") return "rto";
  const m = /^components\[\d+\]\.(\w+)/.exec(d.field ?? "");
  return m?.[1];
}

function ComponentForm({ org, initial, isNew, revision, onCancel, onDiscard, onSaved }: { org: string; initial: FileComponent; isNew: boolean; revision?: number; onCancel: () => void; onDiscard: () => Promise<void>; onSaved: (id: string, warnings: Diagnostic[], unchanged?: boolean) => Promise<void> }) {
  const { t, date, lang } = useI18n();
  const formRef = useRef<HTMLFormElement>(null);
  const [attempt, setAttempt] = useState(0);
  useScrollToFirstError(formRef, attempt);
  // the revision this edit is based on: the server refuses the save (412) if the component changed since
  const [base, setBase] = useState(revision);
  const [stale, setStale] = useState<StaleEdit | undefined>();
  const orgModel = useOrgModel();
  const [draft, setDraft] = useState<Draft>(() => toDraft(initial));
  const [comment, setComment] = useState("");
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [check, setCheck] = useState<Diagnostic[]>([]);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => {
    setDraft((d) => ({ ...d, [k]: v }));
    // a server message is about the value that was sent: editing the field retires it
    setServerErrors((e) => {
      const field = k === "hard" || k === "groups" ? "dependsOn" : k;
      if (!(field in e)) return e;
      const { [field]: _gone, ...rest } = e;
      return rest;
    });
  };

  // what the pickers offer: the model's other components (a site picker: its sites), by name
  const others = useMemo<PickOption[]>(
    () => (orgModel.model?.components ?? []).filter((c) => c.id !== initial.id).map((c) => ({ id: c.id, name: c.name, kind: c.kind })).sort((a, b) => (a.name ?? a.id).localeCompare(b.name ?? b.id)),
    [orgModel.model, initial.id],
  );
  const sites = useMemo(() => others.filter((c) => c.kind === "site"), [others]);
  const currency = orgModel.model?.currency ?? "KRW";
  const locale = lang === "ko" ? "ko-KR" : "en-US";
  const splitIds = (s: string) => s.split(/[,\s]+/).filter(Boolean);

  // the engine checks the whole model with this draft in it, as the user types
  useEffect(() => {
    const model = orgModel.model;
    if (!model) return;
    const timer = setTimeout(() => {
      const candidate = fromDraft(draft, initial);
      if (!candidate.id) return setCheck([]);
      const components = isNew ? [...model.components, candidate] : model.components.map((c) => (c.id === initial.id ? candidate : c));
      const index = components.indexOf(candidate);
      engine.check([{ path: "model.json", text: JSON.stringify({ ...model, components }) }]).then(
        (r) => setCheck(r.diagnostics.filter((d) => d.component === candidate.id || (d.field ?? "").startsWith(`components[${index}]`)).map(({ file: _f, line: _l, column: _c, ...d }) => d)),
        () => setCheck([]),
      );
    }, 300);
    return () => clearTimeout(timer);
  }, [draft, orgModel.model, initial, isNew]);

  const fieldMessages: Record<string, { text: string; warning: boolean }> = {};
  for (const raw of check) {
    const d = inLanguage(raw, lang);
    const f = diagnosticField(d);
    if (!f) continue;
    const prev = fieldMessages[f];
    fieldMessages[f] = { text: prev ? `${prev.text}; ${d.message}` : d.message, warning: d.severity === "warning" && (!prev || prev.warning) };
  }
  for (const [f, text] of Object.entries(serverErrors)) fieldMessages[f] = { text, warning: false };
  const errorOf = (f: string) => (fieldMessages[f] && !fieldMessages[f].warning ? fieldMessages[f].text : undefined);
  const warningOf = (f: string) => (fieldMessages[f]?.warning ? <span className="field-warning" role="status">⚠ {fieldMessages[f].text}</span> : undefined);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save(base);
  };

  /** Takes the current revision as the new base and saves the draft over it. */
  const reapply = async () => {
    setBusy(true);
    try {
      const latest = await api.get<ComponentAnswer>(orgPath(org, "components", initial.id));
      await orgModel.reload();
      setBase(latest.revision?.number);
      await save(latest.revision?.number);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  const save = async (expectedRevision: number | undefined) => {
    setBusy(true);
    setError(undefined);
    setStale(undefined);
    setServerErrors({});
    const component = fromDraft(draft, initial);
    try {
      const body = { component, comment: comment.trim() || (isNew ? `create ${component.id}` : `edit ${component.id}`), ...(isNew || expectedRevision === undefined ? {} : { expectedRevision }) };
      const answer = isNew
        ? await api.post<{ warnings?: Diagnostic[]; unchanged?: boolean }>(orgPath(org, "components"), body)
        : await api.put<{ warnings?: Diagnostic[]; unchanged?: boolean }>(orgPath(org, "components", initial.id), body);
      const warnings = (answer?.warnings ?? []).filter((w) => w.component === component.id);
      // the server reads the model as JSON: its line numbers point into that, not into a file
      await onSaved(component.id, warnings.map(({ file: _f, line: _l, column: _c, ...d }) => d), answer?.unchanged);
    } catch (err) {
      if (err instanceof ApiError && err.status === 412) {
        const p = err.problem as { changedBy?: { name?: string } | null; changedAt?: string | null; currentRevision?: number };
        setStale({ name: p.changedBy?.name ?? "?", at: p.changedAt ?? null, revision: p.currentRevision ?? 0 });
        return;
      }
      const { byField, general } = fieldErrors(err, lang);
      setServerErrors(byField);
      setAttempt((n) => n + 1);
      if (general.length || !Object.keys(byField).length || !(err instanceof ApiError)) setError(err);
    } finally {
      setBusy(false);
    }
  };

  const otherChecks = check.filter((d) => !diagnosticField(d));
  return (
    <form onSubmit={submit} noValidate className="component-form" aria-labelledby="form-title" ref={formRef}>
      <PageHeader title={<span id="form-title">{isNew ? t("component.newTitle") : t("component.editTitle", { id: initial.id })}</span>} />
      <ErrorBox error={error} title={t("component.saveFailed")} />
      {stale ? (
        <div className="alert alert-warning" role="alert" data-testid="stale-edit">
          <p><strong>{t("component.staleTitle")}</strong></p>
          <p>{t("component.staleBody", { name: stale.name, time: stale.at ? date(stale.at) : "—", revision: stale.revision })}</p>
          <div className="row">
            <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void reapply()}>{t("component.staleReapply")}</button>
            <button type="button" className="btn" disabled={busy} onClick={() => void onDiscard()}>{t("component.staleDiscard")}</button>
          </div>
        </div>
      ) : null}
      {otherChecks.length ? <DiagnosticList items={otherChecks} /> : null}
      <Section title={t("component.identity")}>
        <div className="form-grid">
          <TextField label={t("component.id")} value={draft.id} onChange={(e) => set("id", e.target.value)} error={errorOf("id")} hint={t("component.idHint")} readOnly={!isNew} required name="id" />
          <TextField label={t("common.name")} value={draft.name} onChange={(e) => set("name", e.target.value)} error={errorOf("name")} name="name" />
          <Field label={t("common.kind")} error={errorOf("kind")}>
            {(p) => (
              <select {...p} name="kind" value={draft.kind} onChange={(e) => set("kind", e.target.value)}>
                <option value="">{t("component.noKind")}</option>
                {KNOWN_KINDS.map((k) => <option key={k} value={k}>{t(`kind.${k}`)}</option>)}
                {draft.kind && !(KNOWN_KINDS as readonly string[]).includes(draft.kind) ? <option value={draft.kind}>{draft.kind}</option> : null}
              </select>
            )}
          </Field>
          <ComponentPicker label={t("common.site")} name="site" options={sites} value={draft.site ? [draft.site] : []} onChange={(v) => set("site", v[0] ?? "")} error={errorOf("site")} hint={sites.length ? t("component.siteHint") : t("component.noSites")} />
          <TextField label={t("common.owner")} value={draft.owner} onChange={(e) => set("owner", e.target.value)} error={errorOf("owner")} name="owner" />
          <Field label={t("common.tier")} error={errorOf("tier")}>
            {(p) => (
              <select {...p} name="tier" value={draft.tier} onChange={(e) => set("tier", e.target.value)}>
                <option value="">{t("component.noTier")}</option>
                {[1, 2, 3, 4].map((n) => <option key={n} value={n}>{t("common.tierN", { n })}</option>)}
              </select>
            )}
          </Field>
          <TextField label={t("component.tags")} value={draft.tags} onChange={(e) => set("tags", e.target.value)} hint={t("component.tagsHint")} name="tags" />
          <TextAreaField className="span-2" label={t("common.description")} value={draft.description} onChange={(e) => set("description", e.target.value)} rows={2} name="description" />
        </div>
      </Section>
      <Section title={t("component.bia")}>
        <p className="muted small">{t("component.durationHint")}</p>
        <div className="form-grid">
          <TextField label={t("common.rto")} name="rto" value={draft.rto} onChange={(e) => set("rto", e.target.value)} error={errorOf("rto")} hint={warningOf("rto") ?? t("component.rtoHint")} placeholder="1h" />
          <TextField label={t("common.rpo")} name="rpo" value={draft.rpo} onChange={(e) => set("rpo", e.target.value)} error={errorOf("rpo")} placeholder="5m" />
          <TextField label={t("common.mtpd")} name="mtpd" value={draft.mtpd} onChange={(e) => set("mtpd", e.target.value)} error={errorOf("mtpd")} hint={t("component.mtpdHint")} placeholder="4h" />
          <TextField label={t("common.restart")} name="restart" value={draft.restart} onChange={(e) => set("restart", e.target.value)} error={errorOf("restart")} hint={t("component.restartHint")} placeholder="10m" />
          <div className="field checkbox">
            <label>
              <input type="checkbox" name="standby" checked={draft.standby} onChange={(e) => set("standby", e.target.checked)} /> {t("component.standbyLabel")}
            </label>
          </div>
          <TextAreaField className="span-2" label={t("common.mbco")} name="mbco" value={draft.mbco} onChange={(e) => set("mbco", e.target.value)} error={errorOf("mbco")} rows={2} />
        </div>
        <fieldset className="subform">
          <legend>{t("component.impact")}</legend>
          {errorOf("impact") ? <div className="field-error" role="alert">{errorOf("impact")}</div> : null}
          {draft.impact.length ? (
            <ScrollArea><table className="table compact">
              <thead>
                <tr>
                  <th scope="col">{t("bia.from")}</th>
                  <th scope="col">{t("bia.category")}</th>
                  <th scope="col">{t("bia.perHour")}</th>
                  <th scope="col">{t("bia.once")}</th>
                  <th scope="col"><span className="visually-hidden">{t("common.remove")}</span></th>
                </tr>
              </thead>
              <tbody>
                {draft.impact.map((row, k) => {
                  const upd = (patch: Partial<Draft["impact"][number]>) => set("impact", draft.impact.map((r, j) => (j === k ? { ...r, ...patch } : r)));
                  return (
                    <tr key={k}>
                      <td><input aria-label={`${t("bia.from")} ${k + 1}`} value={row.from} onChange={(e) => upd({ from: e.target.value })} placeholder="0h" /></td>
                      <td>
                        <select aria-label={`${t("bia.category")} ${k + 1}`} value={row.category} onChange={(e) => upd({ category: e.target.value })}>
                          <option value="">{t("category.financial")}</option>
                          {IMPACT_CATEGORIES.filter((c) => c !== "financial").map((c) => <option key={c} value={c}>{t(`category.${c}`)}</option>)}
                        </select>
                      </td>
                      <td><MoneyInput aria-label={`${t("bia.perHour")} ${k + 1}`} currency={currency} locale={locale} value={row.perHour} onChange={(v) => upd({ perHour: v })} /></td>
                      <td><MoneyInput aria-label={`${t("bia.once")} ${k + 1}`} currency={currency} locale={locale} value={row.once} onChange={(v) => upd({ once: v })} /></td>
                      <td><button type="button" className="btn btn-quiet" onClick={() => set("impact", draft.impact.filter((_, j) => j !== k))}>{t("common.remove")}</button></td>
                    </tr>
                  );
                })}
              </tbody>
            </table></ScrollArea>
          ) : null}
          <button type="button" className="btn" onClick={() => set("impact", [...draft.impact, { from: "", category: "", perHour: "", once: "" }])}>+ {t("component.addImpact")}</button>
        </fieldset>
      </Section>
      <Section title={t("component.needs")}>
        {errorOf("dependsOn") ? <div className="field-error" role="alert">{errorOf("dependsOn")}</div> : null}
        <ComponentPicker label={t("component.hardDeps")} name="dependsOn" multiple options={others} value={draft.hard.filter(Boolean)} onChange={(v) => set("hard", v)} hint={t("component.hardDepsHint")} />
        <fieldset className="subform">
          <legend>{t("component.groups")}</legend>
          {draft.groups.map((g, k) => {
            const upd = (patch: Partial<Draft["groups"][number]>) => set("groups", draft.groups.map((r, j) => (j === k ? { ...r, ...patch } : r)));
            return (
              <div className="group-edit" key={k}>
                <TextField label={t("component.groupName")} value={g.group} onChange={(e) => upd({ group: e.target.value })} />
                <ComponentPicker label={t("component.members")} name={`group-${k}-members`} multiple options={others} value={splitIds(g.members)} onChange={(v) => upd({ members: v.join(", ") })} hint={t("component.membersHint")} />
                <Field label={t("component.mode")}>
                  {(p) => (
                    <select {...p} value={g.mode} onChange={(e) => upd({ mode: e.target.value as Draft["groups"][number]["mode"] })}>
                      <option value="active-active">{t("component.modeAA")}</option>
                      <option value="active-passive">{t("component.modeAP")}</option>
                    </select>
                  )}
                </Field>
                {g.mode === "active-active" ? (
                  <TextField label={t("component.need")} value={g.need} onChange={(e) => upd({ need: e.target.value })} inputMode="numeric" placeholder="1" />
                ) : (
                  <TextField label={t("component.failoverTime")} value={g.failover} onChange={(e) => upd({ failover: e.target.value })} hint={t("component.failoverHint")} placeholder="30m" />
                )}
                <button type="button" className="btn btn-quiet" onClick={() => set("groups", draft.groups.filter((_, j) => j !== k))}>{t("common.remove")}</button>
              </div>
            );
          })}
          <button type="button" className="btn" onClick={() => set("groups", [...draft.groups, { group: "", members: "", need: "", mode: "active-active", failover: "" }])}>+ {t("component.addGroup")}</button>
        </fieldset>
      </Section>
      <Section title={t("component.saveSection")}>
        <TextField label={t("common.comment")} name="comment" value={comment} onChange={(e) => setComment(e.target.value)} hint={t("component.commentHint")} />
        <div className="row">
          <button type="submit" className="btn btn-primary" disabled={busy}>{busy ? t("common.working") : t("common.save")}</button>
          <button type="button" className="btn" onClick={onCancel}>{t("common.cancel")}</button>
        </div>
      </Section>
    </form>
  );
}

/**
 * The risk register (ISO 22301 8.2.3): each risk with its threat, owner, treatment and actions
 * (overdue ones highlighted), measured by the engine in a worker (frequency, loss per occurrence,
 * expected annual loss) and placed on the organization's likelihood × impact heat map. Editors
 * change owners, treatments and actions; each save is a revision of the model.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { THREATS, TREATMENTS, type RiskAssessment } from "@continuum/engine";
import { HeatMap } from "./HeatMap";
import { Badge, Empty, ErrorBox, Loading, Notice, PageHeader, Section, SelectField, Stat, TextField } from "../../ui/ui";
import { api, canEdit, orgPath } from "../../app/api";
import { useI18n, type MessageKey } from "../../app/i18n";
import { useOrgModel } from "../../model/orgdata";
import { riskEngine, useCurrentSource, type Register, type RegisterItem } from "./risk";
import { Link } from "../../app/router";
import { useSession } from "../../app/session";
import { useTitle } from "../../app/title";
import type { Assessment } from "./risk-protocol";
import { ScrollArea } from "../../ui/ScrollArea";
import { ComponentPicker, type PickOption } from "../../ui/ComponentPicker";
import { MoneyField } from "../../ui/MoneyInput";
import { useScrollToFirstError } from "../../ui/first-error";
import { fieldErrors } from "../../app/errors";
import { InsuranceSection } from "./InsuranceSection";


interface ActionDraft {
  id: string;
  title: string;
  owner: string;
  due: string;
  status: "open" | "done";
}

/** The editing state of the new risk (no risk id can be empty). */
const NEW = "";

export function frequencyText(t: ReturnType<typeof useI18n>["t"], f: number): string {
  if (f > 0 && f < 1) return t("risk.oncePer", { n: Number((1 / f).toPrecision(3)) });
  return t("risk.perYear", { n: Number(f.toPrecision(3)) });
}

export function RiskRegisterPage({ org }: { org: string }) {
  const { t, moneyShort } = useI18n();
  useTitle(t("risk.title"));
  const orgModel = useOrgModel();
  const session = useSession();
  const editor = canEdit(session.role(org));
  const source = useCurrentSource();
  const [register, setRegister] = useState<Register>();
  const [error, setError] = useState<unknown>();
  const [assessment, setAssessment] = useState<{ key: string; value?: Assessment; error?: unknown }>();
  const [progress, setProgress] = useState(0);
  const [selected, setSelected] = useState<string>();
  const [editing, setEditing] = useState<string>();
  const [saved, setSaved] = useState<number>();

  const load = useCallback(() => {
    api.get<Register>(orgPath(org, "risks")).then(setRegister, setError);
  }, [org]);
  useEffect(load, [load, orgModel.revision]);

  useEffect(() => {
    if (!source) return;
    let live = true;
    setProgress(0);
    riskEngine.assess(source, (p) => live && setProgress(p)).then(
      (value) => live && setAssessment({ key: source.key, value }),
      (e: unknown) => live && setAssessment({ key: source.key, error: e }),
    );
    return () => {
      live = false;
    };
  }, [source]);

  const measured = assessment?.key === source?.key ? assessment?.value : undefined;
  const byId = useMemo(() => new Map((measured?.risks ?? []).map((r) => [r.id, r])), [measured]);
  const currency = register?.currency ?? measured?.info.currency ?? "KRW";

  if (error) return <ErrorBox error={error} />;
  if (!register || orgModel.status === "loading") return <Loading />;
  const base = `/o/${encodeURIComponent(org)}`;
  const matrix = measured?.matrix;
  const totalEal = measured?.risks.reduce((s, r) => s + r.expectedAnnualLoss, 0);
  const top = matrix ? matrix.levels.length - 1 : -1;
  const inTop = measured?.risks.filter((r) => r.level === top).length;

  return (
    <>
      <PageHeader
        title={t("risk.title")}
        subtitle={t("risk.subtitle")}
        actions={
          <>
            {editor ? <button type="button" className="btn btn-primary" data-testid="risk-add" onClick={() => { setSaved(undefined); setEditing(NEW); }}>{t("risk.add")}</button> : null}
            {register.total ? <Link to={`${base}/risk-analysis`} className="btn">{t("risk.toAnalysis")}</Link> : null}
          </>
        }
      />
      {editing === NEW ? (
        <RiskEditor
          org={org}
          isNew
          item={{ risk: { id: "" }, overdueActions: [], openActions: 0 } as unknown as RegisterItem}
          onCancel={() => setEditing(undefined)}
          onSaved={(n) => {
            setEditing(undefined);
            setSaved(n);
            load();
            void orgModel.reload();
          }}
        />
      ) : null}
      {register.total === 0 ? (
        <>
          {saved ? <Notice kind="success">{t("risk.saved", { n: saved })}</Notice> : null}
          <Empty>{editor ? t("risk.noneEditor") : t("risk.none")}</Empty>
        </>
      ) : (
        <>
          <div className="stats" data-testid="risk-stats">
            <Stat label={t("risk.count")} value={register.total} />
            <Stat label={t("risk.overdueCount")} value={register.overdue} tone={register.overdue ? "bad" : "good"} />
            <Stat label={t("risk.totalEal")} value={totalEal === undefined ? "…" : moneyShort(totalEal, currency)} />
            <Stat label={matrix ? `${t("risk.highest")}: ${matrix.levels[top].label}` : t("risk.highest")} value={inTop ?? "…"} tone={inTop ? "warn" : undefined} />
          </div>
          {saved ? <Notice kind="success">{t("risk.saved", { n: saved })}</Notice> : null}
          {assessment?.error ? <ErrorBox error={assessment.error} /> : null}
          {editing && editing !== NEW ? (
            <RiskEditor
              org={org}
              isNew={false}
              item={register.items.find((i) => i.risk.id === editing)!}
              onCancel={() => setEditing(undefined)}
              onSaved={(n) => {
                setEditing(undefined);
                setSaved(n);
                load();
                void orgModel.reload();
              }}
            />
          ) : null}
          <Section title={t("risk.title")} actions={<span className="muted small">{t("risk.asOf", { d: register.asOf })}</span>}>
            <ScrollArea>
              <table className="table risk-table" data-testid="risk-table">
                <colgroup>
                  {[19, 10, 8, 9, 10, 9, 13, 22].map((w, k) => (
                    <col key={k} style={{ width: `${w}%` }} />
                  ))}
                </colgroup>
                <thead>
                  <tr>
                    <th scope="col">{t("risk.risk")}</th>
                    <th scope="col">{t("common.owner")}</th>
                    <th scope="col">{t("risk.treatment")}</th>
                    <th scope="col" className="num">{t("risk.frequency")}</th>
                    <th scope="col" className="num">{t("risk.lossPerOccurrence")}</th>
                    <th scope="col" className="num">{t("risk.eal")}</th>
                    <th scope="col">{t("risk.cell")}</th>
                    <th scope="col">{t("risk.actions")}</th>
                  </tr>
                </thead>
                <tbody>
                  {register.items.map((item) => (
                    <RiskRow
                      key={item.risk.id}
                      item={item}
                      measured={byId.get(item.risk.id)}
                      assessment={measured}
                      currency={currency}
                      selected={selected === item.risk.id}
                      editor={editor}
                      onSelect={() => setSelected(item.risk.id)}
                      onEdit={() => {
                        setSaved(undefined);
                        setEditing(item.risk.id);
                      }}
                    />
                  ))}
                </tbody>
              </table>
            </ScrollArea>
          </Section>
          <Section title={t("risk.heatMap")}>
            {matrix && measured ? (
              <>
                <p className="muted small">{measured.defaulted ? t("risk.heatMapDefault") : t("risk.heatMapIntro", { basis: t(`risk.basis.${matrix.impactBasis}` as MessageKey) })}</p>
                <HeatMap
                  matrix={matrix}
                  risks={measured.risks.map((r) => ({ id: r.id, label: r.name ?? r.id, likelihood: r.likelihood, impact: r.impact }))}
                  selected={selected}
                  onSelect={setSelected}
                />
              </>
            ) : (
              <Loading label={`${t("risk.measuring")} ${Math.round(progress * 100)}%`} />
            )}
          </Section>
        </>
      )}
      <InsuranceSection
        org={org}
        policies={register.insurance ?? []}
        risks={register.items.map((i) => ({ id: i.risk.id, name: i.risk.name }))}
        currency={currency}
        editor={editor}
        onSaved={(n) => {
          setSaved(n);
          load();
          void orgModel.reload();
        }}
      />
    </>
  );
}

function RiskRow({
  item,
  measured,
  assessment,
  currency,
  selected,
  editor,
  onSelect,
  onEdit,
}: {
  item: RegisterItem;
  measured?: RiskAssessment;
  assessment?: Assessment;
  currency: string;
  selected: boolean;
  editor: boolean;
  onSelect: () => void;
  onEdit: () => void;
}) {
  const { t, moneyShort } = useI18n();
  const r = item.risk;
  const overdue = new Set(item.overdueActions.map((a) => a.id));
  const actions = (r.actions ?? []).map((a, j) => ({
    id: typeof a.id === "string" ? a.id : `a${j + 1}`,
    title: String(a.title ?? a.action ?? ""),
    owner: typeof a.owner === "string" ? a.owner : undefined,
    due: typeof a.due === "string" ? a.due : undefined,
    status: a.status === "done" ? "done" : "open",
  }));
  const level = measured && assessment ? assessment.matrix.levels[measured.level] : undefined;
  const frequency = typeof r.frequency === "number" ? r.frequency : measured?.frequency;
  return (
    <tr className={`${selected ? "selected" : ""}${item.overdueActions.length ? " row-bad" : ""}`} data-risk={r.id} onClick={onSelect}>
      <td>
        <strong>{r.name ?? r.id}</strong>
        <div className="muted small">
          <code>{r.id}</code> · {t("risk.threat")}: {r.threat ? t(`threat.${r.threat}` as MessageKey) : t("threat.other")}
        </div>
        {editor ? (
          <button type="button" className="btn btn-small risk-edit" onClick={(e) => { e.stopPropagation(); onEdit(); }} aria-label={t("risk.edit", { id: r.id })}>
            {t("common.edit")}
          </button>
        ) : null}
      </td>
      <td>{r.owner ?? <span className="muted">—</span>}</td>
      <td>{r.treatment ? <Badge kind={r.treatment === "accept" ? "neutral" : "info"}>{t(`treatment.${r.treatment}` as MessageKey)}</Badge> : <span className="muted">{t("treatment.none")}</span>}</td>
      <td className="num">{frequency === undefined ? "—" : frequencyText(t, frequency)}</td>
      <td className="num">
        {measured ? (
          <>
            {moneyShort(measured.loss.mean, currency)}
            <div className="muted small">{t("risk.p90", { v: moneyShort(measured.loss.p90, currency) })}</div>
          </>
        ) : "…"}
      </td>
      <td className="num">{measured ? moneyShort(measured.expectedAnnualLoss, currency) : "…"}</td>
      <td>
        {measured && assessment && level ? (
          <span className="level-chip" style={{ background: level.color }} data-testid="risk-cell" data-level={level.id}>
            {level.label}
            <span className="level-bands">{assessment.matrix.likelihood[measured.likelihood].label} × {assessment.matrix.impact[measured.impact].label}</span>
          </span>
        ) : "…"}
      </td>
      <td>
        {actions.length ? (
          <ul className="action-list">
            {actions.map((a) => (
              <li key={a.id} className={overdue.has(a.id) ? "overdue" : a.status === "done" ? "done" : ""} data-action={a.id}>
                <span className="action-title">{a.title}</span>
                <span className="muted small">
                  {a.owner ? `${a.owner} · ` : ""}
                  {a.due ? t("risk.due", { d: a.due }) : ""}
                </span>
                {overdue.has(a.id) ? <Badge kind="bad">{t("risk.overdue")}</Badge> : a.status === "done" ? <Badge kind="good">{t("risk.done")}</Badge> : null}
              </li>
            ))}
          </ul>
        ) : (
          <span className="muted">{t("risk.noActions")}</span>
        )}
      </td>
    </tr>
  );
}

/** A risk as the form shows it: strings as typed, besides what the form does not show (kept as written). */
interface RiskDraft {
  id: string;
  name: string;
  threat: string;
  frequency: string;
  strikes: string[];
  duration: string;
  loss: string;
}

const simple = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : "");

function RiskEditor({ org, item, isNew, onCancel, onSaved }: { org: string; item: RegisterItem; isNew: boolean; onCancel: () => void; onSaved: (revision: number) => void }) {
  const { t, lang } = useI18n();
  const orgModel = useOrgModel();
  const r = item.risk;
  const formRef = useRef<HTMLFormElement>(null);
  const [attempt, setAttempt] = useState(0);
  useScrollToFirstError(formRef, attempt);
  const [draft, setDraft] = useState<RiskDraft>(() => ({
    id: r.id ?? "",
    name: simple(r.name),
    threat: typeof r.threat === "string" ? r.threat : "",
    frequency: simple(r.frequency),
    strikes: (Array.isArray(r.strikes) ? r.strikes : typeof r.strikes === "string" ? [r.strikes] : []).filter((x): x is string => typeof x === "string"),
    duration: simple(r.duration),
    loss: simple(r.loss),
  }));
  // a duration or loss written as percentiles (or min/mode/max) is kept as written: the form shows it, read-only
  const complexDuration = r.duration !== undefined && typeof r.duration === "object";
  const complexLoss = r.loss !== undefined && typeof r.loss === "object";
  const [owner, setOwner] = useState(r.owner ?? "");
  const [treatment, setTreatment] = useState<string>(r.treatment ?? "");
  const [actions, setActions] = useState<ActionDraft[]>(() =>
    (r.actions ?? []).map((a, j) => ({
      id: typeof a.id === "string" ? a.id : `a${j + 1}`,
      title: String(a.title ?? a.action ?? ""),
      owner: typeof a.owner === "string" ? a.owner : "",
      due: typeof a.due === "string" ? a.due : "",
      status: a.status === "done" ? "done" : "open",
    })),
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [byField, setByField] = useState<Record<string, string>>({});
  const [comment, setComment] = useState("");
  const options = useMemo<PickOption[]>(() => (orgModel.model?.components ?? []).map((c) => ({ id: c.id, name: c.name, kind: c.kind })), [orgModel.model]);
  const currency = orgModel.model?.currency ?? "KRW";
  const upd = (patch: Partial<RiskDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setByField((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !(k in patch))));
  };

  const change = (k: number, patch: Partial<ActionDraft>) => setActions((list) => list.map((a, j) => (j === k ? { ...a, ...patch } : a)));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    setByField({});
    const { owner: _o, treatment: _t, actions: _a, ...rest } = r;
    const risk: Record<string, unknown> = { ...rest, id: draft.id.trim() };
    const put = (k: string, v: unknown) => {
      if (v === undefined || v === "") delete risk[k];
      else risk[k] = v;
    };
    const num = (text: string) => (text.trim() === "" ? undefined : Number.isFinite(Number(text.trim())) ? Number(text.trim()) : text.trim());
    put("name", draft.name.trim() || undefined);
    put("threat", draft.threat || undefined);
    put("frequency", num(draft.frequency));
    put("strikes", draft.strikes.length ? draft.strikes : undefined);
    if (!complexDuration) put("duration", draft.duration.trim() ? (/^\d+(\.\d+)?$/.test(draft.duration.trim()) ? Number(draft.duration.trim()) : draft.duration.trim()) : undefined);
    if (!complexLoss) put("loss", num(draft.loss));
    if (owner.trim()) risk.owner = owner.trim();
    if (treatment) risk.treatment = treatment;
    if (actions.length)
      risk.actions = actions.map((a) => {
        const out: Record<string, unknown> = { id: a.id, title: a.title };
        if (a.owner.trim()) out.owner = a.owner.trim();
        if (a.due) out.due = a.due;
        out.status = a.status;
        return out;
      });
    try {
      const body = { risk, comment: comment || undefined };
      const answer = isNew
        ? await api.post<{ revision: { number: number } | null }>(orgPath(org, "risks"), body)
        : await api.put<{ revision: { number: number } | null }>(orgPath(org, "risks", r.id), body);
      onSaved(answer.revision?.number ?? 0);
    } catch (err) {
      const { byField: fields, general } = fieldErrors(err, lang);
      setByField(fields);
      if (general.length || !Object.keys(fields).length) setError(err);
      setAttempt((n) => n + 1);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Section title={isNew ? t("risk.addTitle") : t("risk.edit", { id: r.name ?? r.id })}>
      <form onSubmit={(e) => void submit(e)} data-testid="risk-editor" className="risk-editor" noValidate ref={formRef}>
        <p className="muted small">{t("risk.editHint")}</p>
        {error ? <ErrorBox error={error} /> : null}
        <div className="form-grid">
          <TextField label={t("risk.id")} name="id" value={draft.id} onChange={(e) => upd({ id: e.target.value })} readOnly={!isNew} required hint={t("risk.idHint")} error={byField.id} />
          <TextField label={t("common.name")} name="name" value={draft.name} onChange={(e) => upd({ name: e.target.value })} error={byField.name} />
          <SelectField label={t("risk.threat")} name="threat" value={draft.threat} onChange={(e) => upd({ threat: e.target.value })} error={byField.threat}>
            <option value="">{t("threat.other")}</option>
            {THREATS.filter((x) => x !== "other").map((x) => (
              <option key={x} value={x}>{t(`threat.${x}` as MessageKey)}</option>
            ))}
          </SelectField>
          <TextField label={t("risk.frequencyLabel")} name="frequency" inputMode="decimal" value={draft.frequency} onChange={(e) => upd({ frequency: e.target.value })} hint={draft.frequency && Number(draft.frequency) > 0 ? frequencyText(t, Number(draft.frequency)) : t("risk.frequencyHint")} error={byField.frequency} required />
          <ComponentPicker className="span-2" label={t("risk.strikes")} name="strikes" multiple options={options} value={draft.strikes} onChange={(v) => upd({ strikes: v })} hint={t("risk.strikesHint")} error={byField.strikes} />
          {complexDuration ? (
            <p className="muted small">{t("risk.durationAsWritten", { v: JSON.stringify(r.duration) })}</p>
          ) : (
            <TextField label={t("risk.duration")} name="duration" value={draft.duration} onChange={(e) => upd({ duration: e.target.value })} hint={t("risk.durationHint")} placeholder="1d" error={byField.duration} />
          )}
          {complexLoss ? (
            <p className="muted small">{t("risk.lossAsWritten", { v: JSON.stringify(r.loss) })}</p>
          ) : (
            <MoneyField label={t("risk.loss")} name="loss" currency={currency} locale={lang === "ko" ? "ko-KR" : "en-US"} value={draft.loss} onChange={(v) => upd({ loss: v })} hint={t("risk.lossHint")} error={byField.loss} />
          )}
          <TextField label={t("common.owner")} name="owner" value={owner} onChange={(e) => setOwner(e.target.value)} error={byField.owner} />
          <SelectField label={t("risk.treatment")} name="treatment" value={treatment} onChange={(e) => setTreatment(e.target.value)} error={byField.treatment}>
            <option value="">{t("treatment.none")}</option>
            {TREATMENTS.map((x) => (
              <option key={x} value={x}>{t(`treatment.${x}` as MessageKey)}</option>
            ))}
          </SelectField>
        </div>
        {byField.actions ? <div className="field-error" role="alert">{byField.actions}</div> : null}
        {actions.length ? <ScrollArea><table className="table compact">
          <thead>
            <tr>
              <th scope="col">{t("risk.actionTitle")}</th>
              <th scope="col">{t("risk.actionOwner")}</th>
              <th scope="col">{t("risk.actionDue")}</th>
              <th scope="col">{t("risk.actionStatus")}</th>
              <th scope="col"><span className="visually-hidden">{t("common.remove")}</span></th>
            </tr>
          </thead>
          <tbody>
            {actions.map((a, k) => (
              <tr key={k}>
                <td><input aria-label={`${t("risk.actionTitle")} ${k + 1}`} value={a.title} onChange={(e) => change(k, { title: e.target.value })} required /></td>
                <td><input aria-label={`${t("risk.actionOwner")} ${k + 1}`} value={a.owner} onChange={(e) => change(k, { owner: e.target.value })} /></td>
                <td><input aria-label={`${t("risk.actionDue")} ${k + 1}`} type="date" value={a.due} onChange={(e) => change(k, { due: e.target.value })} /></td>
                <td>
                  <select aria-label={`${t("risk.actionStatus")} ${k + 1}`} value={a.status} onChange={(e) => change(k, { status: e.target.value as ActionDraft["status"] })}>
                    <option value="open">{t("status.open")}</option>
                    <option value="done">{t("status.done")}</option>
                  </select>
                </td>
                <td><button type="button" className="btn btn-quiet btn-small" onClick={() => setActions((l) => l.filter((_, j) => j !== k))}>{t("common.remove")}</button></td>
              </tr>
            ))}
          </tbody>
        </table></ScrollArea> : null}
        <div className="row wrap">
          <button
            type="button"
            className="btn btn-small"
            onClick={() => {
              const used = new Set(actions.map((a) => a.id));
              let n = actions.length + 1;
              while (used.has(`a${n}`)) n++;
              setActions((l) => [...l, { id: `a${n}`, title: "", owner: "", due: "", status: "open" }]);
            }}
          >
            {t("risk.addAction")}
          </button>
        </div>
        <TextField label={t("common.comment")} value={comment} onChange={(e) => setComment(e.target.value)} />
        <div className="row">
          <button type="submit" className="btn btn-primary" disabled={busy}>{busy ? t("common.working") : t("common.save")}</button>
          <button type="button" className="btn" onClick={onCancel}>{t("common.cancel")}</button>
        </div>
      </form>
    </Section>
  );
}

/**
 * Editing a plan document: every 8.4.4 element as a field, saved as a new revision of the model
 * (the plan is then a draft again). The server's messages appear beside the field they name
 * (`plan.roles.commander` beside the commander); a stale base (412) says who changed it, when.
 */
import { PLAN_KINDS } from "@continuum/engine";
import { useMemo, useState, type FormEvent } from "react";
import { ApiError } from "../../app/api";
import { useI18n, type MessageKey } from "../../app/i18n";
import { DiagnosticList, ErrorBox, Field, PageHeader, Section, TextAreaField, TextField } from "../../ui/ui";
import { fromDraft, planFieldPath, toDraft, type PlanDraft } from "./plan-draft";
import { planKindLabel } from "./plan-words";
import { plansApi, type PlanDoc } from "./plans-api";

type RowsKey = "teams" | "communications" | "steps" | "returnToNormal";
type Column<K extends RowsKey> = { key: Exclude<keyof PlanDraft[K][number], "origin"> & string; label: MessageKey; hint?: MessageKey; path?: string };

export function PlanForm({ org, initial, revision, isNew, onSaved, onCancel }: { org: string; initial: PlanDoc; revision: number | undefined; isNew: boolean; onSaved: (id: string) => Promise<void>; onCancel: () => void }) {
  const { t, date } = useI18n();
  const [draft, setDraft] = useState<PlanDraft>(() => toDraft(initial));
  const [comment, setComment] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [stale, setStale] = useState<{ name: string; at: string | null; revision: number } | undefined>();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const set = <K extends keyof PlanDraft>(key: K, value: PlanDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  /** The messages for a field and anything under it (`resources` holds `resources[2]`). */
  const errorAt = (path: string) => {
    const texts = Object.entries(fieldErrors).filter(([k]) => k === path || k.startsWith(`${path}[`) || k.startsWith(`${path}.`)).map(([, v]) => v);
    return texts.length ? texts.join("; ") : undefined;
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    setStale(undefined);
    setFieldErrors({});
    const plan = fromDraft(draft, initial);
    try {
      await plansApi.save(org, isNew ? null : initial.id, { plan, comment: comment.trim() || undefined, ...(isNew || revision === undefined ? {} : { expectedRevision: revision }) });
      await onSaved(plan.id);
    } catch (err) {
      if (err instanceof ApiError && err.status === 412) {
        const p = err.problem as { changedBy?: { name?: string } | null; changedAt?: string | null; currentRevision?: number };
        setStale({ name: p.changedBy?.name ?? "?", at: p.changedAt ?? null, revision: p.currentRevision ?? 0 });
      } else {
        const byField: Record<string, string> = {};
        if (err instanceof ApiError) {
          for (const f of err.errors) {
            const path = planFieldPath(f.field);
            if (path && f.severity !== "warning") byField[path] = byField[path] ? `${byField[path]}; ${f.message}` : f.message;
          }
        }
        setFieldErrors(byField);
        setError(err);
      }
    } finally {
      setBusy(false);
    }
  };

  const rows = <K extends RowsKey>(key: K, legend: MessageKey, add: MessageKey, columns: Array<Column<K>>, path: string = key, empty: () => PlanDraft[K][number]) => {
    const items = draft[key] as Array<Record<string, string>>;
    const update = (k: number, field: string, value: string) => set(key, items.map((r, j) => (j === k ? { ...r, [field]: value } : r)) as PlanDraft[K]);
    return (
      <fieldset className="subform" data-testid={`rows-${key}`}>
        <legend>{t(legend)}</legend>
        {errorAt(path) && !items.length ? <div className="field-error" role="alert">{errorAt(path)}</div> : null}
        {items.map((row, k) => (
          <div className="form-grid plan-row" key={k}>
            {columns.map((c) => (
              <TextField
                key={c.key}
                label={`${t(c.label)} ${k + 1}`}
                name={`${key}.${k}.${c.key}`}
                value={row[c.key] ?? ""}
                onChange={(e) => update(k, c.key, e.target.value)}
                hint={c.hint ? t(c.hint) : undefined}
                error={errorAt(`${path}[${k}].${c.path ?? c.key}`)}
              />
            ))}
            <div className="field">
              <button type="button" className="btn btn-quiet" onClick={() => set(key, items.filter((_, j) => j !== k) as PlanDraft[K])}>
                {t("common.remove")} <span className="visually-hidden">{t(legend)} {k + 1}</span>
              </button>
            </div>
          </div>
        ))}
        <button type="button" className="btn" onClick={() => set(key, [...items, empty()] as PlanDraft[K])}>+ {t(add)}</button>
      </fieldset>
    );
  };

  const general = useMemo(() => (error instanceof ApiError ? error.errors.filter((f) => !planFieldPath(f.field)) : []), [error]);
  return (
    <form onSubmit={(e) => void save(e)} noValidate aria-labelledby="plan-form-title" className="plan-form">
      <PageHeader title={<span id="plan-form-title">{isNew ? t("plans.newTitle") : t("plans.editTitle", { id: initial.id })}</span>} />
      <ErrorBox error={error} title={t("plans.saveFailed")} />
      {general.length ? <DiagnosticList items={general} /> : null}
      {stale ? (
        <div className="alert alert-warning" role="alert" data-testid="stale-edit">
          <p><strong>{t("plans.staleTitle")}</strong></p>
          <p>{t("plans.staleBody", { name: stale.name, time: stale.at ? date(stale.at) : "—", revision: stale.revision })}</p>
          <button type="button" className="btn" onClick={onCancel}>{t("plans.reload")}</button>
        </div>
      ) : null}
      <Section title={t("plans.document")}>
        <div className="form-grid">
          <TextField label={t("plans.id")} name="id" value={draft.id} readOnly={!isNew} onChange={(e) => set("id", e.target.value)} error={errorAt("id")} required />
          <TextField label={t("common.name")} name="name" value={draft.name} onChange={(e) => set("name", e.target.value)} error={errorAt("name")} />
          <Field label={t("plans.kind")} error={errorAt("kind")}>
            {(p) => (
              <select {...p} name="kind" value={draft.kind} onChange={(e) => set("kind", e.target.value)}>
                <option value="">{t("plans.noKind")}</option>
                {[...PLAN_KINDS, ...(draft.kind && !(PLAN_KINDS as readonly string[]).includes(draft.kind) ? [draft.kind] : [])].map((k) => <option key={k} value={k}>{planKindLabel(t, k)}</option>)}
              </select>
            )}
          </Field>
          <TextField label={t("plans.covers")} name="covers" value={draft.covers} onChange={(e) => set("covers", e.target.value)} hint={t("plans.commasHint")} error={errorAt("covers")} />
          <TextAreaField className="span-2" label={t("plans.purpose")} name="purpose" rows={2} value={draft.purpose} onChange={(e) => set("purpose", e.target.value)} error={errorAt("purpose")} />
          <TextAreaField className="span-2" label={t("plans.scope")} name="scope" rows={2} value={draft.scope} onChange={(e) => set("scope", e.target.value)} error={errorAt("scope")} />
          <TextAreaField className="span-2" label={t("plans.activationCriteria")} name="activationCriteria" rows={2} value={draft.activationCriteria} onChange={(e) => set("activationCriteria", e.target.value)} hint={t("plans.linesHint")} error={errorAt("activationCriteria")} />
        </div>
      </Section>
      <Section title={t("plans.roles")}>
        <div className="form-grid">
          <TextField label={t("plans.commander")} name="commander" value={draft.commander} onChange={(e) => set("commander", e.target.value)} error={errorAt("roles.commander")} />
          <TextField label={t("plans.deputy")} name="deputy" value={draft.deputy} onChange={(e) => set("deputy", e.target.value)} error={errorAt("roles.deputy")} />
        </div>
        {rows("teams", "plans.teams", "plans.addTeam", [{ key: "team", label: "plans.team" }, { key: "role", label: "plans.teamRole" }, { key: "alternates", label: "plans.alternates", hint: "plans.commasHint" }], "roles.teams", () => ({ team: "", role: "", alternates: "" }))}
      </Section>
      <Section title={t("plans.resources")}>
        <div className="form-grid">
          <TextField className="span-2" label={t("plans.resources")} name="resources" value={draft.resources} onChange={(e) => set("resources", e.target.value)} hint={t("plans.commasHint")} error={errorAt("resources")} />
          <TextAreaField className="span-2" label={t("plans.interdependencies")} name="interdependencies" rows={2} value={draft.interdependencies} onChange={(e) => set("interdependencies", e.target.value)} hint={t("plans.linesHint")} error={errorAt("interdependencies")} />
        </div>
        {rows("communications", "plans.communications", "plans.addCommunication", [{ key: "audience", label: "plans.audience" }, { key: "channel", label: "plans.channel" }, { key: "when", label: "plans.when" }, { key: "by", label: "plans.by" }], "communications", () => ({ audience: "", channel: "", when: "", by: "" }))}
      </Section>
      <Section title={t("plans.steps")}>
        {rows(
          "steps",
          "plans.steps",
          "plans.addStep",
          [{ key: "id", label: "plans.stepId" }, { key: "name", label: "common.name" }, { key: "owner", label: "plans.owner" }, { key: "duration", label: "plans.duration", hint: "plans.durationHint" }, { key: "after", label: "plans.after", hint: "plans.commasHint" }, { key: "needs", label: "plans.needs", hint: "plans.commasHint" }],
          "steps",
          () => ({ id: "", name: "", owner: "", duration: "", after: "", needs: "" }),
        )}
      </Section>
      <Section title={t("plans.standDown")}>
        <TextAreaField label={t("plans.standDown")} name="standDown" rows={2} value={draft.standDown} onChange={(e) => set("standDown", e.target.value)} hint={t("plans.linesHint")} error={errorAt("standDown")} />
        {rows("returnToNormal", "plans.returnToNormal", "plans.addReturnStep", [{ key: "id", label: "plans.stepId" }, { key: "name", label: "common.name" }, { key: "owner", label: "plans.owner" }, { key: "duration", label: "plans.duration", hint: "plans.durationHint" }], "returnToNormal", () => ({ id: "", name: "", owner: "", duration: "" }))}
      </Section>
      <Section title={t("common.save")}>
        <TextField label={t("common.comment")} name="comment" value={comment} onChange={(e) => setComment(e.target.value)} hint={t("plans.commentHint")} />
        <div className="row">
          <button type="submit" className="btn btn-primary" disabled={busy}>{busy ? t("common.working") : t("common.save")}</button>
          <button type="button" className="btn" onClick={onCancel}>{t("common.cancel")}</button>
        </div>
      </Section>
    </form>
  );
}

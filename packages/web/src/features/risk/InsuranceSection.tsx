/**
 * The model's insurance policies (docs/risk-model.md): what each covers, its deductible, limits and
 * premium; editors add, change and remove them in the browser, each save a revision of the model.
 */
import { useRef, useState, type FormEvent } from "react";
import { api, orgPath } from "../../app/api";
import { fieldErrors } from "../../app/errors";
import { useI18n } from "../../app/i18n";
import { ErrorBox, Empty, Section, TextField } from "../../ui/ui";
import { MoneyField } from "../../ui/MoneyInput";
import { ScrollArea } from "../../ui/ScrollArea";
import { useScrollToFirstError } from "../../ui/first-error";

type Policy = Record<string, unknown>;

const MONEY = ["deductible", "limit", "aggregate", "premium"] as const;
const text = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : "");
const coversOf = (p: Policy) => (Array.isArray(p.covers) ? p.covers.map(String) : typeof p.covers === "string" ? [p.covers] : []);

export function InsuranceSection({ org, policies, risks, currency, editor, onSaved }: { org: string; policies: Policy[]; risks: Array<{ id: string; name?: unknown }>; currency: string; editor: boolean; onSaved: (revision: number) => void }) {
  const { t, money } = useI18n();
  const [editing, setEditing] = useState<Policy | undefined>();
  const [removeError, setRemoveError] = useState<unknown>();
  const riskName = (id: string) => text(risks.find((r) => r.id === id)?.name) || id;
  const remove = async (id: string) => {
    setRemoveError(undefined);
    try {
      const answer = await api.del<{ revision: { number: number } | null }>(orgPath(org, "insurance", id));
      onSaved(answer?.revision?.number ?? 0);
    } catch (e) {
      setRemoveError(e);
    }
  };
  return (
    <Section
      title={t("insurance.title")}
      actions={editor && !editing ? <button type="button" className="btn" data-testid="insurance-add" onClick={() => setEditing({})}>{t("insurance.add")}</button> : null}
    >
      <ErrorBox error={removeError} />
      {editing ? (
        <PolicyForm
          org={org}
          policy={editing}
          isNew={!editing.id}
          risks={risks}
          currency={currency}
          onCancel={() => setEditing(undefined)}
          onSaved={(n) => {
            setEditing(undefined);
            onSaved(n);
          }}
        />
      ) : null}
      {policies.length === 0 ? (
        <Empty>{t("insurance.none")}</Empty>
      ) : (
        <ScrollArea>
          <table className="table" data-testid="insurance-table">
            <thead>
              <tr>
                <th scope="col">{t("insurance.policy")}</th>
                <th scope="col">{t("insurance.covers")}</th>
                {MONEY.map((k) => <th key={k} scope="col" className="num">{t(`insurance.${k}`)}</th>)}
                {editor ? <th scope="col"><span className="visually-hidden">{t("common.edit")}</span></th> : null}
              </tr>
            </thead>
            <tbody>
              {policies.map((p) => {
                const id = text(p.id);
                const covers = coversOf(p);
                return (
                  <tr key={id} data-policy={id}>
                    <td><strong>{text(p.name) || id}</strong>{p.insurer ? <div className="muted small">{text(p.insurer)}</div> : null}</td>
                    <td>{covers.length ? covers.map(riskName).join(", ") : <span className="muted">{t("insurance.everyRisk")}</span>}</td>
                    {MONEY.map((k) => <td key={k} className="num">{typeof p[k] === "number" ? money(p[k] as number, currency) : <span className="muted">{k === "limit" || k === "aggregate" ? t("insurance.noLimit") : "—"}</span>}</td>)}
                    {editor ? (
                      <td className="row">
                        <button type="button" className="btn btn-small" onClick={() => setEditing(p)} aria-label={t("insurance.edit", { id })}>{t("common.edit")}</button>
                        <button type="button" className="btn btn-small btn-danger" onClick={() => void remove(id)} aria-label={t("insurance.remove", { id })}>{t("common.remove")}</button>
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollArea>
      )}
    </Section>
  );
}

function PolicyForm({ org, policy, isNew, risks, currency, onCancel, onSaved }: { org: string; policy: Policy; isNew: boolean; risks: Array<{ id: string; name?: unknown }>; currency: string; onCancel: () => void; onSaved: (revision: number) => void }) {
  const { t, lang } = useI18n();
  const formRef = useRef<HTMLFormElement>(null);
  const [attempt, setAttempt] = useState(0);
  useScrollToFirstError(formRef, attempt);
  const [draft, setDraft] = useState(() => ({
    id: text(policy.id),
    name: text(policy.name),
    insurer: text(policy.insurer),
    waitingPeriod: text(policy.waitingPeriod),
    ...Object.fromEntries(MONEY.map((k) => [k, text(policy[k])])),
  }) as Record<string, string>);
  const [covers, setCovers] = useState<string[]>(() => coversOf(policy));
  const [byField, setByField] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const set = (k: string, v: string) => setDraft((d) => ({ ...d, [k]: v }));
  const locale = lang === "ko" ? "ko-KR" : "en-US";

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    setByField({});
    const id = draft.id.trim();
    // starts from the policy as written, so what the form does not show (notes, kind) survives
    const out: Policy = { ...policy, id };
    const put = (k: string, v: unknown) => {
      if (v === undefined || v === "") delete out[k];
      else out[k] = v;
    };
    put("name", draft.name.trim());
    put("insurer", draft.insurer.trim());
    put("covers", covers.length ? covers : undefined);
    const w = draft.waitingPeriod.trim();
    put("waitingPeriod", w ? (/^\d+(\.\d+)?$/.test(w) ? Number(w) : w) : undefined);
    for (const k of MONEY) put(k, draft[k].trim() === "" ? undefined : Number.isFinite(Number(draft[k])) ? Number(draft[k]) : draft[k]);
    try {
      if (!id) throw Object.assign(new Error(t("insurance.idNeeded")), { field: "id" });
      const answer = await api.put<{ revision: { number: number } | null }>(orgPath(org, "insurance", id), { policy: out });
      onSaved(answer.revision?.number ?? 0);
    } catch (err) {
      if (err instanceof Error && (err as Error & { field?: string }).field === "id") setByField({ id: err.message });
      else {
        const { byField: fields, general } = fieldErrors(err, lang);
        setByField(fields);
        if (general.length || !Object.keys(fields).length) setError(err);
      }
      setAttempt((n) => n + 1);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate ref={formRef} data-testid="policy-form" className="subform">
      <ErrorBox error={error} />
      <div className="form-grid">
        <TextField label={t("insurance.id")} name="id" value={draft.id} onChange={(e) => set("id", e.target.value)} readOnly={!isNew} required hint={t("insurance.idHint")} error={byField.id} />
        <TextField label={t("common.name")} name="name" value={draft.name} onChange={(e) => set("name", e.target.value)} error={byField.name} />
        <TextField label={t("insurance.insurer")} name="insurer" value={draft.insurer} onChange={(e) => set("insurer", e.target.value)} error={byField.insurer} />
        <TextField label={t("insurance.waitingPeriod")} name="waitingPeriod" value={draft.waitingPeriod} onChange={(e) => set("waitingPeriod", e.target.value)} placeholder="0h" hint={t("insurance.waitingHint")} error={byField.waitingPeriod} />
        {MONEY.map((k) => (
          <MoneyField key={k} label={t(`insurance.${k}`)} name={k} currency={currency} locale={locale} value={draft[k]} onChange={(v) => set(k, v)} error={byField[k]} hint={k === "limit" || k === "aggregate" ? t("insurance.emptyNoLimit") : undefined} />
        ))}
      </div>
      <fieldset className="subform">
        <legend>{t("insurance.covers")}</legend>
        {byField.covers ? <div className="field-error" role="alert">{byField.covers}</div> : null}
        <p className="muted small">{t("insurance.coversHint")}</p>
        {risks.length ? (
          <ul className="check-list">
            {risks.map((r) => (
              <li key={r.id}>
                <label>
                  <input type="checkbox" checked={covers.includes(r.id)} onChange={(e) => setCovers((c) => (e.target.checked ? [...c, r.id] : c.filter((x) => x !== r.id)))} /> {text(r.name) || r.id}
                </label>
              </li>
            ))}
          </ul>
        ) : <p className="muted small">{t("insurance.noRisks")}</p>}
      </fieldset>
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={busy}>{busy ? t("common.working") : t("common.save")}</button>
        <button type="button" className="btn" onClick={onCancel}>{t("common.cancel")}</button>
      </div>
    </form>
  );
}

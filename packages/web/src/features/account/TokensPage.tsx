/**
 * The organization's API tokens: create one with its scopes (shown once, to copy), the list with
 * who made each and when it was last used, and revoke. Admins change; auditors read.
 */
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { Badge, Empty, ErrorBox, Loading, Notice, PageHeader, Section, TextField } from "../../ui/ui";
import { ScrollArea } from "../../ui/ScrollArea";
import { api, orgPath } from "../../app/api";
import { fieldErrors } from "../../app/errors";
import { useI18n, type MessageKey } from "../../app/i18n";
import { useSession } from "../../app/session";
import { useTitle } from "../../app/title";

const SCOPES = ["model:read", "model:write"] as const;
type Scope = (typeof SCOPES)[number];

interface ApiToken {
  id: string;
  name: string;
  scopes: Scope[];
  prefix: string;
  createdAt: string;
  createdBy: { id: string; name: string } | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  active: boolean;
}

/** The secret of a new token, shown once: selectable and copyable. */
function NewToken({ name, secret }: { name: string; secret: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  const copy = () => navigator.clipboard?.writeText(secret).then(() => setCopied(true), () => undefined);
  return (
    <div data-testid="new-token">
      <Notice kind="success">{t("tokens.created", { name })}</Notice>
      <div className="row wrap align-end">
        <TextField label={t("tokens.secret")} value={secret} readOnly onFocus={(e) => e.currentTarget.select()} className="grow" name="token-secret" />
        <button type="button" className="btn" onClick={() => void copy()}>{t("tokens.copy")}</button>
      </div>
      {copied ? <p className="small muted" role="status">{t("tokens.copied")}</p> : null}
    </div>
  );
}

export function TokensPage({ org }: { org: string }) {
  const { t, date } = useI18n();
  useTitle(t("tokens.title"));
  const session = useSession();
  const role = session.role(org);
  const admin = role === "admin";
  const [tokens, setTokens] = useState<ApiToken[]>();
  const [total, setTotal] = useState(0);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>();
  const [form, setForm] = useState<{ name: string; scopes: Scope[] }>({ name: "", scopes: ["model:read"] });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [createError, setCreateError] = useState<unknown>();
  const [created, setCreated] = useState<{ name: string; secret: string }>();

  const load = useCallback(
    (after: string | null) => {
      api.get<{ items: ApiToken[]; total: number; nextCursor: string | null }>(`${orgPath(org, "tokens")}?includeRevoked=true&limit=50${after ? `&cursor=${encodeURIComponent(after)}` : ""}`).then((p) => {
        setTokens((old) => (after ? [...(old ?? []), ...p.items] : p.items));
        setTotal(p.total);
        setCursor(p.nextCursor);
      }, setError);
    },
    [org],
  );
  useEffect(() => load(null), [load]);

  if (!admin && role !== "auditor") return <><PageHeader title={t("tokens.title")} /><Notice kind="warning">{t("error.forbidden")}</Notice></>;

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setCreateError(undefined);
    setCreated(undefined);
    const local: Record<string, string> = {};
    if (!form.name.trim()) local.name = t("form.required");
    if (!form.scopes.length) local.scopes = t("tokens.scopeRequired");
    setErrors(local);
    if (Object.keys(local).length) return;
    try {
      const answer = await api.post<ApiToken & { token: string }>(orgPath(org, "tokens"), { name: form.name.trim(), scopes: form.scopes });
      setCreated({ name: answer.name, secret: answer.token });
      setForm({ name: "", scopes: ["model:read"] });
      load(null);
    } catch (err) {
      setErrors(fieldErrors(err).byField);
      setCreateError(err);
    }
  };
  const revoke = async (token: ApiToken) => {
    if (!window.confirm(t("tokens.revokeConfirm", { name: token.name }))) return;
    setError(undefined);
    try {
      await api.del(orgPath(org, "tokens", token.id));
      load(null);
    } catch (err) {
      setError(err);
    }
  };
  const toggle = (scope: Scope, on: boolean) => setForm((f) => ({ ...f, scopes: on ? [...f.scopes, scope] : f.scopes.filter((s) => s !== scope) }));

  return (
    <>
      <PageHeader title={t("tokens.title")} subtitle={t("tokens.subtitle")} />
      <ErrorBox error={error} />
      {admin ? (
        <Section title={t("tokens.create")}>
          <form onSubmit={create} noValidate className="narrow-form">
            <TextField label={t("tokens.name")} name="token-name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} error={errors.name} hint={t("tokens.nameHint")} maxLength={100} autoComplete="off" />
            <fieldset className="subform">
              <legend>{t("tokens.scopes")}</legend>
              {SCOPES.map((s) => (
                <label key={s} className="row">
                  <input type="checkbox" name={`scope-${s}`} checked={form.scopes.includes(s)} onChange={(e) => toggle(s, e.target.checked)} /> <code>{s}</code> — {t(`tokens.scope.${s}` as MessageKey)}
                </label>
              ))}
              {errors.scopes ? <div className="field-error" role="alert">{errors.scopes}</div> : null}
            </fieldset>
            <div><button type="submit" className="btn btn-primary">{t("tokens.createButton")}</button></div>
          </form>
          <ErrorBox error={createError} />
          {created ? <NewToken name={created.name} secret={created.secret} /> : null}
        </Section>
      ) : null}
      <Section title={t("tokens.list")}>
        {!tokens ? <Loading /> : tokens.length === 0 ? <Empty>{t("tokens.none")}</Empty> : (
          <ScrollArea>
            <table className="table stack-narrow" data-testid="tokens">
              <thead>
                <tr>
                  <th scope="col">{t("tokens.name")}</th><th scope="col">{t("tokens.scopes")}</th><th scope="col">{t("tokens.prefix")}</th><th scope="col">{t("tokens.createdAt")}</th>
                  <th scope="col">{t("tokens.lastUsed")}</th><th scope="col">{t("tokens.status")}</th>{admin ? <th scope="col"><span className="visually-hidden">{t("members.actions")}</span></th> : null}
                </tr>
              </thead>
              <tbody>
                {tokens.map((tk) => (
                  <tr key={tk.id}>
                    <td>{tk.name}</td>
                    <td data-label={t("tokens.scopes")}>{tk.scopes.map((s) => <code key={s}>{s} </code>)}</td>
                    <td data-label={t("tokens.prefix")}><code>{tk.prefix}…</code></td>
                    <td data-label={t("tokens.createdAt")}>{date(tk.createdAt)}{tk.createdBy ? ` · ${tk.createdBy.name}` : ""}</td>
                    <td data-label={t("tokens.lastUsed")}>{tk.lastUsedAt ? date(tk.lastUsedAt) : t("tokens.never")}</td>
                    <td data-label={t("tokens.status")}>
                      {tk.revokedAt ? <Badge kind="neutral">{t("tokens.revoked")}</Badge> : tk.active ? <Badge kind="good">{t("tokens.active")}</Badge> : <Badge kind="warn">{t("tokens.inactive")}</Badge>}
                    </td>
                    {admin ? <td>{tk.revokedAt ? null : <button type="button" className="btn btn-quiet" onClick={() => void revoke(tk)} aria-label={`${t("tokens.revoke")}: ${tk.name}`}>{t("tokens.revoke")}</button>}</td> : null}
                  </tr>
                ))}
              </tbody>
            </table>
            {cursor ? <button type="button" className="btn btn-quiet" onClick={() => load(cursor)}>{t("tokens.more", { n: total - tokens.length })}</button> : null}
          </ScrollArea>
        )}
      </Section>
    </>
  );
}

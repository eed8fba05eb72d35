/** Members of the organization and their roles (admins): add, change role, remove, reset a password. */
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { ErrorBox, Loading, Notice, PageHeader, Section, SelectField, TextField } from "../../ui/ui";
import { api, orgPath, type Role, type User } from "../../app/api";
import { fieldErrors } from "../../app/errors";
import { useI18n, type MessageKey } from "../../app/i18n";
import { MIN_PASSWORD, useSession } from "../../app/session";
import { useTitle } from "../../app/title";
import { ScrollArea } from "../../ui/ScrollArea";

const ROLES: Role[] = ["admin", "editor", "responder", "viewer", "auditor"];

interface Member {
  user: User;
  role: Role;
}

export function MembersPage({ org }: { org: string }) {
  const { t } = useI18n();
  useTitle(t("members.title"));
  const session = useSession();
  const [members, setMembers] = useState<Member[] | undefined>();
  const [error, setError] = useState<unknown>();
  const [form, setForm] = useState({ email: "", name: "", role: "viewer" as Role, password: "" });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [addError, setAddError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();

  const load = useCallback(() => {
    api.get<{ items?: Member[] } | Member[]>(orgPath(org, "members")).then((p) => setMembers(Array.isArray(p) ? p : p.items ?? []), setError);
  }, [org]);
  useEffect(load, [load]);

  const admin = session.role(org) === "admin";
  if (!admin && session.role(org) !== "auditor") return <><PageHeader title={t("members.title")} /><Notice kind="warning">{t("error.forbidden")}</Notice></>;

  const add = async (e: FormEvent) => {
    e.preventDefault();
    setAddError(undefined);
    setNotice(undefined);
    const local: Record<string, string> = {};
    if (!/^\S+@\S+\.\S+$/.test(form.email.trim())) local.email = t("form.email");
    if (!form.name.trim()) local.name = t("form.required");
    if (form.password && form.password.length < MIN_PASSWORD) local.password = t("form.passwordLength", { n: MIN_PASSWORD });
    setErrors(local);
    if (Object.keys(local).length) return;
    try {
      await api.post(orgPath(org, "members"), { email: form.email.trim(), name: form.name.trim(), role: form.role, password: form.password || undefined });
      setForm({ email: "", name: "", role: "viewer", password: "" });
      setNotice(t("members.added"));
      load();
    } catch (err) {
      setErrors(fieldErrors(err).byField);
      setAddError(err);
    }
  };

  const changeRole = async (m: Member, role: Role) => {
    setError(undefined);
    try {
      await api.patch(orgPath(org, "members", m.user.id), { role });
      load();
    } catch (err) {
      setError(err);
    }
  };
  const remove = async (m: Member) => {
    if (!window.confirm(t("members.removeConfirm", { name: m.user.name || m.user.email }))) return;
    try {
      await api.del(orgPath(org, "members", m.user.id));
      load();
    } catch (err) {
      setError(err);
    }
  };
  const reset = async (m: Member) => {
    const pw = window.prompt(t("members.resetPrompt", { name: m.user.email, n: MIN_PASSWORD }));
    if (!pw) return;
    try {
      await api.post(orgPath(org, "members", m.user.id, "password"), { newPassword: pw });
      setNotice(t("members.resetDone"));
    } catch (err) {
      setError(err);
    }
  };

  return (
    <>
      <PageHeader title={t("members.title")} subtitle={t("members.subtitle")} />
      <ErrorBox error={error} />
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <Section title={t("members.list")}>
        {!members ? <Loading /> : (
          <ScrollArea><table className="table">
            <thead><tr><th scope="col">{t("common.name")}</th><th scope="col">{t("common.email")}</th><th scope="col">{t("members.role")}</th><th scope="col"><span className="visually-hidden">{t("members.actions")}</span></th></tr></thead>
            <tbody>
              {members.map((m) => (
                <tr key={String(m.user.id)}>
                  <td>{m.user.name}</td>
                  <td>{m.user.email}</td>
                  <td>
                    {admin ? (
                      <select aria-label={t("members.roleOf", { name: m.user.email })} value={m.role} onChange={(e) => void changeRole(m, e.target.value as Role)} disabled={m.user.id === session.me?.user.id}>
                        {ROLES.map((r) => <option key={r} value={r}>{t(`role.${r}` as MessageKey)}</option>)}
                      </select>
                    ) : (
                      t(`role.${m.role}` as MessageKey)
                    )}
                  </td>
                  <td className="row">
                    {admin ? <button type="button" className="btn btn-quiet" onClick={() => void reset(m)}>{t("members.reset")}</button> : null}
                    {admin && m.user.id !== session.me?.user.id ? <button type="button" className="btn btn-quiet" onClick={() => void remove(m)}>{t("common.remove")}</button> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table></ScrollArea>
        )}
      </Section>
      {admin ? <Section title={t("members.add")}>
        <form onSubmit={add} noValidate className="form-grid">
          <TextField label={t("common.email")} type="email" value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} error={errors.email} />
          <TextField label={t("common.name")} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} error={errors.name} />
          <SelectField label={t("members.role")} value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })} error={errors.role} hint={t(`role.${form.role}.desc` as MessageKey)}>
            {ROLES.map((r) => <option key={r} value={r}>{t(`role.${r}` as MessageKey)}</option>)}
          </SelectField>
          <TextField label={t("common.password")} type="password" value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} error={errors.password} hint={t("members.passwordHint")} autoComplete="new-password" />
          <div><button type="submit" className="btn btn-primary">{t("members.addButton")}</button></div>
        </form>
        <ErrorBox error={addError} />
      </Section> : null}
    </>
  );
}

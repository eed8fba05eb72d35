/** The signed-in user: who they are, their organizations and roles, and a password change. */
import { useState, type FormEvent } from "react";
import { ErrorBox, Notice, PageHeader, Section, TextField } from "../../ui/ui";
import { api } from "../../app/api";
import { fieldErrors } from "../../app/errors";
import { useI18n, type MessageKey } from "../../app/i18n";
import { MIN_PASSWORD, useSession } from "../../app/session";
import { useTitle } from "../../app/title";
import { Link, useLocation } from "../../app/router";

export function AccountPage() {
  const { t } = useI18n();
  useTitle(t("account.title"));
  const session = useSession();
  const me = session.me!;
  const { path } = useLocation();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [confirm, setConfirm] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(false);
    setError(undefined);
    const local: Record<string, string> = {};
    if (!current) local.currentPassword = t("form.required");
    if (next.length < MIN_PASSWORD) local.newPassword = t("form.passwordLength", { n: MIN_PASSWORD });
    if (confirm !== next) local.confirm = t("form.passwordMatch");
    setErrors(local);
    if (Object.keys(local).length) return;
    try {
      await api.post("/api/v1/me/password", { currentPassword: current, newPassword: next });
      setDone(true);
      setCurrent("");
      setNext("");
      setConfirm("");
    } catch (err) {
      const { byField } = fieldErrors(err);
      setErrors(byField);
      setError(err);
    }
  };

  return (
    <>
      <PageHeader title={t("account.title")} subtitle={`${me.user.name} <${me.user.email}>`} />
      <Section title={t("account.memberships")}>
        <ul>
          {me.memberships.map((m) => (
            <li key={m.organization.slug}>
              <strong>{m.organization.name}</strong> <code>{m.organization.slug}</code> — {t(`role.${m.role}` as MessageKey)}
            </li>
          ))}
        </ul>
        {me.user.isAdmin ? <p><Link to={path.replace(/\/account$/, "/new-organization")}>{t("neworg.link")}</Link></p> : null}
      </Section>
      <Section title={t("account.password")}>
        <form onSubmit={submit} noValidate className="narrow-form">
          <TextField label={t("account.current")} type="password" value={current} onChange={(e) => setCurrent(e.target.value)} error={errors.currentPassword} autoComplete="current-password" />
          <TextField label={t("account.new")} type="password" value={next} onChange={(e) => setNext(e.target.value)} error={errors.newPassword} hint={t("form.passwordLength", { n: MIN_PASSWORD })} autoComplete="new-password" />
          <TextField label={t("setup.confirm")} type="password" value={confirm} onChange={(e) => setConfirm(e.target.value)} error={errors.confirm} autoComplete="new-password" />
          <button type="submit" className="btn btn-primary">{t("account.change")}</button>
        </form>
        {done ? <Notice kind="success">{t("account.changed")}</Notice> : null}
        <ErrorBox error={error} />
      </Section>
    </>
  );
}

/** First run: the first administrator and the first organization (nothing runs with a default password). */
import { useState, type FormEvent } from "react";
import { ErrorBox, TextField } from "../../ui/ui";
import { ApiError } from "../../app/api";
import { fieldErrors } from "../../app/errors";
import { useI18n } from "../../app/i18n";
import { navigate } from "../../app/router";
import { MIN_PASSWORD, useSession } from "../../app/session";
import { useTitle } from "../../app/title";


export function SetupPage() {
  const { t } = useI18n();
  const session = useSession();
  useTitle(t("setup.title"));
  const [form, setForm] = useState({ name: "", email: "", password: "", confirm: "", organization: "" });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (!form.name.trim()) local.name = t("form.required");
    if (!/^\S+@\S+\.\S+$/.test(form.email.trim())) local.email = t("form.email");
    if (form.password.length < MIN_PASSWORD) local.password = t("form.passwordLength", { n: MIN_PASSWORD });
    if (form.confirm !== form.password) local.confirm = t("form.passwordMatch");
    if (!form.organization.trim() && !session.demo) local.organization = t("form.required");
    setErrors(local);
    setError(undefined);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      const answer = await session.setup({ name: form.name.trim(), email: form.email.trim(), password: form.password, organization: form.organization.trim() || undefined });
      const slug = answer.organization?.slug ?? session.demo;
      navigate(slug ? `/o/${encodeURIComponent(slug)}/dashboard` : "/", { replace: true });
    } catch (err) {
      const { byField, general } = fieldErrors(err);
      setErrors(byField);
      if (err instanceof ApiError && err.status === 409) {
        await session.refresh();
        return;
      }
      setError(general.length || !Object.keys(byField).length ? err : undefined);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="card narrow auth-card">
      <h1>{t("setup.title")}</h1>
      <p className="subtitle">{t("setup.intro")}</p>
      <ErrorBox error={error} />
      <form onSubmit={submit} noValidate>
        <TextField label={t("setup.organization")} name="organization" value={form.organization} onChange={set("organization")} error={errors.organization} hint={session.demo ? t("setup.organizationDemoHint") : t("setup.organizationHint")} autoComplete="organization" required={!session.demo} />
        <TextField label={t("setup.name")} name="name" value={form.name} onChange={set("name")} error={errors.name} autoComplete="name" required />
        <TextField label={t("common.email")} name="email" type="email" value={form.email} onChange={set("email")} error={errors.email} autoComplete="email" required />
        <TextField label={t("common.password")} name="password" type="password" value={form.password} onChange={set("password")} error={errors.password} hint={t("form.passwordLength", { n: MIN_PASSWORD })} autoComplete="new-password" required />
        <TextField label={t("setup.confirm")} name="confirm" type="password" value={form.confirm} onChange={set("confirm")} error={errors.confirm} autoComplete="new-password" required />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? t("common.working") : t("setup.submit")}
        </button>
      </form>
    </main>
  );
}

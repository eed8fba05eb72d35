/**
 * Ask for a password-reset link by e-mail. The answer is the same whether or not the e-mail has an
 * account; a server that sends no mail says who can reset the password instead.
 */
import { useEffect, useState, type FormEvent } from "react";
import { ErrorBox, Loading, TextField } from "../../ui/ui";
import { api, ApiError } from "../../app/api";
import { useI18n } from "../../app/i18n";
import { Link } from "../../app/router";
import { useTitle } from "../../app/title";

export function ForgotPasswordPage() {
  const { t } = useI18n();
  useTitle(t("forgot.title"));
  const [available, setAvailable] = useState<boolean>();
  const [email, setEmail] = useState("");
  const [fieldError, setFieldError] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api.get<{ available: boolean }>("/api/v1/auth/password-reset", { quiet401: true }).then((a) => setAvailable(a.available), () => setAvailable(false));
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    if (!/^\S+@\S+\.\S+$/.test(email.trim())) {
      setFieldError(t("form.email"));
      return;
    }
    setFieldError(undefined);
    setBusy(true);
    try {
      await api.post("/api/v1/auth/password-reset", { email: email.trim() });
      setSent(true);
    } catch (err) {
      if (err instanceof ApiError && err.status === 429) setError(new Error(t("error.rateLimited")));
      else setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="card narrow auth-card">
      <h1>{t("forgot.title")}</h1>
      {available === undefined ? <Loading /> : !available ? (
        <p data-testid="reset-unavailable">{t("forgot.unavailable")}</p>
      ) : sent ? (
        <div className="alert alert-success" role="status" data-testid="reset-sent">{t("forgot.sent")}</div>
      ) : (
        <>
          <p className="subtitle">{t("forgot.intro")}</p>
          <form onSubmit={submit} noValidate>
            <TextField label={t("common.email")} name="email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} error={fieldError} autoComplete="username" required autoFocus />
            <button type="submit" className="btn btn-primary btn-block" disabled={busy}>{busy ? t("common.working") : t("forgot.send")}</button>
          </form>
          <ErrorBox error={error} />
        </>
      )}
      <p className="small"><Link to="/login">{t("forgot.back")}</Link></p>
    </main>
  );
}

/**
 * Set a new password with the link from the mail. The token is in the address's fragment
 * (`#token=…`), which the browser never sends to a server: only this page reads it.
 */
import { useState, type FormEvent } from "react";
import { ErrorBox, TextField } from "../../ui/ui";
import { api, ApiError } from "../../app/api";
import { fieldErrors } from "../../app/errors";
import { useI18n } from "../../app/i18n";
import { Link } from "../../app/router";
import { MIN_PASSWORD } from "../../app/session";
import { useTitle } from "../../app/title";

const tokenOfLocation = () => new URLSearchParams(window.location.hash.replace(/^#/, "")).get("token") ?? "";

export function ResetPasswordPage() {
  const { t } = useI18n();
  useTitle(t("reset.title"));
  const [token] = useState(tokenOfLocation);
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  const [state, setState] = useState<"form" | "done" | "gone">(token ? "form" : "gone");
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    const local: Record<string, string> = {};
    if (password.length < MIN_PASSWORD) local.newPassword = t("form.passwordLength", { n: MIN_PASSWORD });
    if (confirm !== password) local.confirm = t("form.passwordMatch");
    setErrors(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      await api.post("/api/v1/auth/password-reset/complete", { token, newPassword: password });
      // the token is spent: keep it out of the history
      window.history.replaceState(null, "", "/reset-password");
      setState("done");
    } catch (err) {
      if (err instanceof ApiError && err.status === 410) setState("gone");
      else {
        setErrors(fieldErrors(err).byField);
        setError(err);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="card narrow auth-card">
      <h1>{t("reset.title")}</h1>
      {state === "done" ? (
        <div className="alert alert-success" role="status" data-testid="reset-done">{t("reset.done")}</div>
      ) : state === "gone" ? (
        <div className="alert alert-error" role="alert" data-testid="reset-gone">{token ? t("reset.gone") : t("reset.noToken")}</div>
      ) : (
        <>
          <p className="subtitle">{t("reset.intro")}</p>
          <form onSubmit={submit} noValidate>
            <TextField label={t("account.new")} name="new-password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} error={errors.newPassword} hint={t("form.passwordLength", { n: MIN_PASSWORD })} autoComplete="new-password" autoFocus />
            <TextField label={t("setup.confirm")} name="confirm-password" type="password" value={confirm} onChange={(e) => setConfirm(e.target.value)} error={errors.confirm} autoComplete="new-password" />
            <button type="submit" className="btn btn-primary btn-block" disabled={busy}>{busy ? t("common.working") : t("reset.submit")}</button>
          </form>
          <ErrorBox error={error} />
        </>
      )}
      <p className="small">{state === "gone" ? <Link to="/forgot-password">{t("forgot.link")}</Link> : <Link to="/login">{t("forgot.back")}</Link>}</p>
    </main>
  );
}

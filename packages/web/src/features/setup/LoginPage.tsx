/** Sign in with a local account; a wrong password says so, a rate limit says when to retry. */
import { useEffect, useState, type FormEvent } from "react";
import { TextField } from "../../ui/ui";
import { api, ApiError } from "../../app/api";
import { Link } from "../../app/router";
import { useI18n } from "../../app/i18n";
import { useSession } from "../../app/session";
import { useTitle } from "../../app/title";

export function LoginPage() {
  const { t } = useI18n();
  const session = useSession();
  useTitle(t("login.title"));
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [message, setMessage] = useState<string>();
  const [busy, setBusy] = useState(false);
  // with mail, a forgotten password is reset by the person; without, an admin does it
  const [selfReset, setSelfReset] = useState(false);
  useEffect(() => {
    api.get<{ available: boolean }>("/api/v1/auth/password-reset", { quiet401: true }).then((a) => setSelfReset(a.available), () => undefined);
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(undefined);
    if (!email.trim() || !password) {
      setMessage(t("login.missing"));
      return;
    }
    setBusy(true);
    try {
      await session.login(email.trim(), password);
    } catch (err) {
      if (err instanceof ApiError && (err.status === 401 || err.status === 400 || err.status === 422)) setMessage(t("login.wrong"));
      else if (err instanceof ApiError && err.status === 429) setMessage(t("error.rateLimited"));
      else setMessage((err as Error).message || t("error.server"));
      setPassword("");
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="card narrow auth-card">
      <h1>{t("login.title")}</h1>
      <p className="subtitle">{t("login.intro")}</p>
      {message ? (
        <div className="alert alert-error" role="alert" data-testid="login-error">
          {message}
        </div>
      ) : null}
      <form onSubmit={submit} noValidate>
        <TextField label={t("common.email")} name="email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="username" required autoFocus />
        <TextField label={t("common.password")} name="password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" required />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? t("common.working") : t("login.submit")}
        </button>
      </form>
      {selfReset ? <p className="small"><Link to="/forgot-password">{t("forgot.link")}</Link></p> : <p className="muted small">{t("login.forgot")}</p>}
    </main>
  );
}

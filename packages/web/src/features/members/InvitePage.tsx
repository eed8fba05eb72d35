/**
 * The accept page of an invitation (/invite/:token): a new person chooses their own name and
 * password; someone with an account signs in as it (or is signed in already) and joins.
 */
import { useEffect, useState, type FormEvent } from "react";
import { ErrorBox, Loading, Notice, TextField } from "../../ui/ui";
import { api, ApiError, setCsrfToken, type Role } from "../../app/api";
import { useI18n, type MessageKey } from "../../app/i18n";
import { navigate } from "../../app/router";
import { useTitle } from "../../app/title";
import { MIN_PASSWORD, useSession } from "../../app/session";

interface Invited {
  organization: { slug: string; name: string };
  email: string;
  role: Role;
  invitedBy: string | null;
  expiresAt: string;
}

export function InvitePage({ token }: { token: string }) {
  const { t, date } = useI18n();
  useTitle(t("invite.title"));
  const session = useSession();
  const [invited, setInvited] = useState<Invited>();
  const [gone, setGone] = useState(false);
  const [error, setError] = useState<unknown>();
  const [message, setMessage] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [fresh, setFresh] = useState({ name: "", password: "" });
  const [freshErrors, setFreshErrors] = useState<Record<string, string>>({});
  const [password, setPassword] = useState("");
  const path = `/api/v1/invitations/${encodeURIComponent(token)}`;

  useEffect(() => {
    api.get<Invited>(path, { quiet401: true }).then(setInvited, (e: unknown) => {
      if (e instanceof ApiError && (e.status === 404 || e.status === 410)) setGone(true);
      else setError(e);
    });
  }, [path]);

  /** After joining: the session knows the new membership; open the organization. */
  const joined = async (slug: string) => {
    await session.refresh();
    navigate(`/o/${encodeURIComponent(slug)}/dashboard`);
  };
  const explain = (e: unknown) => {
    if (e instanceof ApiError && e.problem.type?.endsWith("/account-exists")) setMessage(t("invite.accountExists"));
    else if (e instanceof ApiError && e.problem.type?.endsWith("/password-change-needed")) setMessage(t("invite.passwordChange"));
    else if (e instanceof ApiError && e.status === 410) setGone(true);
    else if (e instanceof ApiError && e.status === 401) setMessage(t("login.wrong"));
    else if (e instanceof ApiError && e.status === 429) setMessage(t("error.rateLimited"));
    else setError(e);
  };
  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setMessage(undefined);
    setError(undefined);
    try {
      await fn();
    } catch (e) {
      explain(e);
    } finally {
      setBusy(false);
    }
  };

  const acceptSignedIn = () =>
    run(async () => {
      await api.post(`${path}/accept`, {});
      await joined(invited!.organization.slug);
    });
  const createAccount = (e: FormEvent) => {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (!fresh.name.trim()) local.name = t("form.required");
    if (fresh.password.length < MIN_PASSWORD) local.password = t("form.passwordLength", { n: MIN_PASSWORD });
    setFreshErrors(local);
    if (Object.keys(local).length) return;
    void run(async () => {
      const answer = await api.post<{ csrfToken: string | null }>(`${path}/accept`, { name: fresh.name.trim(), password: fresh.password }, { quiet401: true });
      setCsrfToken(answer.csrfToken ?? undefined);
      await joined(invited!.organization.slug);
    });
  };
  const signInAndAccept = (e: FormEvent) => {
    e.preventDefault();
    if (!password) return;
    void run(async () => {
      await session.login(invited!.email, password);
      await api.post(`${path}/accept`, {});
      await joined(invited!.organization.slug);
    });
  };

  if (gone) return <main className="card narrow"><h1>{t("invite.title")}</h1><Notice kind="warning">{t("invite.gone")}</Notice></main>;
  if (error && !invited) return <main className="card narrow"><h1>{t("invite.title")}</h1><ErrorBox error={error} /></main>;
  if (!invited) return <main className="card narrow"><Loading /></main>;

  const role = t(`role.${invited.role}` as MessageKey);
  const me = session.status === "ready" ? session.me?.user.email : undefined;
  return (
    <main className="card narrow auth-card" data-testid="invite">
      <h1>{t("invite.title")}</h1>
      <p>{t("invite.intro", { email: invited.email, org: invited.organization.name, role })}</p>
      <p className="small muted">
        {invited.invitedBy ? `${t("invite.by", { name: invited.invitedBy })} ` : ""}
        {t("invite.expires", { date: date(invited.expiresAt) })}
      </p>
      {message ? <div className="alert alert-error" role="alert">{message}</div> : null}
      <ErrorBox error={error} />
      {me && me === invited.email ? (
        <>
          <p>{t("invite.signedInAs", { email: me })}</p>
          <button type="button" className="btn btn-primary btn-block" disabled={busy} onClick={() => void acceptSignedIn()}>
            {busy ? t("common.working") : t("invite.accept", { org: invited.organization.name })}
          </button>
        </>
      ) : me ? (
        <>
          <Notice kind="warning">{t("invite.otherAccount", { email: invited.email, me })}</Notice>
          <button type="button" className="btn" onClick={() => void session.logout()}>{t("header.logout")}</button>
        </>
      ) : (
        <>
          <h2>{t("invite.newTitle")}</h2>
          <p className="small muted">{t("invite.newIntro")}</p>
          <form onSubmit={createAccount} noValidate data-testid="invite-new">
            <TextField label={t("common.email")} value={invited.email} readOnly autoComplete="username" />
            <TextField label={t("common.name")} name="name" value={fresh.name} onChange={(e) => setFresh({ ...fresh, name: e.target.value })} error={freshErrors.name} autoComplete="name" />
            <TextField label={t("common.password")} name="new-password" type="password" value={fresh.password} onChange={(e) => setFresh({ ...fresh, password: e.target.value })} error={freshErrors.password} hint={t("form.passwordLength", { n: MIN_PASSWORD })} autoComplete="new-password" />
            <button type="submit" className="btn btn-primary btn-block" disabled={busy}>{busy ? t("common.working") : t("invite.create")}</button>
          </form>
          <h2 className="invite-or">{t("invite.existingTitle")}</h2>
          <p className="small muted">{t("invite.existingIntro", { email: invited.email })}</p>
          <form onSubmit={signInAndAccept} noValidate data-testid="invite-existing">
            <TextField label={t("common.password")} name="password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" />
            <button type="submit" className="btn btn-block" disabled={busy}>{busy ? t("common.working") : t("invite.signInAccept")}</button>
          </form>
        </>
      )}
    </main>
  );
}

/**
 * Members of the organization and their roles (admins): invite, change role, remove, reset a
 * password; pending invitations (copy a new link, revoke); and the members' sign-ins.
 */
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { Empty, ErrorBox, Loading, Notice, PageHeader, Section, SelectField, TextField } from "../../ui/ui";
import { api, ApiError, orgPath, type Role, type User } from "../../app/api";
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

interface Invitation {
  id: string;
  email: string;
  role: Role;
  invitedBy: { id: string; name: string } | null;
  expiresAt: string;
}

interface LinkAnswer {
  delivery: "link" | "mail";
  acceptUrl: string | null;
}

/** The link to pass on (no mail delivery yet), selectable and copyable. */
function AcceptLink({ url }: { url: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
    } catch {
      /* the field stays selectable */
    }
  };
  return (
    <div data-testid="accept-link">
      <p className="small">{t("members.linkIntro")}</p>
      <div className="row wrap align-end">
        <TextField label={t("members.linkLabel")} value={url} readOnly onFocus={(e) => e.currentTarget.select()} className="grow" />
        <button type="button" className="btn" onClick={() => void copy()}>{t("members.copy")}</button>
      </div>
      {copied ? <p className="small muted" role="status">{t("members.copied")}</p> : null}
    </div>
  );
}

export function MembersPage({ org }: { org: string }) {
  const { t, date } = useI18n();
  useTitle(t("members.title"));
  const session = useSession();
  const [members, setMembers] = useState<Member[] | undefined>();
  const [error, setError] = useState<unknown>();
  const [form, setForm] = useState({ email: "", role: "viewer" as Role });
  const [link, setLink] = useState<{ url: string | null; note: string }>();
  const [invitations, setInvitations] = useState<{ items: Invitation[]; total: number }>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [addError, setAddError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();

  const load = useCallback(() => {
    api.get<{ items?: Member[] } | Member[]>(orgPath(org, "members")).then((p) => setMembers(Array.isArray(p) ? p : p.items ?? []), setError);
    api.get<{ items: Invitation[]; total: number }>(`${orgPath(org, "invitations")}?limit=100`).then(setInvitations, setError);
  }, [org]);
  useEffect(load, [load]);

  const admin = session.role(org) === "admin";
  if (!admin && session.role(org) !== "auditor") return <><PageHeader title={t("members.title")} /><Notice kind="warning">{t("error.forbidden")}</Notice></>;

  const invite = async (e: FormEvent) => {
    e.preventDefault();
    setAddError(undefined);
    setNotice(undefined);
    setLink(undefined);
    const local: Record<string, string> = {};
    if (!/^\S+@\S+\.\S+$/.test(form.email.trim())) local.email = t("form.email");
    setErrors(local);
    if (Object.keys(local).length) return;
    try {
      const email = form.email.trim();
      const answer = await api.post<LinkAnswer>(orgPath(org, "invitations"), { email, role: form.role });
      setForm({ email: "", role: "viewer" });
      setLink({ url: answer.acceptUrl, note: answer.delivery === "mail" ? t("members.mailSent", { email }) : t("members.invited", { email }) });
      load();
    } catch (err) {
      setErrors(fieldErrors(err).byField);
      setAddError(err);
    }
  };

  const newLink = async (i: Invitation) => {
    setError(undefined);
    try {
      const answer = await api.post<LinkAnswer>(orgPath(org, "invitations", i.id, "link"), {});
      setLink({ url: answer.acceptUrl, note: answer.delivery === "mail" ? t("members.mailSent", { email: i.email }) : t("members.newLink") });
      if (answer.acceptUrl) await navigator.clipboard?.writeText(answer.acceptUrl).catch(() => undefined);
    } catch (err) {
      setError(err);
    }
  };
  const revoke = async (i: Invitation) => {
    if (!window.confirm(t("members.revokeConfirm", { email: i.email }))) return;
    try {
      await api.del(orgPath(org, "invitations", i.id));
      load();
    } catch (err) {
      setError(err);
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
      setError(err instanceof ApiError && err.status === 403 ? new Error(t("members.resetElsewhere")) : err);
    }
  };

  return (
    <>
      <PageHeader title={t("members.title")} subtitle={t("members.subtitle")} />
      <ErrorBox error={error} />
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <Section title={t("members.list")}>
        {!members ? <Loading /> : (
          <ScrollArea><table className="table stack-narrow">
            <thead><tr><th scope="col">{t("common.name")}</th><th scope="col">{t("common.email")}</th><th scope="col">{t("members.role")}</th><th scope="col"><span className="visually-hidden">{t("members.actions")}</span></th></tr></thead>
            <tbody>
              {members.map((m) => (
                <tr key={String(m.user.id)}>
                  <td>{m.user.name}</td>
                  <td data-label={t("common.email")}>{m.user.email}</td>
                  <td data-label={t("members.role")}>
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
      {admin ? <Section title={t("members.invite")}>
        <p className="small muted">{t("members.inviteIntro")}</p>
        <form onSubmit={invite} noValidate className="form-grid">
          <TextField label={t("common.email")} type="email" name="invite-email" value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} error={errors.email} autoComplete="off" />
          <SelectField label={t("members.role")} name="invite-role" value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })} error={errors.role} hint={t(`role.${form.role}.desc` as MessageKey)}>
            {ROLES.map((r) => <option key={r} value={r}>{t(`role.${r}` as MessageKey)}</option>)}
          </SelectField>
          <div><button type="submit" className="btn btn-primary">{t("members.inviteButton")}</button></div>
        </form>
        <ErrorBox error={addError} />
        {link ? <Notice kind="success">{link.note}</Notice> : null}
        {link?.url ? <AcceptLink url={link.url} /> : null}
      </Section> : null}
      <Section title={t("members.pending")}>
        {!invitations ? <Loading /> : invitations.items.length === 0 ? <Empty>{t("members.noPending")}</Empty> : (
          <ScrollArea>
            <table className="table stack-narrow" data-testid="pending-invitations">
              <thead><tr><th scope="col">{t("common.email")}</th><th scope="col">{t("members.role")}</th><th scope="col">{t("members.expires")}</th><th scope="col">{t("members.invitedBy")}</th>{admin ? <th scope="col"><span className="visually-hidden">{t("members.actions")}</span></th> : null}</tr></thead>
              <tbody>
                {invitations.items.map((i) => (
                  <tr key={i.id}>
                    <td>{i.email}</td>
                    <td data-label={t("members.role")}>{t(`role.${i.role}` as MessageKey)}</td>
                    <td data-label={t("members.expires")}>{date(i.expiresAt)}</td>
                    <td data-label={t("members.invitedBy")}>{i.invitedBy?.name ?? "—"}</td>
                    {admin ? (
                      <td className="row">
                        <button type="button" className="btn btn-quiet" onClick={() => void newLink(i)}>{t("members.copyNew")}</button>
                        <button type="button" className="btn btn-quiet" onClick={() => void revoke(i)}>{t("members.revoke")}</button>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
            {invitations.total > invitations.items.length ? <p className="small muted">{t("members.more", { n: invitations.total - invitations.items.length })}</p> : null}
          </ScrollArea>
        )}
      </Section>
      <SignIns org={org} />
    </>
  );
}

interface SignIn {
  id: number;
  at: string;
  user: { id: string; email: string; name: string } | null;
  outcome: "success" | "failure";
  ip: string | null;
}

/** The members' sign-ins and failed sign-ins, newest first, a page at a time. */
function SignIns({ org }: { org: string }) {
  const { t, date } = useI18n();
  const [items, setItems] = useState<SignIn[]>();
  const [total, setTotal] = useState(0);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>();
  const load = useCallback(
    (after: string | null) => {
      api
        .get<{ items: SignIn[]; total: number; nextCursor: string | null }>(`${orgPath(org, "sign-ins")}?limit=20${after ? `&cursor=${encodeURIComponent(after)}` : ""}`)
        .then((p) => {
          setItems((old) => (after ? [...(old ?? []), ...p.items] : p.items));
          setTotal(p.total);
          setCursor(p.nextCursor);
        }, setError);
    },
    [org],
  );
  useEffect(() => load(null), [load]);
  return (
    <Section title={t("signins.title")}>
      <p className="small muted">{t("signins.intro")}</p>
      <ErrorBox error={error} />
      {!items ? <Loading /> : items.length === 0 ? <Empty>{t("signins.none")}</Empty> : (
        <ScrollArea>
          <table className="table compact stack-narrow" data-testid="sign-ins">
            <thead><tr><th scope="col">{t("signins.when")}</th><th scope="col">{t("signins.who")}</th><th scope="col">{t("signins.outcome")}</th><th scope="col">{t("signins.address")}</th></tr></thead>
            <tbody>
              {items.map((e) => (
                <tr key={e.id} className={e.outcome === "failure" ? "row-bad" : undefined}>
                  <td>{date(e.at)}</td>
                  <td data-label={t("signins.who")}>{e.user ? e.user.email : "—"}</td>
                  <td data-label={t("signins.outcome")}>{e.outcome === "success" ? t("signins.success") : t("signins.failure")}</td>
                  <td data-label={t("signins.address")}>{e.ip ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {cursor ? <button type="button" className="btn btn-quiet" onClick={() => load(cursor)}>{t("signins.more", { n: total - items.length })}</button> : null}
        </ScrollArea>
      )}
    </Section>
  );
}

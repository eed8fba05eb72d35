/**
 * The status page as responders run it: what the public reads now (services and their states),
 * publish or unpublish it (admins), post an update (investigating → identified → monitoring →
 * resolved) that subscribers are told of, download the static copy, read the recent updates.
 */
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { Badge, ErrorBox, Loading, PageHeader, Section } from "../../ui/ui";
import { useMore } from "../../ui/MoreList";
import { useSession } from "../../app/session";
import { useI18n, type MessageKey } from "../../app/i18n";
import { PHASES, SERVICE_STATES, statusApi, type NewUpdate, type Phase, type ServiceState, type StatusOverview, type StatusUpdate } from "./status-api";
import "./status.css";

const stateKey = (s: ServiceState) => `statusPage.state.${s}` as MessageKey;
const phaseKey = (p: Phase) => `statusPage.phase.${p}` as MessageKey;
const tone = (s: ServiceState) => (s === "operational" ? "good" : s === "maintenance" ? "info" : s === "degraded" ? "warn" : "bad");

export function StatusEditorPage({ org }: { org: string }) {
  const { t } = useI18n();
  const session = useSession();
  const role = session.role(org);
  const canPost = role === "admin" || role === "editor" || role === "responder";
  const [overview, setOverview] = useState<StatusOverview | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => statusApi.get(org).then(setOverview, setError), [org]);
  useEffect(() => void load(), [load]);
  const publish = (published: boolean) => statusApi.publish(org, published).then(load, setError);

  if (!overview) return error ? <ErrorBox error={error} /> : <Loading />;
  return (
    <div className="status-editor">
      <PageHeader title={t("statusPage.title")} subtitle={t("statusPage.subtitle")} />
      {error ? <ErrorBox error={error} /> : null}
      <div className="card status-publication">
        <p>
          <Badge kind={overview.published ? "good" : "neutral"}>{overview.published ? t("statusPage.published") : t("statusPage.unpublished")}</Badge>{" "}
          {overview.published ? (
            <a href={overview.url} data-testid="status-public-link">
              {t("statusPage.open")}
            </a>
          ) : null}
        </p>
        <p className="small">{t("statusPage.subscribers", { confirmed: overview.subscriptions.confirmed, pending: overview.subscriptions.pending })}</p>
        <div className="status-actions">
          {role === "admin" ? (
            <button type="button" className="btn" data-testid="status-publish" onClick={() => void publish(!overview.published)}>
              {overview.published ? t("statusPage.unpublish") : t("statusPage.publish")}
            </button>
          ) : null}
          <a className="btn" href={statusApi.exportUrl(org)} download data-testid="status-export">
            {t("statusPage.export")}
          </a>
        </div>
      </div>
      <Section title={t("statusPage.services")}>
        {overview.services.length ? (
          <ul className="status-services" data-testid="status-services">
            {overview.services.map((s) => (
              <li key={s.id}>
                <span>{s.name}</span>
                <Badge kind={tone(s.state)}>{t(stateKey(s.state))}</Badge>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("statusPage.noServices")}</p>
        )}
      </Section>
      {canPost ? <UpdateForm org={org} overview={overview} onPosted={load} /> : null}
      <Section title={t("statusPage.recent")}>
        <UpdateList updates={overview.updates} />
      </Section>
    </div>
  );
}

function UpdateList({ updates }: { updates: StatusUpdate[] }) {
  const { t, lang } = useI18n();
  const { shown, more } = useMore(updates, 20);
  if (!updates.length) return <p>{t("statusPage.noUpdates")}</p>;
  return (
    <>
      <ul className="status-updates" data-testid="status-updates">
        {shown.map((u) => (
          <li key={u.id}>
            <div className="status-update-head">
              {u.exercise ? <Badge kind="info">EXERCISE / 훈련</Badge> : null}
              <strong>{t(phaseKey(u.phase))}</strong>
              <span className="small muted">{new Date(u.at).toLocaleString(lang === "ko" ? "ko-KR" : "en-GB")} · {u.authorName}</span>
            </div>
            {u.title.en || u.title.ko ? <div className="strong">{(lang === "ko" ? u.title.ko ?? u.title.en : u.title.en ?? u.title.ko) ?? ""}</div> : null}
            <p>{(lang === "ko" ? u.message.ko ?? u.message.en : u.message.en ?? u.message.ko) ?? ""}</p>
          </li>
        ))}
      </ul>
      {more}
    </>
  );
}

function UpdateForm({ org, overview, onPosted }: { org: string; overview: StatusOverview; onPosted: () => void }) {
  const { t, lang } = useI18n();
  // the open threads (latest update not resolved): an update continues one, or starts a new one
  const threads = new Map<string, StatusUpdate>();
  for (const u of overview.updates) if (!threads.has(u.thread)) threads.set(u.thread, u);
  const open = [...threads.values()].filter((u) => u.phase !== "resolved");
  const titleOf = (thread: string) => {
    const first = overview.updates.filter((u) => u.thread === thread).at(-1);
    return (lang === "ko" ? first?.title.ko ?? first?.title.en : first?.title.en ?? first?.title.ko) ?? thread;
  };
  const [follows, setFollows] = useState("");
  const [phase, setPhase] = useState<Phase>("investigating");
  const [titleEn, setTitleEn] = useState("");
  const [titleKo, setTitleKo] = useState("");
  const [messageEn, setMessageEn] = useState("");
  const [messageKo, setMessageKo] = useState("");
  const [state, setState] = useState<ServiceState>("major-outage");
  const [services, setServices] = useState<string[]>([]);
  const [exercise, setExercise] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const text = (en: string, ko: string) => ({ ...(en.trim() ? { en: en.trim() } : {}), ...(ko.trim() ? { ko: ko.trim() } : {}) });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setDone(null);
    const body: NewUpdate = { phase, message: text(messageEn, messageKo), services: services.map((id) => ({ id, state })) };
    if (follows) body.follows = follows;
    else {
      body.title = text(titleEn, titleKo);
      body.exercise = exercise;
    }
    statusApi
      .post(org, body)
      .then((r) => {
        setDone(t("statusPage.posted", { n: r.notices }));
        setMessageEn("");
        setMessageKo("");
        setTitleEn("");
        setTitleKo("");
        setServices([]);
        setError(null);
        onPosted();
      }, setError)
      .finally(() => setBusy(false));
  };
  return (
    <Section title={t("statusPage.postTitle")}>
      <form className="card stack" onSubmit={submit} data-testid="status-update-form">
        {error ? <ErrorBox error={error} /> : null}
        <label>
          {t("statusPage.thread")}
          <select value={follows} onChange={(e) => setFollows(e.target.value)}>
            <option value="">{t("statusPage.newThread")}</option>
            {open.map((u) => (
              <option key={u.thread} value={u.id}>
                {u.exercise ? "[EXERCISE / 훈련] " : ""}
                {titleOf(u.thread)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("statusPage.phase")}
          <select value={phase} onChange={(e) => setPhase(e.target.value as Phase)}>
            {PHASES.map((p) => (
              <option key={p} value={p}>
                {t(phaseKey(p))}
              </option>
            ))}
          </select>
        </label>
        {follows ? null : (
          <>
            <label>
              {t("statusPage.titleEn")}
              <input value={titleEn} onChange={(e) => setTitleEn(e.target.value)} maxLength={200} lang="en" />
            </label>
            <label>
              {t("statusPage.titleKo")}
              <input value={titleKo} onChange={(e) => setTitleKo(e.target.value)} maxLength={200} lang="ko" />
            </label>
          </>
        )}
        <label>
          {t("statusPage.messageEn")}
          <textarea value={messageEn} onChange={(e) => setMessageEn(e.target.value)} maxLength={4000} rows={3} lang="en" />
        </label>
        <label>
          {t("statusPage.messageKo")}
          <textarea value={messageKo} onChange={(e) => setMessageKo(e.target.value)} maxLength={4000} rows={3} lang="ko" />
        </label>
        <fieldset className="status-affected">
          <legend>{t("statusPage.affected")}</legend>
          {overview.services.map((s) => (
            <label key={s.id} className="check">
              <input
                type="checkbox"
                checked={services.includes(s.id)}
                onChange={(e) => setServices(e.target.checked ? [...services, s.id] : services.filter((x) => x !== s.id))}
              />{" "}
              {s.name}
            </label>
          ))}
        </fieldset>
        <label>
          {t("statusPage.declaredState")}
          <select value={state} onChange={(e) => setState(e.target.value as ServiceState)}>
            {SERVICE_STATES.map((s) => (
              <option key={s} value={s}>
                {t(stateKey(s))}
              </option>
            ))}
          </select>
        </label>
        {follows ? null : (
          <label className="check">
            <input type="checkbox" checked={exercise} onChange={(e) => setExercise(e.target.checked)} /> {t("statusPage.exercise")}
          </label>
        )}
        <button type="submit" className="btn btn-primary" disabled={busy || !(messageEn.trim() || messageKo.trim()) || (!follows && !(titleEn.trim() || titleKo.trim()))}>
          {t("statusPage.post")}
        </button>
        {done ? (
          <p role="status" data-testid="status-posted">
            {done}
          </p>
        ) : null}
      </form>
    </Section>
  );
}

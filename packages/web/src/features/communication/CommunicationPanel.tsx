/**
 * The incident room's communication panel: the deadline clocks (amber and red), the call tree (who
 * is reached, who acknowledged, who was escalated), and a message composed from a template,
 * previewed in Korean and English, then sent through the outbox. It re-reads when the room's
 * incident changes (the live stream) and every 15 s (clocks move with time).
 */
import { useEffect, useState, type FormEvent } from "react";
import { useI18n, type MessageKey } from "../../app/i18n";
import { useSession } from "../../app/session";
import { Badge, ErrorBox, Notice, SelectField, TextField } from "../../ui/ui";
import { MoreItems } from "../../ui/MoreList";
import { communicationApi, type CallState, type ClockState, type Communication, type MessageRequest, type RenderedMessage } from "./communication-api";
import "./communication.css";

const CLOCK_TONE: Record<ClockState, "neutral" | "info" | "warn" | "bad" | "good"> = { waiting: "neutral", running: "info", amber: "warn", red: "bad", done: "good" };
const CALL_TONE: Record<CallState, "neutral" | "info" | "warn" | "bad" | "good"> = { sending: "neutral", reached: "info", "not-reached": "bad", acknowledged: "good", escalated: "warn", unreachable: "bad" };

export function CommunicationPanel({ org, n, version, open }: { org: string; n: number; version: unknown; open: boolean }) {
  const { t, lang, date, duration } = useI18n();
  const role = useSession().role(org);
  const writable = open && (role === "admin" || role === "editor" || role === "responder");
  const [data, setData] = useState<Communication | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = () => communicationApi.get(org, n).then((d) => (setData(d), setError(null)), setError);
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), 15_000);
    return () => clearInterval(timer);
  }, [org, n, version]);
  if (error) return <ErrorBox error={error} />;
  if (!data) return null;
  const act = (p: Promise<unknown>) => p.then(load, setError);
  const acked = data.callTree.filter((c) => c.state === "acknowledged").length;

  return (
    <>
      <section className="card room-section" data-testid="deadline-clocks">
        <h2>{t("comms.clocks")}</h2>
        <ul className="deadline-clocks">
          {data.clocks.map((c) => (
            <li key={c.id} className={`deadline deadline-${c.state}`} data-clock={c.id} data-state={c.state}>
              <div className="deadline-head">
                <strong>{c.name[lang]}</strong> <Badge kind={CLOCK_TONE[c.state]}>{t(`comms.clock.${c.state}` as MessageKey)}</Badge>
              </div>
              <div className="small">
                {c.dueAt ? t("comms.due", { at: date(c.dueAt) }) : null}
                {c.minutesLeft !== null && c.state !== "done" ? ` · ${c.minutesLeft >= 0 ? t("comms.left", { time: duration(c.minutesLeft) }) : t("comms.overdue", { time: duration(-c.minutesLeft) })}` : ""}
                {c.basis ? <span className="muted"> · {c.basis}</span> : null}
              </div>
              {writable && c.state !== "done" && c.state !== "waiting" ? (
                <button type="button" className="btn btn-quiet btn-small" onClick={() => act(communicationApi.clockDone(org, n, c.id))}>
                  {t("comms.markDone")}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      </section>

      <section className="card room-section" data-testid="call-tree">
        <h2>
          {t("comms.callTree")} {data.callTree.length ? <span className="small muted">({t("comms.counts", { ack: acked, total: data.callTree.length })})</span> : null}
        </h2>
        {data.callTree.length ? (
          <ul className="call-tree">
            <MoreItems
              items={data.callTree}
              limit={30}
              render={(c) => (
                <li key={c.id} data-person={c.person} data-state={c.state}>
                  <div className="deadline-head">
                    <strong>{c.name}</strong> <Badge kind={CALL_TONE[c.state]}>{t(`comms.call.${c.state}` as MessageKey)}</Badge>
                  </div>
                  <div className="small muted">
                    {c.stakeholder}
                    {c.alternateFor ? ` · ${t("comms.alternateFor", { person: c.alternateFor })}` : ""}
                    {c.deliveries.length ? ` · ${c.deliveries.map((d) => `${d.channel} ${d.state === "sent" ? "✓" : d.state === "failed" ? "✗" : "…"}`).join(", ")}` : ""}
                    {c.acknowledgedAt ? ` · ${date(c.acknowledgedAt)} ${t("comms.via", { via: c.acknowledgedVia ?? "" })}` : ""}
                  </div>
                  {writable && !c.acknowledgedAt ? (
                    <button type="button" className="btn btn-quiet btn-small" onClick={() => act(communicationApi.acknowledge(org, n, c.id))}>
                      {t("comms.reachedByPhone")}
                    </button>
                  ) : null}
                </li>
              )}
            />
          </ul>
        ) : (
          <p className="muted">{t("comms.noCallTree")}</p>
        )}
        {role === "admin" || role === "editor" || role === "responder" ? (
          <p className="small">
            <a href={communicationApi.sheetUrl(org, n)} target="_blank" rel="noreferrer">
              {t("comms.sheet")}
            </a>
          </p>
        ) : null}
      </section>

      {writable && data.templates.length ? <MessageComposer org={org} n={n} data={data} /> : null}
    </>
  );
}

function MessageComposer({ org, n, data }: { org: string; n: number; data: Communication }) {
  const { t, lang } = useI18n();
  const [request, setRequest] = useState<MessageRequest>({ template: data.templates[0].id, sendId: newSendId() });
  const [preview, setPreview] = useState<{ ko: RenderedMessage; en: RenderedMessage; recipients: number } | null>(null);
  const [queued, setQueued] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const change = (patch: Partial<MessageRequest>) => {
    setRequest((r) => ({ ...r, ...patch }));
    setPreview(null);
  };
  const onPreview = (e: FormEvent) => {
    e.preventDefault();
    setQueued(null);
    communicationApi.preview(org, n, request).then((p) => (setPreview(p), setError(null)), setError);
  };
  const onSend = () =>
    communicationApi.send(org, n, request).then((r) => {
      setQueued(r.queued);
      setPreview(null);
      setRequest((q) => ({ ...q, sendId: newSendId() })); // the next send is a new message
    }, setError);
  const shown = preview?.[lang];
  return (
    <section className="card room-section" data-testid="message-composer">
      <h2>{t("comms.message")}</h2>
      {data.exercise ? <Notice kind="warning">{t("comms.exerciseNote")}</Notice> : null}
      <form className="stack" onSubmit={onPreview}>
        <SelectField label={t("comms.template")} value={request.template} onChange={(e) => change({ template: e.target.value })}>
          {data.templates.map((tpl) => (
            <option key={tpl.id} value={tpl.id}>
              {tpl.name}
            </option>
          ))}
        </SelectField>
        <TextField label={t("comms.cause")} value={request.cause ?? ""} onChange={(e) => change({ cause: e.target.value || undefined })} />
        <TextField label={t("comms.contact")} value={request.contact ?? ""} onChange={(e) => change({ contact: e.target.value || undefined })} />
        <button type="submit" className="btn">
          {t("comms.preview")}
        </button>
      </form>
      {error ? <ErrorBox error={error} /> : null}
      {shown ? (
        <div className="message-preview" data-testid="message-preview">
          <p>
            <strong>{shown.subject}</strong>
          </p>
          <pre className="message-body">{shown.body}</pre>
          {shown.missing.length ? <Notice kind="warning">{t("comms.missing", { list: shown.missing.join(", ") })}</Notice> : null}
          <button type="button" className="btn btn-primary" onClick={() => void onSend()}>
            {t("comms.send")} ({t("comms.recipients", { n: preview!.recipients })})
          </button>
        </div>
      ) : null}
      {queued !== null ? <Notice kind="success">{t("comms.queued", { n: queued })}</Notice> : null}
      <p className="small">
        <a href={communicationApi.capUrl(org, n, request.template)} target="_blank" rel="noreferrer">
          {t("comms.cap")}
        </a>
      </p>
    </section>
  );
}

function newSendId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, "0")).join("");
}

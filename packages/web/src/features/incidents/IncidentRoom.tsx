/**
 * The incident room: everyone in it sees the same incident, live (server-sent events). The
 * commander and scribe assign roles, record decisions, tick tasks and stand down; everyone reads
 * the business clock of every affected service. Phone first: one column, the clock on top.
 */
import { useEffect, useState, type FormEvent, type ReactNode } from "react";
import { Badge, ErrorBox, Loading } from "../../ui/ui";
import { Link } from "../../app/router";
import { useSession } from "../../app/session";
import { incidentsApi, ROLES, type Incident, type IncidentRole } from "./incidents-api";
import { useI18n, type MessageKey } from "../../app/i18n";
import { ServiceClock } from "./ServiceClock";
import { CommunicationPanel } from "../communication";
import "./incidents.css";

function useLiveIncident(org: string, n: number) {
  const [incident, setIncident] = useState<Incident | null>(null);
  const [connected, setConnected] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    incidentsApi.get(org, n).then(setIncident, setError);
    const source = new EventSource(incidentsApi.liveUrl(org, n));
    source.addEventListener("incident", (e) => {
      setIncident(JSON.parse((e as MessageEvent<string>).data) as Incident);
      setConnected(true);
    });
    source.onerror = () => setConnected(false);
    return () => source.close();
  }, [org, n]);
  return { incident, setIncident, connected, error };
}

export function IncidentRoom({ org, n }: { org: string; n: number }) {
  const { t: it, date, moneyShort } = useI18n();
  const session = useSession();
  const role = session.role(org);
  const canWrite = role === "admin" || role === "editor" || role === "responder";
  const { incident, setIncident, connected, error } = useLiveIncident(org, n);
  const [actionError, setActionError] = useState<unknown>(null);
  const act = (p: Promise<Incident | unknown>) =>
    p.then((r) => {
      setActionError(null);
      if (r && typeof r === "object" && "number" in r) setIncident(r as Incident);
    }, setActionError);

  if (error) return <ErrorBox error={error} />;
  if (!incident) return <Loading />;
  const open = incident.status === "open";
  const writable = canWrite && open;
  const myId = String(session.me?.user.id ?? "");
  const mine = incident.roles.filter((r) => r.user?.id === myId && !r.acknowledgedAt);

  return (
    <div className="incident-room" data-testid="incident-room">
      <Link to={`/o/${encodeURIComponent(org)}/incidents`} className="back-link">
        ← {it("incidents.back")}
      </Link>
      <header className="room-head">
        <h1>
          #{incident.number} {incident.title}
        </h1>
        <div className="incident-badges">
          <Badge kind={incident.severity === "sev1" ? "bad" : "warn"}>{incident.severity.toUpperCase()}</Badge>
          <Badge kind={open ? "bad" : "neutral"}>{open ? it("incidents.open") : it("incidents.stoodDown")}</Badge>
          {incident.exercise ? <Badge kind="info">{it("incidents.exerciseBadge")}</Badge> : null}
          <span className={`live-dot ${connected ? "on" : ""}`} data-testid="live-state">
            {connected ? it("incidents.live") : it("incidents.reconnecting")}
          </span>
        </div>
        <p className="muted small">
          {incident.declaredBy.rule ? it("incidents.byRule", { rule: incident.declaredBy.rule }) : it("incidents.byPerson", { name: incident.declaredBy.name })} · {date(incident.openedAt)}
          {incident.root ? ` · ${it("incidents.root", { root: incident.root })}` : ""} · {it("incidents.alerts", { open: incident.signals.open, total: incident.signals.total })}
        </p>
        <p className="small">{it("incidents.loss", { now: moneyShort(incident.lossSoFar), projected: moneyShort(incident.lossProjected) })}</p>
      </header>
      {actionError ? <ErrorBox error={actionError} /> : null}
      {mine.length && open ? (
        <button type="button" className="btn btn-primary btn-block" onClick={() => act(incidentsApi.acknowledge(org, n))}>
          {it("incidents.acknowledge")} ({mine.map((r) => it(`incidents.role.${r.role}` as MessageKey)).join(", ")})
        </button>
      ) : null}

      <RoomSection title={it("incidents.services")}>
        {incident.affectedServices.length ? (
          <ul className="service-clocks" data-testid="services">
            {incident.affectedServices.map((s) => (
              <ServiceClock key={s.id} service={s} />
            ))}
          </ul>
        ) : (
          <p className="muted">{it("incidents.noServices")}</p>
        )}
      </RoomSection>

      <CommunicationPanel org={org} n={n} version={incident} open={open} />

      <RoomSection title={it("incidents.roles")}>
        <Roles org={org} incident={incident} writable={writable} act={act} />
      </RoomSection>

      <RoomSection title={it("incidents.tasks")}>
        {incident.plansActivated.length ? (
          <p className="small muted">
            {it("incidents.plans")}: {incident.plansActivated.map((p) => `${p.name ?? p.id} (${it("incidents.activatesAt", { at: date(p.activatedAt) })})`).join(", ")}
          </p>
        ) : null}
        {incident.tasks.length ? (
          <ul className="tasks" data-testid="tasks">
            {incident.tasks.map((t) => (
              <li key={t.id} className={t.doneAt ? "done" : ""}>
                <label className="check">
                  <input type="checkbox" checked={t.doneAt !== null} disabled={!writable} onChange={(e) => act(incidentsApi.tick(org, n, t.id, e.target.checked))} />
                  <span>
                    <strong>{t.name}</strong> <span className="muted small">({t.plan})</span>
                    <br />
                    <span className="small">
                      {t.owner ?? ""}
                      {t.dueAt ? ` · ${it("incidents.due", { at: date(t.dueAt) })}` : ""}
                      {t.waitingFor.length ? ` · ${it("incidents.waitsFor", { list: t.waitingFor.join(", ") })}` : ""}
                      {t.doneBy ? ` · ${it("incidents.doneBy", { name: t.doneBy })}` : ""}
                    </span>
                  </span>
                </label>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{it("incidents.noTasks")}</p>
        )}
      </RoomSection>

      <RoomSection title={it("incidents.decisions")}>
        {incident.decisions.length ? (
          <ol className="decisions" data-testid="decisions">
            {incident.decisions.map((d) => (
              <li key={d.id}>
                <strong>{d.decision}</strong>
                <div className="small muted">
                  {d.decidedBy} · {date(d.at)}
                </div>
                {d.options.length ? <div className="small">{d.options.join(" / ")}</div> : null}
                {d.rationale ? <div className="small">{d.rationale}</div> : null}
              </li>
            ))}
          </ol>
        ) : (
          <p className="muted">{it("incidents.noDecisions")}</p>
        )}
        {writable ? <DecisionForm onSubmit={(body) => act(incidentsApi.decide(org, n, body))} /> : null}
      </RoomSection>

      <RoomSection title={it("incidents.timeline")}>
        <ol className="timeline" data-testid="timeline">
          {incident.timeline.map((e) => (
            <li key={e.id}>
              <time className="small muted">{date(e.at)}</time> <span>{e.text}</span> <span className="small muted">— {e.actor}</span>
            </li>
          ))}
        </ol>
        {canWrite ? <OneLineForm label={it("incidents.note")} button={it("incidents.addNote")} onSubmit={(text) => act(incidentsApi.note(org, n, text))} /> : null}
      </RoomSection>

      <RoomSection title={it("incidents.signals")}>
        <ul className="small signals">
          {incident.signalList.items.map((s) => (
            <li key={s.id}>
              {s.endedAt ? "✓" : "●"} [{s.source}] {s.summary || s.components.join(", ")} <span className="muted">({s.components.join(", ") || "—"})</span>
            </li>
          ))}
        </ul>
        {incident.signalList.more ? <p className="small muted">{it("incidents.moreSignals", { n: incident.signalList.more })}</p> : null}
      </RoomSection>

      {writable ? (
        <RoomSection title={it("incidents.standDown")}>
          <OneLineForm label={it("incidents.standDownReason")} button={it("incidents.standDown")} danger onSubmit={(reason) => act(incidentsApi.standDown(org, n, reason))} />
        </RoomSection>
      ) : null}
      {!open && canWrite && !incident.review ? (
        <RoomSection title={it("incidents.review")}>
          <ReviewForm onSubmit={(summary, ncs) => act(incidentsApi.review(org, n, summary, ncs))} />
        </RoomSection>
      ) : null}
      {incident.review ? (
        <RoomSection title={it("incidents.review")}>
          <p>{incident.review.summary}</p>
          <ul>
            {incident.nonconformities.map((nc) => (
              <li key={nc.id}>{nc.title}</li>
            ))}
          </ul>
        </RoomSection>
      ) : null}
    </div>
  );
}

function RoomSection({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="card room-section">
      <h2>{title}</h2>
      {children}
    </section>
  );
}

function Roles({ org, incident, writable, act }: { org: string; incident: Incident; writable: boolean; act: (p: Promise<unknown>) => void }) {
  const { t: it } = useI18n();
  const [people, setPeople] = useState<Array<{ id: string; name: string }>>([]);
  useEffect(() => {
    if (writable) incidentsApi.responders(org).then((r) => setPeople(r.items), () => setPeople([]));
  }, [org, writable]);
  return (
    <ul className="roles" data-testid="roles">
      {ROLES.map((role) => {
        const a = incident.roles.find((r) => r.role === role);
        return (
          <li key={role} data-role={role}>
            <span className="role-name">{it(`incidents.role.${role}` as MessageKey)}</span>
            <span>
              {a?.user ? a.user.name : <span className="muted">{it("incidents.unassigned")}</span>}{" "}
              {a?.user ? <Badge kind={a.acknowledgedAt ? "good" : "warn"}>{a.acknowledgedAt ? it("incidents.acknowledged") : it("incidents.notAcknowledged")}</Badge> : null}
            </span>
            {writable ? (
              <select
                aria-label={`${it("incidents.assign")} ${it(`incidents.role.${role}` as MessageKey)}`}
                value=""
                onChange={(e) => e.target.value && act(incidentsApi.assign(org, incident.number, role as IncidentRole, e.target.value))}
              >
                <option value="">{it("incidents.assign")}…</option>
                {people.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

function DecisionForm({ onSubmit }: { onSubmit: (body: { decision: string; options: string[]; rationale: string }) => void }) {
  const { t: it } = useI18n();
  const [decision, setDecision] = useState("");
  const [options, setOptions] = useState("");
  const [rationale, setRationale] = useState("");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit({ decision, options: options.split("\n").map((s) => s.trim()).filter(Boolean), rationale });
    setDecision("");
    setOptions("");
    setRationale("");
  };
  return (
    <form className="stack" onSubmit={submit}>
      <label>
        {it("incidents.decision")}
        <input value={decision} onChange={(e) => setDecision(e.target.value)} required maxLength={2000} />
      </label>
      <label>
        {it("incidents.options")}
        <textarea value={options} onChange={(e) => setOptions(e.target.value)} rows={2} />
      </label>
      <label>
        {it("incidents.rationale")}
        <textarea value={rationale} onChange={(e) => setRationale(e.target.value)} rows={2} maxLength={4000} />
      </label>
      <button type="submit" className="btn btn-primary" disabled={!decision.trim()}>
        {it("incidents.record")}
      </button>
    </form>
  );
}

function OneLineForm({ label, button, onSubmit, danger }: { label: string; button: string; onSubmit: (text: string) => void; danger?: boolean }) {
  const [text, setText] = useState("");
  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(text);
        setText("");
      }}
    >
      <label>
        {label}
        <input value={text} onChange={(e) => setText(e.target.value)} required maxLength={2000} />
      </label>
      <button type="submit" className={`btn ${danger ? "btn-danger" : ""}`} disabled={!text.trim()}>
        {button}
      </button>
    </form>
  );
}

function ReviewForm({ onSubmit }: { onSubmit: (summary: string, nonconformities: string[]) => void }) {
  const { t: it } = useI18n();
  const [summary, setSummary] = useState("");
  const [ncs, setNcs] = useState("");
  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(summary, ncs.split("\n").map((s) => s.trim()).filter(Boolean));
      }}
    >
      <label>
        {it("incidents.reviewSummary")}
        <textarea value={summary} onChange={(e) => setSummary(e.target.value)} required rows={3} />
      </label>
      <label>
        {it("incidents.nonconformities")}
        <textarea value={ncs} onChange={(e) => setNcs(e.target.value)} rows={3} />
      </label>
      <button type="submit" className="btn btn-primary" disabled={!summary.trim()}>
        {it("incidents.saveReview")}
      </button>
    </form>
  );
}

/** `/incidents` and `/incidents/:n` under an organization. */
export function IncidentRoutes({ org, rest, list }: { org: string; rest: string; list: ReactNode }) {
  const m = /^\/incidents\/(\d+)$/.exec(rest);
  return m ? <IncidentRoom org={org} n={Number(m[1])} /> : <>{list}</>;
}

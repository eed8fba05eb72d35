/** The incident list: open incidents first, each with its most urgent breach; declare one by hand. */
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { ErrorBox, Loading, PageHeader, Badge } from "../../ui/ui";
import { Link, navigate } from "../../app/router";
import { useSession } from "../../app/session";
import { incidentsApi, SEVERITIES, type IncidentSummary } from "./incidents-api";
import { useI18n } from "../../app/i18n";
import { BreachLine } from "./ServiceClock";
import "./incidents.css";

export function IncidentsPage({ org }: { org: string }) {
  const { t: it } = useI18n();
  const session = useSession();
  const role = session.role(org);
  const canWrite = role === "admin" || role === "editor" || role === "responder";
  const [items, setItems] = useState<IncidentSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => {
    incidentsApi.list(org).then((r) => setItems(r.items), setError);
  }, [org]);
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    load();
    // live: the server says when an incident changed; the list re-reads. Clocks move with time, so once a minute too.
    const source = new EventSource(incidentsApi.listLiveUrl(org));
    source.onopen = () => setConnected(true);
    source.addEventListener("changed", load);
    source.onerror = () => setConnected(false);
    const timer = setInterval(load, 60_000);
    return () => {
      source.close();
      clearInterval(timer);
    };
  }, [load, org]);

  return (
    <div className="incidents">
      <PageHeader title={it("incidents.title")} subtitle={it("incidents.subtitle")} />
      <p className="incidents-live">
        <span className={`live-dot ${connected ? "on" : ""}`} data-testid="list-live-state">
          {connected ? it("incidents.live") : it("incidents.reconnecting")}
        </span>
      </p>
      {error ? <ErrorBox error={error} /> : null}
      {canWrite ? <DeclareForm org={org} /> : null}
      {items === null ? (
        <Loading />
      ) : items.length === 0 ? (
        <p className="card">{it("incidents.none")}</p>
      ) : (
        <ul className="incident-list" data-testid="incident-list">
          {items.map((i) => {
            const urgent = i.affectedServices.find((s) => s.rtoBreachAt) ?? i.affectedServices[0];
            return (
              <li key={i.number} className={`card incident-card ${i.status}`}>
                <Link to={`/o/${encodeURIComponent(org)}/incidents/${i.number}`} className="incident-link">
                  <span className="incident-number">#{i.number}</span> {i.title}
                </Link>
                <div className="incident-badges">
                  <Badge kind={i.severity === "sev1" ? "bad" : "warn"}>{i.severity.toUpperCase()}</Badge>
                  <Badge kind={i.status === "open" ? "bad" : "neutral"}>{i.status === "open" ? it("incidents.open") : it("incidents.stoodDown")}</Badge>
                  {i.exercise ? <Badge kind="info">{it("incidents.exerciseBadge")}</Badge> : null}
                </div>
                {urgent ? <BreachLine service={urgent} /> : null}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

function DeclareForm({ org }: { org: string }) {
  const { t: it } = useI18n();
  const [title, setTitle] = useState("");
  const [severity, setSeverity] = useState("sev2");
  const [exercise, setExercise] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    incidentsApi
      .declare(org, { title, severity, exercise })
      .then((i) => navigate(`/o/${encodeURIComponent(org)}/incidents/${i.number}`), setError)
      .finally(() => setBusy(false));
  };
  return (
    <details className="card declare">
      <summary>{it("incidents.declare")}</summary>
      <form onSubmit={submit} className="stack">
        {error ? <ErrorBox error={error} /> : null}
        <label>
          {it("incidents.titleField")}
          <input value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={200} />
        </label>
        <label>
          {it("incidents.severity")}
          <select value={severity} onChange={(e) => setSeverity(e.target.value)}>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s.toUpperCase()}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={exercise} onChange={(e) => setExercise(e.target.checked)} /> {it("incidents.exercise")}
        </label>
        <button type="submit" className="btn btn-primary" disabled={busy || !title.trim()}>
          {it("incidents.declare")}
        </button>
      </form>
    </details>
  );
}

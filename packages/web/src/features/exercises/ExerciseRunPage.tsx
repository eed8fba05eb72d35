/**
 * The controller's console and the participants' page (phone first): the exercise clock, injects
 * delivered by it (or early), milestones, each step's actual start and end, services back,
 * decisions, and the finish. Everything recorded here is marked as an exercise.
 */
import { useState, type FormEvent } from "react";
import { Badge, ErrorBox, Loading, Section } from "../../ui/ui";
import { Link, navigate } from "../../app/router";
import { useSession } from "../../app/session";
import { useI18n } from "../../app/i18n";
import { useTitle } from "../../app/title";
import { MoreItems } from "../../ui/MoreList";
import { canRunDrills, exercisesApi, type ExerciseRun } from "./exercises-api";
import { injectText, tPlus, typeText } from "./drill-words";
import { useRun } from "./use-run";
import { DecisionList } from "./DecisionList";
import "./exercises.css";

export function ExerciseRunPage({ org, n }: { org: string; n: number }) {
  const i18n = useI18n();
  const { t } = i18n;
  const session = useSession();
  const role = session.role(org);
  const canRun = canRunDrills(role);
  const { run, minute, error, act } = useRun(org, n);
  useTitle(t("exercises.runTitle", { n, name: run?.name ?? run?.exerciseId ?? "" }));
  const base = `/o/${encodeURIComponent(org)}/exercise-runs`;
  if (!run) return error ? <ErrorBox error={error} /> : <Loading />;
  const open = run.status === "running" && canRun;
  const finish = () => {
    if (!window.confirm(t("exercises.finishConfirm"))) return;
    void exercisesApi.finish(org, n).then(() => navigate(`${base}/${n}/report`), () => undefined);
  };

  return (
    <div className="exercise-run">
      <div className="run-head">
        <Link to={base} className="back-link">← {t("exercises.back")}</Link>
        <h1>{t("exercises.runTitle", { n: run.number, name: run.name ?? run.exerciseId })}</h1>
        <p className="drill-row">
          <Badge kind="info">{t("exercises.badge")}</Badge>
          <Badge kind="neutral">{typeText(t, run.type)}</Badge>
          <Badge kind={run.status === "running" ? "warn" : "neutral"}>{run.status === "running" ? t("exercises.running") : t("exercises.finished")}</Badge>
          <span className="small muted">{t("exercises.runLine", { revision: run.revision, speed: run.speed, at: i18n.date(run.startedAt) })}</span>
        </p>
        <p aria-live="off">
          <span className="muted small">{t("exercises.clock")} </span>
          <span className="drill-clock" data-testid="clock">{t("exercises.clockLine", { t: i18n.duration(Math.floor(minute)), speed: run.speed })}</span>
        </p>
        {error ? <ErrorBox error={error} /> : null}
        {run.status === "finished" ? <Link className="btn btn-primary" to={`${base}/${n}/report`}>{t("exercises.report")}</Link> : null}
      </div>

      <Section title={t("exercises.injects")}>
        <ul className="inject-list" data-testid="injects">
          <MoreItems
            items={run.injects}
            limit={30}
            render={(i) => (
              <li key={i.seq} className={i.deliveredAt === null ? "pending" : "delivered"} data-inject={i.seq}>
                <strong>{injectText(t, i.kind, i.ref)}</strong>
                <span className="small">
                  {t("exercises.injectAt", { t: i18n.duration(i.at) })} ·{" "}
                  {i.deliveredAt === null ? t("exercises.pending") : t("exercises.deliveredBy", { t: i18n.duration(i.deliveredAt), by: i.deliveredBy === "clock" ? t("exercises.byClock") : (i.deliveredBy ?? "") })}
                </span>
                {open && i.deliveredAt === null ? (
                  <button type="button" className="btn" onClick={() => void act(exercisesApi.deliver(org, n, i.seq))}>
                    {t("exercises.deliverNow")} <span className="visually-hidden">{injectText(t, i.kind, i.ref)}</span>
                  </button>
                ) : null}
              </li>
            )}
          />
        </ul>
      </Section>

      <Section title={t("exercises.milestones")}>
        <ul className="drill-services">
          {(["notified", "activated"] as const).map((m) => {
            const at = m === "notified" ? run.actuals.notifiedAt : run.actuals.activatedAt;
            const predicted = m === "activated" ? run.measures.activate.predicted : null;
            return (
              <li key={m}>
                <strong>{t(m === "notified" ? "exercises.notified" : "exercises.activated")}</strong>
                <span className="small">
                  {at === null ? t("exercises.pending") : t("exercises.recordedAt", { t: i18n.duration(at) })}
                  {m === "activated" ? ` · ${predicted === null ? t("exercises.predictedNever") : t("exercises.predictedAt", { t: i18n.duration(predicted) })}` : ""}
                </span>
                {open ? (
                  <button type="button" className="btn" onClick={() => void act(exercisesApi.milestone(org, n, m))}>
                    {t("exercises.recordNow")} <span className="visually-hidden">{t(m === "notified" ? "exercises.notified" : "exercises.activated")}</span>
                  </button>
                ) : null}
              </li>
            );
          })}
        </ul>
      </Section>

      <Section title={t("exercises.steps")}>
        <StepList org={org} run={run} open={open} act={act} />
      </Section>

      <Section title={t("exercises.services")}>
        <ul className="drill-services" data-testid="services">
          {run.baseline.services.map((s) => {
            const back = run.actuals.recovered[s.id];
            return (
              <li key={s.id} data-service={s.id}>
                <strong>{s.name ?? s.id}</strong>
                <span className="small">
                  {t("exercises.rto", { rto: i18n.duration(s.rto) })} · {s.predictedRecoveredAt === null ? t("exercises.predictedNever") : t("exercises.predictedAt", { t: i18n.duration(s.predictedRecoveredAt) })}
                  {back !== undefined ? ` · ${t("exercises.serviceBack")} ${tPlus(i18n, back)}` : ""}
                </span>
                {open && back === undefined ? (
                  <button type="button" className="btn" onClick={() => void act(exercisesApi.milestone(org, n, "recovered", s.id))}>
                    {t("exercises.serviceBack")} <span className="visually-hidden">{s.name ?? s.id}</span>
                  </button>
                ) : null}
              </li>
            );
          })}
        </ul>
      </Section>

      <Section title={t("exercises.decisions")}>
        <DecisionList run={run} />
        {open ? <DecisionForm org={org} n={n} act={act} /> : null}
      </Section>

      {open ? (
        <div className="run-head">
          <button type="button" className="btn btn-primary" onClick={finish}>
            {t("exercises.finish")}
          </button>
        </div>
      ) : null}
    </div>
  );
}

function StepList({ org, run, open, act }: { org: string; run: ExerciseRun; open: boolean; act: (p: Promise<ExerciseRun>) => Promise<void> }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <ul className="drill-steps" data-testid="steps">
      {run.baseline.steps.map((s) => {
        const key = `${s.plan}/${s.id}`;
        const a = run.actuals.steps[key] ?? { start: null, end: null };
        const name = s.name ?? s.id;
        return (
          <li key={key} data-step={key}>
            <strong>{name}</strong>
            <span className="small muted">
              {s.plan} · {s.owner ? t("exercises.owner", { owner: s.owner }) : null} · {i18n.duration(s.duration)}
            </span>
            <span className="small">
              {t("exercises.stepStart")} {a.start === null ? t("exercises.pending") : tPlus(i18n, a.start)} ({s.predictedStart === null ? t("exercises.predictedNever") : t("exercises.predictedAt", { t: i18n.duration(s.predictedStart) })}) ·{" "}
              {t("exercises.stepEnd")} {a.end === null ? t("exercises.pending") : tPlus(i18n, a.end)} ({s.predictedEnd === null ? t("exercises.predictedNever") : t("exercises.predictedAt", { t: i18n.duration(s.predictedEnd) })})
            </span>
            {s.waitingFor.length ? <span className="small muted">{t("exercises.waitsFor", { list: s.waitingFor.join(", ") })}</span> : null}
            {open ? (
              <span className="drill-row">
                {a.start === null ? (
                  <button type="button" className="btn" onClick={() => void act(exercisesApi.step(org, run.number, s.plan, s.id, "start"))}>
                    {t("exercises.stepStart")} <span className="visually-hidden">{name}</span>
                  </button>
                ) : null}
                {a.start !== null && a.end === null ? (
                  <button type="button" className="btn" onClick={() => void act(exercisesApi.step(org, run.number, s.plan, s.id, "end"))}>
                    {t("exercises.stepEnd")} <span className="visually-hidden">{name}</span>
                  </button>
                ) : null}
              </span>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

function DecisionForm({ org, n, act }: { org: string; n: number; act: (p: Promise<ExerciseRun>) => Promise<void> }) {
  const { t } = useI18n();
  const [who, setWho] = useState("");
  const [decision, setDecision] = useState("");
  const [options, setOptions] = useState("");
  const [rationale, setRationale] = useState("");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const list = options.split("\n").map((o) => o.trim()).filter(Boolean);
    void act(exercisesApi.decide(org, n, { who, decision, options: list, rationale })).then(() => {
      setDecision("");
      setOptions("");
      setRationale("");
    });
  };
  return (
    <details className="declare">
      <summary>{t("exercises.decision")}</summary>
      <form className="stack" onSubmit={submit}>
        <label>
          {t("exercises.decisionWho")}
          <input value={who} onChange={(e) => setWho(e.target.value)} required maxLength={200} />
        </label>
        <label>
          {t("exercises.decisionText")}
          <input value={decision} onChange={(e) => setDecision(e.target.value)} required maxLength={1000} />
        </label>
        <label>
          {t("exercises.decisionOptions")}
          <textarea value={options} onChange={(e) => setOptions(e.target.value)} rows={3} />
        </label>
        <label>
          {t("exercises.decisionRationale")}
          <textarea value={rationale} onChange={(e) => setRationale(e.target.value)} rows={3} maxLength={4000} />
        </label>
        <button type="submit" className="btn btn-primary" disabled={!who.trim() || !decision.trim()}>
          {t("exercises.decision")}
        </button>
      </form>
    </details>
  );
}

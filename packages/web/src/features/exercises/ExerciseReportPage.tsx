/**
 * The post-exercise report: measures against the prediction and the RTO, steps, decisions and
 * findings linked to steps, the PDF in Korean and English, and the measured durations proposed
 * back into the model as a revision that names this run.
 */
import { useState, type FormEvent } from "react";
import { Badge, ErrorBox, Loading, Notice, Section } from "../../ui/ui";
import { Link } from "../../app/router";
import { useSession } from "../../app/session";
import { canEdit } from "../../app/api";
import { useI18n } from "../../app/i18n";
import { useTitle } from "../../app/title";
import { ScrollArea } from "../../ui/ScrollArea";
import { MoreItems, MoreRows } from "../../ui/MoreList";
import { canRunDrills, exercisesApi, type ExerciseRun, type Measure } from "./exercises-api";
import { nameIn, tPlus, typeText } from "./drill-words";
import { useRun } from "./use-run";
import { DecisionList } from "./DecisionList";
import "./exercises.css";

export function ExerciseReportPage({ org, n }: { org: string; n: number }) {
  const i18n = useI18n();
  const { t } = i18n;
  useTitle(t("exercises.reportTitle", { n }));
  const session = useSession();
  const role = session.role(org);
  const canRecord = canRunDrills(role);
  const { run, error, act } = useRun(org, n);
  const base = `/o/${encodeURIComponent(org)}/exercise-runs`;
  if (!run) return error ? <ErrorBox error={error} /> : <Loading />;
  const m = run.measures;
  const d = (x: number | null) => (x === null ? "—" : i18n.duration(x));
  const row = (label: string, x: Measure, extra?: string) => (
    <tr key={label}>
      <th scope="row">{label}</th>
      <td>{x.measured === null ? t("exercises.notRecovered") : d(x.measured)}</td>
      <td>{x.predicted === null ? t("exercises.never") : d(x.predicted)}</td>
      <td>{x.delta === null ? "—" : `${x.delta > 0 ? "+" : x.delta < 0 ? "−" : ""}${i18n.duration(Math.abs(x.delta))}`}</td>
      <td>{extra ?? "—"}</td>
    </tr>
  );

  return (
    <div className="exercise-report">
      <Link to={base} className="back-link">← {t("exercises.back")}</Link>
      <h1>{t("exercises.reportTitle", { n })}</h1>
      <p className="drill-row">
        <Badge kind="info">{t("exercises.badge")}</Badge>
        <strong>{run.name ?? run.exerciseId}</strong>
        <Badge kind="neutral">{typeText(t, run.type)}</Badge>
        <Badge kind={run.status === "running" ? "warn" : "neutral"}>{run.status === "running" ? t("exercises.running") : t("exercises.finished")}</Badge>
        <span className="small muted">{t("exercises.runLine", { revision: run.revision, speed: run.speed, at: i18n.date(run.startedAt) })}</span>
      </p>
      <p className="drill-row">
        <a className="btn" href={exercisesApi.pdfUrl(org, n, "ko")} download data-testid="pdf-ko">{t("exercises.pdfKo")}</a>
        <a className="btn" href={exercisesApi.pdfUrl(org, n, "en")} download data-testid="pdf-en">{t("exercises.pdfEn")}</a>
        {run.status === "running" ? <Link className="btn" to={`${base}/${n}`}>{t("exercises.clock")}</Link> : null}
      </p>
      {error ? <ErrorBox error={error} /> : null}

      <Section title={t("exercises.measures")}>
        <ScrollArea label={t("exercises.measures")}>
          <table data-testid="measures">
            <thead>
              <tr>
                <th scope="col">{t("exercises.measure")}</th>
                <th scope="col">{t("exercises.measured")}</th>
                <th scope="col">{t("exercises.predicted")}</th>
                <th scope="col">{t("exercises.delta")}</th>
                <th scope="col">{t("exercises.withinRto")}</th>
              </tr>
            </thead>
            <tbody>
              {row(t("exercises.timeToNotify"), m.notify)}
              {row(t("exercises.timeToActivate"), m.activate)}
              {m.services.map((s) =>
                row(
                  t("exercises.timeToRecover", { service: nameIn(run, s.service) }),
                  s,
                  `${s.withinRto === null ? t("exercises.notRecovered") : s.withinRto ? t("exercises.yes") : t("exercises.no")} (${t("exercises.rto", { rto: d(s.rto) })})`,
                ),
              )}
            </tbody>
          </table>
        </ScrollArea>
      </Section>

      <Section title={t("exercises.steps")}>
        <ScrollArea label={t("exercises.steps")}>
          <table data-testid="step-measures">
            <thead>
              <tr>
                <th scope="col">{t("exercises.steps")}</th>
                <th scope="col">{t("exercises.stepStart")}</th>
                <th scope="col">{t("exercises.stepEnd")}</th>
                <th scope="col">{t("exercises.duration")}</th>
                <th scope="col">{t("exercises.modelDuration")}</th>
              </tr>
            </thead>
            <tbody>
              <MoreRows
                items={m.steps}
                limit={50}
                colSpan={5}
                render={(s) => (
                  <tr key={`${s.plan}/${s.step}`}>
                    <th scope="row">{nameIn(run, `${s.plan}/${s.step}`)}</th>
                    <td>{s.start.measured === null ? "—" : tPlus(i18n, s.start.measured)} <span className="muted small">({tPlus(i18n, s.start.predicted)})</span></td>
                    <td>{s.end.measured === null ? "—" : tPlus(i18n, s.end.measured)} <span className="muted small">({tPlus(i18n, s.end.predicted)})</span></td>
                    <td>{d(s.duration.measured)}</td>
                    <td>{d(s.duration.predicted)}</td>
                  </tr>
                )}
              />
            </tbody>
          </table>
        </ScrollArea>
        {run.status === "finished" && canEdit(role) && m.steps.some((s) => s.duration.measured !== null) ? <Propose org={org} run={run} /> : null}
      </Section>

      <Section title={t("exercises.decisions")}>
        <DecisionList run={run} />
      </Section>

      <Section title={t("exercises.findings")}>
        {run.findings.length === 0 ? <p className="muted">{t("exercises.noFindings")}</p> : null}
        <ul className="drill-findings" data-testid="findings">
          <MoreItems
            items={run.findings}
            limit={20}
            render={(f) => (
              <li key={f.id}>
                {f.text}
                {f.steps.length ? <div className="small muted">{f.steps.map((k) => nameIn(run, k)).join(", ")}</div> : null}
              </li>
            )}
          />
        </ul>
        {canRecord ? <FindingForm org={org} run={run} act={act} /> : null}
      </Section>
    </div>
  );
}

function FindingForm({ org, run, act }: { org: string; run: ExerciseRun; act: (p: Promise<ExerciseRun>) => Promise<void> }) {
  const { t } = useI18n();
  const [text, setText] = useState("");
  const [steps, setSteps] = useState<string[]>([]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void act(exercisesApi.finding(org, run.number, text, steps)).then(() => (setText(""), setSteps([])));
  };
  return (
    <form className="stack" onSubmit={submit}>
      <label>
        {t("exercises.findingText")}
        <textarea value={text} onChange={(e) => setText(e.target.value)} rows={3} required maxLength={4000} />
      </label>
      <fieldset>
        <legend>{t("exercises.findingSteps")}</legend>
        {run.baseline.steps.map((s) => {
          const key = `${s.plan}/${s.id}`;
          return (
            <label key={key} className="check">
              <input type="checkbox" checked={steps.includes(key)} onChange={(e) => setSteps(e.target.checked ? [...steps, key] : steps.filter((x) => x !== key))} /> {s.name ?? s.id}
            </label>
          );
        })}
      </fieldset>
      <button type="submit" className="btn btn-primary" disabled={!text.trim()}>
        {t("exercises.addFinding")}
      </button>
    </form>
  );
}

function Propose({ org, run }: { org: string; run: ExerciseRun }) {
  const { t } = useI18n();
  const [done, setDone] = useState<{ number: number; comment: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const propose = () => {
    setBusy(true);
    exercisesApi
      .propose(org, run.number)
      .then((r) => r.revision && setDone({ number: r.revision.number, comment: r.revision.comment }), setError)
      .finally(() => setBusy(false));
  };
  return (
    <div className="stack">
      <p className="small muted">{t("exercises.proposeHint")}</p>
      {error ? <ErrorBox error={error} /> : null}
      {done ? <Notice kind="success">{t("exercises.proposed", { n: done.number, comment: done.comment })}</Notice> : null}
      <button type="button" className="btn" disabled={busy || done !== null} onClick={propose}>
        {t("exercises.propose")}
      </button>
    </div>
  );
}

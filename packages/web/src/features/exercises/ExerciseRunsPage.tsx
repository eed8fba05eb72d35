/** The exercise programme of the model, each with a start button (and a clock speed), and the runs so far. */
import { useEffect, useState } from "react";
import { Badge, Empty, ErrorBox, Loading, PageHeader, Section } from "../../ui/ui";
import { Link, navigate } from "../../app/router";
import { useSession } from "../../app/session";
import { useI18n } from "../../app/i18n";
import { useTitle } from "../../app/title";
import { useOrgModel } from "../../model/orgdata";
import { MoreItems } from "../../ui/MoreList";
import { canRunDrills, exercisesApi, type PlannedExercise, type RunSummary } from "./exercises-api";
import { typeText } from "./drill-words";
import "./exercises.css";

const SPEEDS = [1, 10, 60];

export function ExerciseRunsPage({ org }: { org: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  useTitle(t("exercises.title"));
  const session = useSession();
  const role = session.role(org);
  const canRun = canRunDrills(role);
  const { model, status } = useOrgModel();
  const [runs, setRuns] = useState<{ items: RunSummary[]; more: number } | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    exercisesApi.runs(org).then(setRuns, setError);
  }, [org]);
  const programme = ((model?.exercises as PlannedExercise[] | undefined) ?? []).filter((e) => e && typeof e.id === "string");
  const base = `/o/${encodeURIComponent(org)}/exercise-runs`;

  return (
    <div className="exercises">
      <PageHeader title={t("exercises.title")} subtitle={t("exercises.subtitle")} />
      {error ? <ErrorBox error={error} /> : null}
      <Section title={t("exercises.programme")}>
        {status === "loading" ? (
          <Loading />
        ) : programme.length === 0 ? (
          <Empty>{t("exercises.noProgramme")}</Empty>
        ) : (
          <ul className="drill-list" data-testid="programme">
            <MoreItems items={programme} limit={20} render={(e) => <PlannedItem key={e.id} org={org} exercise={e} canRun={canRun} />} />
          </ul>
        )}
      </Section>
      <Section title={t("exercises.runs")}>
        {runs === null ? (
          <Loading />
        ) : runs.items.length === 0 ? (
          <Empty>{t("exercises.noRuns")}</Empty>
        ) : (
          <ul className="drill-list" data-testid="runs">
            <MoreItems
              items={runs.items}
              limit={20}
              render={(r) => (
                <li key={r.number}>
                  <Link to={r.status === "finished" ? `${base}/${r.number}/report` : `${base}/${r.number}`}>
                    {t("exercises.runTitle", { n: r.number, name: r.name ?? r.exerciseId })}
                  </Link>
                  <span className="drill-row">
                    <Badge kind="info">{t("exercises.badge")}</Badge>
                    <Badge kind={r.status === "running" ? "warn" : "neutral"}>{r.status === "running" ? t("exercises.running") : t("exercises.finished")}</Badge>
                    <span className="small muted">{t("exercises.runLine", { revision: r.revision, speed: r.speed, at: i18n.date(r.startedAt) })}</span>
                  </span>
                  <span className="small">{t("exercises.servicesLine", { recovered: r.services.recovered, total: r.services.total, within: r.services.withinRto })}</span>
                </li>
              )}
            />
          </ul>
        )}
        {runs && runs.more > 0 ? <p className="muted small">{t("exercises.moreRuns", { n: runs.more })}</p> : null}
      </Section>
    </div>
  );
}

function PlannedItem({ org, exercise, canRun }: { org: string; exercise: PlannedExercise; canRun: boolean }) {
  const { t } = useI18n();
  const [speed, setSpeed] = useState(60);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const scenario = typeof exercise.scenario === "object" && exercise.scenario ? `lose ${exercise.scenario.lose}` : exercise.scenario;
  const start = () => {
    setBusy(true);
    setError(null);
    exercisesApi
      .start(org, exercise.id, speed)
      .then((run) => navigate(`/o/${encodeURIComponent(org)}/exercise-runs/${run.number}`), setError)
      .finally(() => setBusy(false));
  };
  const selectId = `speed-${exercise.id}`;
  return (
    <li data-exercise={exercise.id}>
      <strong>{exercise.name ?? exercise.id}</strong>
      <span className="drill-row">
        <Badge kind="neutral">{typeText(t, exercise.type)}</Badge>
        {scenario ? <span className="small">{t("exercises.scenario", { scenario })}</span> : null}
        {exercise.plans?.length ? <span className="small">{t("exercises.plans", { plans: exercise.plans.join(", ") })}</span> : null}
        {exercise.date ? <span className="small muted">{t("exercises.date", { date: String(exercise.date).slice(0, 10) })}</span> : null}
      </span>
      {error ? <ErrorBox error={error} /> : null}
      {canRun ? (
        <span className="drill-row">
          <label htmlFor={selectId} className="small">{t("exercises.speed")}</label>
          <select id={selectId} value={speed} onChange={(e) => setSpeed(Number(e.target.value))} style={{ width: "auto" }}>
            {SPEEDS.map((s) => (
              <option key={s} value={s}>
                {s === 1 ? t("exercises.speed.1") : t("exercises.speed.n", { n: s })}
              </option>
            ))}
          </select>
          <button type="button" className="btn btn-primary" disabled={busy} onClick={start}>
            {t("exercises.start")}
          </button>
        </span>
      ) : null}
    </li>
  );
}

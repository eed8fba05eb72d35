/**
 * The exercise programme's calendar: in one cycle, which exercises fall when, what each covers,
 * and the gaps — tier-1 services, plans and site losses no exercise covers (the engine's
 * `exercises plan`); and the programme as an iCalendar file to download.
 */
import type { ExerciseCoverageJSON } from "@continuum/engine";
import { useEffect, useMemo, useState, type FormEvent, type ReactNode } from "react";
import { api, orgPath, query } from "../../app/api";
import { useI18n, type MessageKey } from "../../app/i18n";
import { Link } from "../../app/router";
import { useTitle } from "../../app/title";
import { useOrgModel } from "../../model/orgdata";
import { MoreItems, MoreList } from "../../ui/MoreList";
import { ScrollArea } from "../../ui/ScrollArea";
import { Badge, Empty, ErrorBox, Loading, Notice, PageHeader, Section, TextField } from "../../ui/ui";
import "./calendar.css";

type Coverage = ExerciseCoverageJSON & { revision: number | null };
const today = () => new Date().toISOString().slice(0, 10);

export function ExerciseCalendarPage({ org }: { org: string }) {
  const { t } = useI18n();
  const orgModel = useOrgModel();
  useTitle(t("calendar.title"));
  const [form, setForm] = useState({ from: today(), cycle: "12mo" });
  const [asked, setAsked] = useState(form);
  const [data, setData] = useState<Coverage | undefined>();
  const [error, setError] = useState<unknown>();
  const revision = orgModel.revision;
  useEffect(() => {
    setError(undefined);
    api.get<Coverage>(orgPath(org, "exercise-programme") + query(asked)).then(setData, setError);
  }, [org, asked, revision]);
  const names = useMemo(() => new Map((orgModel.model?.components ?? []).map((c) => [c.id, c.name ?? c.id])), [orgModel.model]);
  const base = `/o/${encodeURIComponent(org)}`;
  const component = (id: string) => <Link to={`${base}/components/${encodeURIComponent(id)}`}>{names.get(id) ?? id}</Link>;
  const plan = (id: string) => <Link to={`${base}/plans/${encodeURIComponent(id)}`}>{id}</Link>;
  const show = (e: FormEvent) => {
    e.preventDefault();
    setAsked(form);
  };
  const gaps = data ? data.gaps.services.length + data.gaps.plans.length + data.gaps.sites.length : 0;
  const gapList = (label: MessageKey, ids: string[], render: (id: string) => ReactNode, testid: string) => (
    <div className="calendar-gap">
      <h3>{t(label, { n: ids.length })}</h3>
      {ids.length ? (
        <ul data-testid={testid}>
          <MoreItems items={ids} limit={20} render={(id) => <li key={id}>{render(id)} <span className="muted small mono">{id}</span></li>} />
        </ul>
      ) : (
        <p className="muted">{t("calendar.none")}</p>
      )}
    </div>
  );
  return (
    <>
      <PageHeader
        title={t("calendar.title")}
        subtitle={t("calendar.subtitle")}
        actions={<a className="btn btn-primary" href={orgPath(org, "exercise-programme", "calendar.ics")} download={`${org}-exercises.ics`} data-testid="ics-download">{t("calendar.download")}</a>}
      />
      <form className="row wrap calendar-form" onSubmit={show}>
        <TextField label={t("calendar.from")} type="date" name="from" value={form.from} onChange={(e) => setForm({ ...form, from: e.target.value })} />
        <TextField label={t("calendar.cycle")} name="cycle" value={form.cycle} onChange={(e) => setForm({ ...form, cycle: e.target.value })} hint={t("calendar.cycleHint")} />
        <button type="submit" className="btn">{t("calendar.show")}</button>
      </form>
      <ErrorBox error={error} />
      {!data && !error ? <Loading /> : null}
      {data ? (
        <>
          <p className="muted">{t("calendar.period", { from: data.from, to: data.to })}</p>
          <Section title={t("calendar.gaps")}>
            {gaps ? null : <Notice kind="success">{t("calendar.noGaps")}</Notice>}
            <div className="grid-2">
              {gapList("calendar.gapServices", data.gaps.services, component, "gap-services")}
              {gapList("calendar.gapPlans", data.gaps.plans, plan, "gap-plans")}
              {gapList("calendar.gapSites", data.gaps.sites, component, "gap-sites")}
            </div>
          </Section>
          <Section title={t("calendar.exercises")}>
            {data.exercises.length === 0 ? (
              <Empty>{t("calendar.noExercises")}</Empty>
            ) : (
              <ScrollArea>
                <table className="table" data-testid="exercise-table">
                  <thead>
                    <tr>
                      <th scope="col">{t("calendar.exercise")}</th>
                      <th scope="col">{t("calendar.type")}</th>
                      <th scope="col">{t("calendar.dates")}</th>
                      <th scope="col">{t("calendar.covers")}</th>
                      <th scope="col">{t("calendar.counts")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.exercises.map((ex) => (
                      <tr key={ex.id}>
                        <th scope="row">{ex.name ?? ex.id} <span className="muted small mono">{ex.id}</span></th>
                        <td>{t(`calendar.type.${ex.type}` as MessageKey)}</td>
                        <td>{ex.dates.length ? <MoreList items={ex.dates} limit={6} render={(d) => <time dateTime={d}>{d}</time>} /> : ex.unscheduled ? t("calendar.unscheduled") : <span className="muted">{t("calendar.noDate")}</span>}</td>
                        <td>
                          <MoreList items={[...ex.plans.map((p) => ({ kind: "plan", id: p })), ...ex.services.map((s) => ({ kind: "c", id: s })), ...ex.sites.map((s) => ({ kind: "c", id: s }))]} limit={6} render={(x) => (x.kind === "plan" ? plan(x.id) : component(x.id))} />
                        </td>
                        <td><Badge kind={ex.counts ? "good" : "warn"}>{ex.counts ? t("common.yes") : t("common.no")}</Badge></td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </ScrollArea>
            )}
          </Section>
        </>
      ) : null}
    </>
  );
}

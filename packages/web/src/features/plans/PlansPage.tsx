/**
 * The plans: each plan document with its approval status, the 8.4.4 elements it lacks, and how it
 * fares when each site is lost for good (the engine's plan check, as `continuum plans check`);
 * the tier-1 services no plan covers.
 */
import { useEffect, useMemo, useState } from "react";
import { canEdit } from "../../app/api";
import { useI18n, type MessageKey } from "../../app/i18n";
import { Link } from "../../app/router";
import { useSession } from "../../app/session";
import { useTitle } from "../../app/title";
import { useOrgModel } from "../../model/orgdata";
import { MoreItems, MoreList, MoreRows } from "../../ui/MoreList";
import { ScrollArea } from "../../ui/ScrollArea";
import { Badge, Empty, ErrorBox, Loading, Notice, PageHeader, Section } from "../../ui/ui";
import { PlanStatusBadge } from "./PlanStatusBadge";
import { failingScenarios, plansApi, type PlanList } from "./plans-api";
import { planKindLabel, scenarioLabel } from "./plan-words";
import "./plans.css";

export function PlansPage({ org }: { org: string }) {
  const { t, date } = useI18n();
  const session = useSession();
  const orgModel = useOrgModel();
  const [data, setData] = useState<PlanList | undefined>();
  const [error, setError] = useState<unknown>();
  useTitle(t("plans.title"));
  const revision = orgModel.revision;
  useEffect(() => {
    plansApi.list(org).then(setData, setError);
  }, [org, revision]);
  const names = useMemo(() => new Map((orgModel.model?.components ?? []).map((c) => [c.id, c.name ?? c.id])), [orgModel.model]);
  const base = `/o/${encodeURIComponent(org)}`;
  if (error) return <><PageHeader title={t("plans.title")} /><ErrorBox error={error} /></>;
  if (!data) return <Loading />;
  return (
    <>
      <PageHeader
        title={t("plans.title")}
        subtitle={t("plans.subtitle")}
        actions={
          <>
            <Link className="btn" to={`${base}/exercise-calendar`}>{t("plans.calendarLink")}</Link>
            {canEdit(session.role(org)) ? <Link className="btn btn-primary" to={`${base}/plans/new`}>{t("plans.new")}</Link> : null}
          </>
        }
      />
      {data.passed ? <Notice kind="success">{t("plans.passed")}</Notice> : <Notice kind="warning">{t("plans.failed")}</Notice>}
      <Section title={t("plans.title")}>
        {data.items.length === 0 ? (
          <Empty>{t("plans.none")}</Empty>
        ) : (
          <ScrollArea>
            <table className="table" data-testid="plans-table">
              <thead>
                <tr>
                  <th scope="col">{t("plans.plan")}</th>
                  <th scope="col">{t("plans.status")}</th>
                  <th scope="col">{t("plans.missing")}</th>
                  <th scope="col">{t("plans.checkResult")}</th>
                </tr>
              </thead>
              <tbody>
                <MoreRows
                  items={data.items}
                  limit={50}
                  colSpan={4}
                  render={(p) => {
                    const failing = failingScenarios(p.check);
                    const played = p.check ? Object.keys(p.check.scenarios).length : 0;
                    return (
                      <tr key={p.id}>
                        <th scope="row">
                          <Link to={`${base}/plans/${encodeURIComponent(p.id)}`}>{p.name ?? p.id}</Link>
                          <div className="muted small mono">{p.id}</div>
                          {p.kind ? <div className="muted small">{planKindLabel(t, p.kind)}</div> : null}
                        </th>
                        <td>
                          <PlanStatusBadge status={p.status} />
                          {p.lastEvent ? <div className="muted small">{t("plans.lastEvent", { action: t(`plans.action.${p.lastEvent.action}` as MessageKey), name: p.lastEvent.by.name, time: date(p.lastEvent.at) })}</div> : null}
                        </td>
                        <td>
                          {p.check?.missing.length ? (
                            <MoreList items={p.check.missing} limit={4} render={(m) => t(`plans.element.${m}` as MessageKey)} />
                          ) : (
                            <Badge kind="good">{t("plans.complete")}</Badge>
                          )}
                        </td>
                        <td>
                          {failing.length ? (
                            <>
                              <Badge kind="bad">{t("plans.missesRto")}</Badge>{" "}
                              <MoreList items={failing} limit={3} render={(s) => scenarioLabel(t, s, names)} />
                            </>
                          ) : played ? (
                            <Badge kind="good">{t("plans.meetsRto")}</Badge>
                          ) : (
                            <span className="muted">—</span>
                          )}
                        </td>
                      </tr>
                    );
                  }}
                />
              </tbody>
            </table>
          </ScrollArea>
        )}
      </Section>
      <Section title={t("plans.uncovered")}>
        {data.uncovered.length ? (
          <ul data-testid="uncovered">
            <MoreItems
              items={data.uncovered}
              limit={20}
              render={(id) => <li key={id}><Link to={`${base}/components/${encodeURIComponent(id)}`}>{names.get(id) ?? id}</Link> <span className="muted small mono">{id}</span></li>}
            />
          </ul>
        ) : (
          <Empty>{t("plans.uncoveredNone")}</Empty>
        )}
      </Section>
    </>
  );
}

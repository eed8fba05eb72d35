/**
 * The engine's check of one plan (ISO 22301 8.4.4): the elements it lacks, step owners the model
 * does not know, and the plan played in each site lost for good — when each service it covers is
 * back, whether RTO and MTPD are met, and which steps wait on what.
 */
import type { PlanCheckJSON } from "@continuum/engine";
import { useI18n, type MessageKey } from "../../app/i18n";
import { Link } from "../../app/router";
import { MoreItems, MoreList } from "../../ui/MoreList";
import { ScrollArea } from "../../ui/ScrollArea";
import { Badge, Empty, Section } from "../../ui/ui";
import { scenarioLabel } from "./plan-words";

export function PlanCheck({ org, check, names }: { org: string; check: PlanCheckJSON | undefined; names: Map<string, string> }) {
  const { t, duration } = useI18n();
  const base = `/o/${encodeURIComponent(org)}`;
  const link = (id: string) => <Link to={`${base}/components/${encodeURIComponent(id)}`}>{names.get(id) ?? id}</Link>;
  if (!check) return null;
  const scenarios = Object.entries(check.scenarios);
  return (
    <Section title={t("plans.check")} id="plan-check">
      <h3>{t("plans.missing")}</h3>
      {check.missing.length ? (
        <ul data-testid="plan-missing">
          <MoreItems items={check.missing} limit={20} render={(m) => <li key={m}>{t(`plans.element.${m}` as MessageKey)}</li>} />
        </ul>
      ) : (
        <p><Badge kind="good">{t("plans.complete")}</Badge> {t("plans.missingNone")}</p>
      )}
      {check.unknownOwners.length ? (
        <>
          <h3>{t("plans.unknownOwners")}</h3>
          <ul>
            <MoreItems items={check.unknownOwners} limit={20} render={(u) => <li key={u.step}><code>{u.step}</code>: <code>{u.owner}</code></li>} />
          </ul>
        </>
      ) : null}
      {scenarios.length === 0 ? <Empty>{t("plans.noScenarios")}</Empty> : null}
      {scenarios.map(([name, s]) => {
        const services = Object.entries(s.services);
        return (
          <div key={name} className="plan-scenario" data-testid={`plan-scenario-${name}`}>
            <h3>{scenarioLabel(t, name, names)}</h3>
            <p className="muted small">{s.activatedAt === null ? t("plans.notActivated") : t("plans.activatedAt", { t: duration(s.activatedAt) })}</p>
            {services.length ? (
              <ScrollArea>
                <table className="table compact">
                  <thead>
                    <tr>
                      <th scope="col">{t("plans.service")}</th>
                      <th scope="col">{t("plans.recoveredAt")}</th>
                      <th scope="col">{t("plans.rtoMet")}</th>
                      <th scope="col">{t("plans.mtpdMet")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {services.map(([id, r]) => (
                      <tr key={id}>
                        <th scope="row">{link(id)}</th>
                        <td>{r.recoveredAt === null ? t("plans.stillDown") : r.recoveredAt === 0 ? t("plans.neverDown") : duration(r.recoveredAt)}</td>
                        <td><Badge kind={r.rtoMet ? "good" : "bad"}>{r.rtoMet ? t("plans.met") : t("plans.notMet")}</Badge></td>
                        <td><Badge kind={r.mtpdMet ? "good" : "bad"}>{r.mtpdMet ? t("plans.met") : t("plans.notMet")}</Badge></td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </ScrollArea>
            ) : null}
            <h4>{t("plans.waiting")}</h4>
            {s.waiting.length ? (
              <ul data-testid="plan-waiting">
                <MoreItems
                  items={s.waiting}
                  limit={20}
                  render={(w) => (
                    <li key={w.step}>
                      {t("plans.waitsFor", { step: w.step })}: <MoreList items={w.for} limit={6} render={link} />
                    </li>
                  )}
                />
              </ul>
            ) : (
              <p className="muted">{t("plans.noWaits")}</p>
            )}
          </div>
        );
      })}
    </Section>
  );
}

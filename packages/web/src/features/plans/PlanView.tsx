/** A plan document read: every ISO 22301 8.4.4 element, written or said to be missing. */
import type { ReactNode } from "react";
import { useI18n } from "../../app/i18n";
import { Link } from "../../app/router";
import { MoreItems, MoreList } from "../../ui/MoreList";
import { ScrollArea } from "../../ui/ScrollArea";
import { Section } from "../../ui/ui";
import { planKindLabel } from "./plan-words";
import type { PlanDoc } from "./plans-api";

type Obj = Record<string, unknown>;
const list = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
const str = (v: unknown) => (v === undefined || v === null ? "" : String(v));
const obj = (v: unknown): Obj => (v && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {});

export function PlanView({ org, plan, names }: { org: string; plan: PlanDoc; names: Map<string, string> }) {
  const { t } = useI18n();
  const base = `/o/${encodeURIComponent(org)}`;
  const ref = (id: unknown) => (str(id) ? <Link to={`${base}/components/${encodeURIComponent(str(id))}`}>{names.get(str(id)) ?? str(id)}</Link> : null);
  const refs = (v: unknown) => (list(v).length ? <MoreList items={list(v).map(str)} limit={10} render={ref} /> : null);
  const missing = <span className="muted">{t("plans.notWritten")}</span>;
  const texts = (v: unknown) => (list(v).length > 1 ? <ul>{list(v).map((x, k) => <li key={k}>{str(x)}</li>)}</ul> : str(list(v)[0]) || null);
  const roles = obj(plan.roles);
  const activation = obj(plan.activation);
  const entry = (label: string, value: ReactNode) => (
    <div className="plan-element">
      <dt>{label}</dt>
      <dd>{value ?? missing}</dd>
    </div>
  );
  return (
    <Section title={t("plans.document")}>
      <dl className="plan-elements">
        {entry(t("plans.kind"), plan.kind ? planKindLabel(t, str(plan.kind)) : null)}
        {entry(t("plans.covers"), refs(plan.covers))}
        {entry(t("plans.purpose"), str(plan.purpose) || null)}
        {entry(t("plans.scope"), str(plan.scope) || null)}
        {entry(
          t("plans.activationCriteria"),
          texts(plan.activationCriteria) || list(activation.when).length ? (
            <>
              {texts(plan.activationCriteria)}
              {list(activation.when).length ? <p className="muted small">{t("plans.activationAuto", { ids: list(activation.when).map(str).join(", "), after: str(activation.after) || "0m" })}</p> : null}
            </>
          ) : null,
        )}
        {entry(
          t("plans.roles"),
          roles.commander || list(roles.teams).length ? (
            <>
              <p>{t("plans.commander")}: {ref(roles.commander) ?? missing} · {t("plans.deputy")}: {ref(roles.deputy) ?? missing}</p>
              <ul>
                <MoreItems
                  items={list(roles.teams).map(obj)}
                  limit={20}
                  render={(team, k) => (
                    <li key={k}>
                      {ref(team.team)}{team.role ? ` — ${str(team.role)}` : ""}
                      {list(team.alternates).length ? <> ({t("plans.alternates")}: {refs(team.alternates)})</> : null}
                    </li>
                  )}
                />
              </ul>
            </>
          ) : null,
        )}
        {entry(t("plans.resources"), refs(plan.resources))}
        {entry(t("plans.interdependencies"), texts(plan.interdependencies))}
        {entry(
          t("plans.communications"),
          list(plan.communications).length ? (
            <ul>
              <MoreItems
                items={list(plan.communications).map(obj)}
                limit={20}
                render={(c, k) => (
                  <li key={k}>
                    <strong>{str(c.audience)}</strong>
                    {c.channel ? ` · ${str(c.channel)}` : ""}
                    {c.when ? ` · ${str(c.when)}` : ""}
                    {c.by ? <> · {ref(c.by)}</> : null}
                  </li>
                )}
              />
            </ul>
          ) : null,
        )}
        {entry(t("plans.standDown"), texts(plan.standDown))}
      </dl>
      <StepTable title={t("plans.steps")} steps={list(plan.steps).map(obj)} link={ref} links={refs} />
      {list(plan.returnToNormal).length ? <StepTable title={t("plans.returnToNormal")} steps={list(plan.returnToNormal).map(obj)} link={ref} links={refs} /> : <><h3>{t("plans.returnToNormal")}</h3><p>{missing}</p></>}
    </Section>
  );
}

function StepTable({ title, steps, link, links }: { title: string; steps: Obj[]; link: (id: unknown) => ReactNode; links: (v: unknown) => ReactNode }) {
  const { t } = useI18n();
  return (
    <>
      <h3>{title}</h3>
      <ScrollArea>
        <table className="table compact">
          <thead>
            <tr>
              <th scope="col">{t("plans.step")}</th>
              <th scope="col">{t("plans.owner")}</th>
              <th scope="col">{t("plans.duration")}</th>
              <th scope="col">{t("plans.after")}</th>
              <th scope="col">{t("plans.needs")}</th>
            </tr>
          </thead>
          <tbody>
            {steps.map((s, k) => (
              <tr key={k}>
                <th scope="row">{str(s.name) || str(s.id)} <span className="muted small mono">{str(s.id)}</span></th>
                <td>{link(s.owner) ?? <span className="muted">{t("plans.notWritten")}</span>}</td>
                <td>{str(s.duration)}</td>
                <td>{list(s.after).map(str).join(", ")}</td>
                <td>{links(s.needs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollArea>
    </>
  );
}

/**
 * Business impact analysis (ISO 22301 8.2.2): per business service, impact over time by category,
 * the MTPD, RTO, RPO and MBCO, and what the engine warns about them.
 */
import { useMemo } from "react";
import type { Component, Diagnostic } from "@continuum/engine";
import { Badge, Empty, ErrorBox, Loading, PageHeader, Section, TierBadge } from "../../ui/ui";
import { ImpactChart, ImpactTable, impactCurves } from "../../ui/charts/ImpactChart";
import { canEdit } from "../../app/api";
import { useI18n, type MessageKey } from "../../app/i18n";
import { inLanguage } from "../../app/diagnostic-words";
import { useComponentName } from "../../model/component-names";
import type { Lang } from "../../app/messages";
import { useAnalysis, useOrgModel } from "../../model/orgdata";
import { Link, setSearch, useLocation } from "../../app/router";
import { useSession } from "../../app/session";
import { useTitle } from "../../app/title";
import { EngineRejected } from "../../ui/EngineRejected";
import type { Analysis } from "../../model/protocol";
import { ScrollArea } from "../../ui/ScrollArea";
import { MoreList } from "../../ui/MoreList";
import { CapacityRecovery } from "./CapacityRecovery";

/** components named in a warning before "and N more" (a button showing the rest) */
const SHOWN_IN_WARNING = 6;

export interface ServiceWarning {
  kind: "rto-over-mtpd" | "rto-unreachable" | "spof" | "rto-inversion" | "cycle" | "no-rto" | "no-mtpd";
  text: string;
  diagnostic?: Diagnostic;
  /** the components the warning is about (ids), shown after the text as a list that is never cut silently */
  components?: string[];
}

/** What to say about a service, in `lang`, components named by `name` (their names, not their ids). */
export function serviceWarnings(c: Component, diagnostics: Diagnostic[], analysis: Analysis | undefined, t: ReturnType<typeof useI18n>["t"], duration: (m: number) => string, lang: Lang = "en", name: (id: string) => string = (id) => id): ServiceWarning[] {
  const out: ServiceWarning[] = [];
  if (c.rto !== undefined && c.mtpd !== undefined && c.rto > c.mtpd) out.push({ kind: "rto-over-mtpd", text: t("bia.warnRtoOverMtpd", { rto: duration(c.rto), mtpd: duration(c.mtpd) }) });
  for (const d of diagnostics) {
    if (d.component !== c.id) continue;
    if (d.code === "rto-unreachable") out.push({ kind: "rto-unreachable", text: inLanguage(d, lang).message, diagnostic: d });
    if (d.code === "cycle") out.push({ kind: "cycle", text: inLanguage(d, lang).message, diagnostic: d });
  }
  const spof = analysis?.spof[c.id] ?? [];
  if (spof.length) out.push({ kind: "spof", text: t("bia.warnSpof", { n: spof.length }), components: spof });
  for (const inv of analysis?.rtoInversions ?? []) {
    if (inv.service === c.id) out.push({ kind: "rto-inversion", text: t("bia.warnInversion", { dep: name(inv.dependency), depRto: duration(inv.dependencyRto), rto: duration(inv.serviceRto) }) });
  }
  if (c.tier && c.rto === undefined) out.push({ kind: "no-rto", text: t("bia.warnNoRto") });
  if (c.tier && c.mtpd === undefined) out.push({ kind: "no-mtpd", text: t("bia.warnNoMtpd") });
  return out;
}

export function BiaPage({ org }: { org: string }) {
  const { t, duration, moneyShort, lang } = useI18n();
  const name = useComponentName();
  useTitle(t("bia.title"));
  const orgModel = useOrgModel();
  const session = useSession();
  const { analysis, error: analysisError, loading: analysisLoading } = useAnalysis();
  const { search } = useLocation();
  const selected = search.get("service");
  const model = orgModel.info?.model;
  const currency = model?.currency ?? "KRW";
  const services = useMemo(
    () => (model?.components ?? []).filter((c) => c.kind === "business-service" || (c.tier ?? 0) > 0).sort((a, b) => (a.tier ?? 9) - (b.tier ?? 9) || a.id.localeCompare(b.id)),
    [model],
  );
  const diagnostics = orgModel.info?.diagnostics ?? [];

  if (orgModel.status === "loading" || (orgModel.status === "ready" && !orgModel.info)) return <Loading />;
  if (orgModel.status === "error") return <ErrorBox error={new Error(orgModel.error)} />;
  if (orgModel.info && !orgModel.info.ok) return <EngineRejected diagnostics={orgModel.info.diagnostics} />;
  const base = `/o/${encodeURIComponent(org)}`;
  const current = services.find((s) => s.id === selected);

  return (
    <>
      <PageHeader title={t("bia.title")} subtitle={t("bia.subtitle")} />
      {analysisError ? <ErrorBox error={new Error(analysisError)} /> : null}
      {services.length === 0 ? (
        <Empty>{t("bia.noServices")}</Empty>
      ) : (
        <Section title={t("bia.services")} actions={analysisLoading ? <span className="muted small"><span className="spinner small" aria-hidden="true" /> {t("bia.analysing")}</span> : null}>
          <ScrollArea>
            <table className="table" data-testid="bia-services">
              <thead>
                <tr>
                  <th scope="col">{t("common.service")}</th>
                  <th scope="col">{t("common.tier")}</th>
                  <th scope="col" className="num">{t("common.rto")}</th>
                  <th scope="col" className="num">{t("common.rpo")}</th>
                  <th scope="col" className="num">{t("common.mtpd")}</th>
                  <th scope="col" className="num">{t("bia.lossAtMtpd")}</th>
                  <th scope="col">{t("bia.warnings")}</th>
                </tr>
              </thead>
              <tbody>
                {services.map((s) => {
                  const warnings = serviceWarnings(s, diagnostics, analysis, t, duration, lang, name);
                  const curves = impactCurves(s.impact);
                  const at = s.mtpd ?? 1440;
                  const loss = curves.categories.reduce((sum, c) => sum + curves.at(c, at), 0);
                  return (
                    <tr key={s.id} className={s.id === selected ? "selected" : ""}>
                      <td>
                        <a href={`${base}/bia?service=${encodeURIComponent(s.id)}`} onClick={(e) => { e.preventDefault(); setSearch({ service: s.id }); }} aria-current={s.id === selected ? "true" : undefined}>
                          {s.name ?? s.id}
                        </a>
                      </td>
                      <td><TierBadge tier={s.tier} /></td>
                      <td className="num">{duration(s.rto)}</td>
                      <td className="num">{duration(s.rpo)}</td>
                      <td className="num">{duration(s.mtpd)}</td>
                      <td className="num">{s.impact.length ? moneyShort(loss, currency) : "—"}{s.mtpd === undefined && s.impact.length ? <span className="muted small"> ({duration(at)})</span> : null}</td>
                      <td>
                        {warnings.length ? (
                          <Badge kind={warnings.some((w) => w.kind !== "no-rto" && w.kind !== "no-mtpd") ? "bad" : "warn"}>{warnings.length === 1 ? t("bia.oneWarning") : t("bia.nWarnings", { n: warnings.length })}</Badge>
                        ) : analysis ? <Badge kind="good">{t("bia.ok")}</Badge> : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </ScrollArea>
        </Section>
      )}
      {current ? <ServiceDetail org={org} service={current} currency={currency} diagnostics={diagnostics} analysis={analysis} editor={canEdit(session.role(org))} /> : services.length ? <p className="muted">{t("bia.pick")}</p> : null}
      {services.length ? <CapacityRecovery modelKey={orgModel.key} components={model?.components ?? []} services={services} analysis={analysis} /> : null}
    </>
  );
}

function ServiceDetail({ org, service: s, currency, diagnostics, analysis, editor }: { org: string; service: Component; currency: string; diagnostics: Diagnostic[]; analysis?: Analysis; editor: boolean }) {
  const { t, duration, lang } = useI18n();
  const name = useComponentName();
  const base = `/o/${encodeURIComponent(org)}`;
  const warnings = serviceWarnings(s, diagnostics, analysis, t, duration, lang, name);
  return (
    <Section
      id="service-detail"
      title={<>{s.name ?? s.id} <TierBadge tier={s.tier} /></>}
      actions={
        <div className="row">
          <Link className="btn" to={`${base}/components/${encodeURIComponent(s.id)}`}>{t("bia.openComponent")}</Link>
          {editor ? <Link className="btn btn-primary" to={`${base}/components/${encodeURIComponent(s.id)}?edit=1`}>{t("common.edit")}</Link> : null}
        </div>
      }
    >
      <dl className="facts">
        <div><dt>{t("common.mtpd")}</dt><dd>{duration(s.mtpd)}</dd></div>
        <div><dt>{t("common.rto")}</dt><dd>{duration(s.rto)}</dd></div>
        <div><dt>{t("common.rpo")}</dt><dd>{duration(s.rpo)}</dd></div>
        <div className="wide"><dt>{t("common.mbco")}</dt><dd>{s.mbco ?? "—"}</dd></div>
      </dl>
      {warnings.length ? (
        <div className="alert alert-warning" data-testid="bia-warnings">
          <strong>{t("bia.warnings")}</strong>
          <ul>
            {warnings.map((w, k) => (
              <li key={k}>
                <Badge kind={w.kind === "no-rto" || w.kind === "no-mtpd" ? "warn" : "bad"}>{t(`warn.${w.kind}` as MessageKey)}</Badge> {w.text}
                {w.components ? <> <MoreList items={w.components} limit={SHOWN_IN_WARNING} render={(x) => <Link to={`${base}/components/${encodeURIComponent(x)}`}>{name(x)}</Link>} /></> : null}
                {w.diagnostic?.hint ? <div className="diag-hint">→ {w.diagnostic.hint}</div> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {s.impact.length ? (
        <>
          <h3>{t("bia.impactOverTime")}</h3>
          <ImpactChart impact={s.impact} currency={currency} rto={s.rto} mtpd={s.mtpd} />
          <ImpactTable impact={s.impact} currency={currency} rto={s.rto} mtpd={s.mtpd} />
        </>
      ) : (
        <p className="muted">{t("component.noImpact")}</p>
      )}
    </Section>
  );
}

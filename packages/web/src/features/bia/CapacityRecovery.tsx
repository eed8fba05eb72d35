/**
 * "What if we had one more DBA?" in the BIA: lose a site for good, play it in the engine worker
 * with the model's capacities and with the ones typed here, and show side by side when each
 * business service is back and whether its RTO and MTPD hold. The model is never changed.
 */
import { useMemo, useState, type FormEvent } from "react";
import type { Component, Diagnostic } from "@continuum/engine";
import { Badge, DiagnosticList, ErrorBox, Section, TierBadge } from "../../ui/ui";
import { CapacityEditor, capacityTeams, changedCapacities, type CapacityText } from "../../ui/CapacityEditor";
import { ScrollArea } from "../../ui/ScrollArea";
import { useI18n } from "../../app/i18n";
import { engine, EngineError } from "../../model/engine";
import type { Analysis, WhatIfResult } from "../../model/protocol";
import { defaultLostSite, recoveryOf, siteLossForGood, type Recovery } from "./recovery";

interface Played {
  site: string;
  changed: Record<string, number>;
  model: WhatIfResult;
  other: WhatIfResult;
}

export function CapacityRecovery({ modelKey, components, services, analysis }: { modelKey?: string; components: readonly Component[]; services: readonly Component[]; analysis?: Analysis }) {
  const { t } = useI18n();
  const names = useMemo(() => new Map(components.map((c) => [c.id, c.name ?? c.id])), [components]);
  const sites = useMemo(() => {
    const ids = new Set<string>();
    for (const c of components) {
      if (c.kind === "site") ids.add(c.id);
      if (c.site) ids.add(c.site);
    }
    return [...ids].sort();
  }, [components]);
  const teams = useMemo(() => capacityTeams(components), [components]);
  // until the person chooses, the default follows the analysis (it may arrive after the model)
  const [chosen, setSite] = useState<string>();
  const site = chosen !== undefined && sites.includes(chosen) ? chosen : defaultLostSite(analysis?.n1Sites, sites) ?? "";
  const [text, setText] = useState<CapacityText>({});
  const [played, setPlayed] = useState<Played>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [problems, setProblems] = useState<Diagnostic[]>([]);

  if (!sites.length) return null;

  const play = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    setProblems([]);
    if (!modelKey || !site) return;
    const changed = changedCapacities(teams, text);
    if ("bad" in changed) {
      setError(new Error(t("capacity.bad", { x: changed.bad.name, value: changed.value })));
      return;
    }
    const scenario = siteLossForGood(site, t("bia.capacitySiteLossName", { site: names.get(site) ?? site }));
    const capacities = changed.capacities;
    setBusy(true);
    try {
      const model = await engine.simulate(modelKey, scenario);
      const other = Object.keys(capacities).length ? await engine.simulate(modelKey, scenario, capacities) : model;
      setPlayed({ site, changed: capacities, model, other });
    } catch (err) {
      if (err instanceof EngineError && err.diagnostics.length) setProblems(err.diagnostics);
      else setError(err);
    } finally {
      setBusy(false);
    }
  };

  const changedList = played ? Object.entries(played.changed).map(([id, n]) => `${names.get(id) ?? id} ${n}`) : [];
  return (
    <Section id="capacity-recovery" title={t("bia.capacityTitle")}>
      <p className="muted">{t("bia.capacityIntro")}</p>
      <form onSubmit={play} className="capacity-recovery-form">
        <div className="field">
          <label htmlFor="bia-lost-site">{t("bia.capacitySite")}</label>
          <select id="bia-lost-site" value={site} onChange={(e) => setSite(e.target.value)}>
            {sites.map((id) => <option key={id} value={id}>{names.get(id) ?? id}</option>)}
          </select>
        </div>
        <CapacityEditor teams={teams} text={text} onChange={setText} />
        <ErrorBox error={error} />
        {problems.length ? <DiagnosticList items={problems} /> : null}
        <button type="submit" className="btn btn-primary" disabled={busy || !modelKey} data-testid="bia-capacity-run">
          {busy ? t("bia.capacityRunning") : t("bia.capacityRun")}
        </button>
      </form>
      {played ? (
        <>
          <p data-testid="bia-capacity-caption">
            <strong>{t("bia.capacitySiteLossName", { site: names.get(played.site) ?? played.site })}</strong>
            {" · "}
            {changedList.length ? t("bia.capacityChangedNote", { list: changedList.join(", ") }) : t("bia.capacityNoChange")}
          </p>
          <ScrollArea>
            <table className="table" data-testid="bia-capacity-table">
              <thead>
                <tr>
                  <th scope="col">{t("common.service")}</th>
                  <th scope="col" className="num">{t("common.rto")}</th>
                  <th scope="col" className="num">{t("common.mtpd")}</th>
                  <th scope="col">{t("bia.capacityWithModel")}</th>
                  <th scope="col">{t("bia.capacityWithChanged")}</th>
                </tr>
              </thead>
              <tbody>
                {services.map((s) => {
                  const a = recoveryOf(played.model.services.find((r) => r.id === s.id));
                  const b = recoveryOf(played.other.services.find((r) => r.id === s.id));
                  return (
                    <tr key={s.id} data-service={s.id}>
                      <th scope="row">{s.name ?? s.id} <TierBadge tier={s.tier} /></th>
                      <RecoveryValues s={s} />
                      <RecoveryCell s={s} r={a} horizon={played.model.json.horizonMinutes} testId="recovery-model" />
                      <RecoveryCell s={s} r={b} horizon={played.other.json.horizonMinutes} testId="recovery-changed" moved={a.backAt !== b.backAt} />
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </ScrollArea>
        </>
      ) : null}
    </Section>
  );
}

function RecoveryValues({ s }: { s: Component }) {
  const { duration } = useI18n();
  return (
    <>
      <td className="num">{duration(s.rto)}</td>
      <td className="num">{duration(s.mtpd)}</td>
    </>
  );
}

function RecoveryCell({ s, r, horizon, testId, moved }: { s: Component; r: Recovery; horizon: number; testId: string; moved?: boolean }) {
  const { t, duration } = useI18n();
  if (!r.affected) return <td data-testid={testId} className="muted">{t("bia.capacityUnaffected")}</td>;
  const back = r.backAt === null ? t("bia.capacityNotBack", { d: duration(horizon) }) : t("bia.capacityBackAt", { d: duration(r.backAt) });
  return (
    <td data-testid={testId} data-back={r.backAt ?? "never"}>
      <div>{moved ? <strong>{back}</strong> : back}</div>
      <div>
        {s.rto !== undefined ? <Badge kind={r.rtoMet ? "good" : "bad"}>{t(r.rtoMet ? "bia.rtoMet" : "bia.rtoMissed")}</Badge> : null}{" "}
        {s.mtpd !== undefined ? <Badge kind={r.mtpdMet ? "good" : "bad"}>{t(r.mtpdMet ? "bia.mtpdMet" : "bia.mtpdMissed")}</Badge> : null}
      </div>
    </td>
  );
}

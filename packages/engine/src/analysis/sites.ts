/**
 * The N-1 site table: each site lost alone at time 0 and never repaired, recovery plans played:
 * which tiered services go down and for how long, which targets break, which services the site
 * alone takes down for good, and what it costs over the horizon.
 */
import type { CompiledModel } from "../compile/compiled-model.js";
import { failureScenario } from "../model/read-scenario.js";
import { playScenario } from "../simulation/play.js";
import { Simulator } from "../simulation/simulator.js";
import { singlePointsOfFailure, tiered } from "./spof.js";

export interface SiteServiceImpact {
  id: string;
  name?: string;
  tier?: number;
  downtimeMinutes: number;
  /** minutes from the loss until the service was back; null when still down at the horizon */
  recoveredAt: number | null;
  rtoBreached: boolean;
  mtpdBreached: boolean;
  loss: number;
}

export interface SiteLoss {
  site: string;
  name?: string;
  /** tiered services that go down when the site is lost, by tier then id */
  services: SiteServiceImpact[];
  /** services (see SiteLossOptions.services) this site alone takes down for good, sorted */
  downForGood: string[];
  /** every component whose RTO, or MTPD, the loss breaks, sorted */
  rtoBroken: string[];
  mtpdBroken: string[];
  /** total loss over the horizon */
  loss: number;
}

export interface SiteLossOptions {
  /** minutes the loss is followed (default: the scenario default) */
  horizon?: number;
  /** services checked for "down for good" (default: every tiered component, as `spof`) */
  services?: Iterable<number>;
  simulator?: Simulator;
}

/** A site is a component of kind `site` or one named by some component's `site:`; sorted by id. */
export function sitesOf(cm: CompiledModel): string[] {
  const sites = new Set<string>();
  for (const c of cm.model.components) {
    if (c.kind === "site") sites.add(c.id);
    if (c.site !== undefined) sites.add(c.site);
  }
  return [...sites].sort(byId);
}

export function siteLosses(cm: CompiledModel, options: SiteLossOptions = {}): SiteLoss[] {
  const simulator = options.simulator ?? new Simulator(cm);
  const sites = sitesOf(cm);
  const services = options.services ? [...options.services] : tiered(cm);
  const forGood = singlePointsOfFailure(cm, { simulator, candidates: sites.map((id) => cm.index.get(id)!), services });
  const downBySite = new Map<string, string[]>();
  for (const [service, xs] of forGood) {
    for (const x of xs) {
      const list = downBySite.get(cm.ids[x]) ?? [];
      list.push(cm.ids[service]);
      downBySite.set(cm.ids[x], list);
    }
  }
  const components = cm.model.components;
  return sites.map((site) => {
    const scenario = failureScenario([site], 0, Infinity, ...(options.horizon === undefined ? [] : [options.horizon]));
    const json = playScenario(cm, scenario, simulator);
    const impacts: SiteServiceImpact[] = [];
    const rtoBroken: string[] = [];
    const mtpdBroken: string[] = [];
    for (const [id, r] of Object.entries(json.components)) {
      if (r.rtoBreached) rtoBroken.push(id);
      if (r.mtpdBreached) mtpdBroken.push(id);
      const i = cm.index.get(id)!;
      if (cm.tier[i] === 0 || id === site) continue;
      const last = r.outages[r.outages.length - 1];
      impacts.push({
        id,
        name: components[i].name,
        tier: components[i].tier,
        downtimeMinutes: r.downtimeMinutes,
        recoveredAt: last ? last.end : null,
        rtoBreached: r.rtoBreached,
        mtpdBreached: r.mtpdBreached,
        loss: r.loss,
      });
    }
    impacts.sort((a, b) => (a.tier ?? 99) - (b.tier ?? 99) || byId(a.id, b.id));
    return {
      site,
      name: components[cm.index.get(site)!].name,
      services: impacts,
      downForGood: (downBySite.get(site) ?? []).sort(byId),
      rtoBroken: rtoBroken.sort(byId),
      mtpdBroken: mtpdBroken.sort(byId),
      loss: json.totalLoss,
    };
  });
}

function byId(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The BIA's "recovery with these people and tools": which site to lose by default, the scenario
 * that loses it for good, and when each business service is back in a run of it.
 */
import type { SiteLoss } from "@continuum/engine";
import type { ScenarioFile, ServiceRow } from "../../model/protocol";

/** The first site (in the engine's N-1 order) that a tier-1 service depends on, else the first site. */
export function defaultLostSite(n1Sites: readonly SiteLoss[] | undefined, sites: readonly string[]): string | undefined {
  const hit = (n1Sites ?? []).find((s) => sites.includes(s.site) && s.services.some((x) => x.tier === 1));
  return hit?.site ?? sites[0];
}

/** The site fails at 0 and never comes back on its own: recovery is up to the plans (and their people). */
export function siteLossForGood(site: string, name: string): ScenarioFile {
  return { scenario: `loss-of-${site}`, name, events: [{ at: 0, fail: site, for: null }] };
}

export interface Recovery {
  affected: boolean;
  /** minutes from the loss until the service is back for good; null when still down at the horizon */
  backAt: number | null;
  rtoMet: boolean;
  mtpdMet: boolean;
}

/** A service's recovery in a run; a service the run never took down is unaffected. */
export function recoveryOf(row: ServiceRow | undefined): Recovery {
  if (!row || !row.outages.length) return { affected: false, backAt: 0, rtoMet: true, mtpdMet: true };
  const ongoing = row.outages.some((o) => o.end === null);
  const backAt = ongoing ? null : Math.max(...row.outages.map((o) => o.end as number));
  return { affected: true, backAt, rtoMet: !row.rtoBreached, mtpdMet: !row.mtpdBreached };
}

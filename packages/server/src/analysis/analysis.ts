/**
 * What the engine says about a whole model, for the dashboard and the BIA pages: warnings, single
 * points of failure, and the N-1 site table (each site lost at time 0 and never repaired, with
 * the recovery plans played: which services go down, for how long, and which targets break).
 */
import { failureScenario, loadModel, modelWarnings, simulate, spof, type Diagnostic, type LoadedModel } from "@continuum/engine";

export interface SiteServiceImpact {
  id: string;
  name: string | null;
  tier: number | null;
  downtimeMinutes: number;
  /** when the service was back (minutes from the loss); null when still down at the horizon */
  recoveredAt: number | null;
  rtoBreached: boolean;
  mtpdBreached: boolean;
  loss: number;
}

export interface SiteImpact {
  site: string;
  name: string | null;
  /** tiered services that go down when the site is lost */
  services: SiteServiceImpact[];
  /** tiered services the site is a single point of failure for (down for good) */
  lostForGood: string[];
  breaksRto: boolean;
  breaksMtpd: boolean;
  totalLoss: number;
}

export interface Analysis {
  warnings: Diagnostic[];
  spof: Record<string, string[]>;
  n1Sites: SiteImpact[];
  horizonMinutes: number;
}

export function analyzeText(text: string): Analysis {
  const { loaded, diagnostics } = loadModel([{ path: "model.json", text }], { warnings: false });
  if (!loaded) throw new Error(`the model does not load: ${diagnostics.map((d) => d.message).join("; ")}`);
  return analyze(loaded);
}

export function analyze(loaded: LoadedModel): Analysis {
  const strip = (d: Diagnostic): Diagnostic => {
    const { file: _f, line: _l, column: _c, ...rest } = d;
    return rest;
  };
  const warnings = [...loaded.warnings.map(strip), ...modelWarnings(loaded.compiled, () => ({}))];
  const spofMap = spof(loaded).spof;
  const components = loaded.model.components;
  const byId = new Map(components.map((c) => [c.id, c]));
  const siteIds = new Set<string>();
  for (const c of components) {
    if (c.kind === "site") siteIds.add(c.id);
    if (c.site) siteIds.add(c.site);
  }
  const lostForGood = new Map<string, string[]>();
  for (const [service, xs] of Object.entries(spofMap)) for (const x of xs) if (siteIds.has(x)) (lostForGood.get(x) ?? lostForGood.set(x, []).get(x)!).push(service);

  let horizonMinutes = 0;
  const n1Sites: SiteImpact[] = [...siteIds].map((site) => {
    const scenario = failureScenario([site], 0, Infinity);
    horizonMinutes = scenario.horizon;
    const result = simulate(loaded, scenario);
    const services: SiteServiceImpact[] = [];
    for (const [id, r] of Object.entries(result.components)) {
      const c = byId.get(id);
      if (!c || c.tier === undefined || id === site) continue;
      const last = r.outages[r.outages.length - 1];
      services.push({
        id,
        name: c.name ?? null,
        tier: c.tier ?? null,
        downtimeMinutes: r.downtimeMinutes,
        recoveredAt: last ? last.end : null,
        rtoBreached: r.rtoBreached,
        mtpdBreached: r.mtpdBreached,
        loss: r.loss,
      });
    }
    services.sort((a, b) => (a.tier ?? 99) - (b.tier ?? 99) || (a.id < b.id ? -1 : 1));
    return {
      site,
      name: byId.get(site)?.name ?? null,
      services,
      lostForGood: (lostForGood.get(site) ?? []).sort(),
      breaksRto: services.some((s) => s.rtoBreached),
      breaksMtpd: services.some((s) => s.mtpdBreached),
      totalLoss: result.totalLoss,
    };
  });
  n1Sites.sort((a, b) => (a.site < b.site ? -1 : 1));
  return { warnings, spof: spofMap, n1Sites, horizonMinutes };
}

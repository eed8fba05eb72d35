/**
 * What the engine says about a whole model, for the dashboard and the BIA pages: warnings, single
 * points of failure, and the N-1 site table (each site lost at time 0 and never repaired, with
 * the recovery plans played: which services go down, for how long, and which targets break).
 */
import type { Analysis, SiteImpact } from "@continuum/api";
import { DEFAULT_HORIZON, loadModel, modelWarnings, siteLosses, spof, type Diagnostic, type LoadedModel } from "@continuum/engine";

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
  // the API's shape (nulls rather than absent fields, totals named as in docs/api.md) over the engine's table
  const n1Sites: SiteImpact[] = siteLosses(loaded.compiled).map((s) => ({
    site: s.site,
    name: s.name ?? null,
    services: s.services.map((x) => ({ ...x, name: x.name ?? null, tier: x.tier ?? null })),
    lostForGood: s.downForGood,
    breaksRto: s.services.some((x) => x.rtoBreached),
    breaksMtpd: s.services.some((x) => x.mtpdBreached),
    totalLoss: s.loss,
  }));
  return { warnings, spof: spof(loaded).spof, n1Sites, horizonMinutes: DEFAULT_HORIZON };
}

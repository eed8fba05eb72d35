/**
 * The engine's plan check of a whole model (every plan played in each site lost for good): seconds
 * on a large model, so it runs in the analysis worker (analysis-runner.ts), once per revision.
 */
import { checkPlans, loadModel, type PlanCheckResultJSON } from "@continuum/engine";

export function checkPlansText(text: string): PlanCheckResultJSON {
  const { loaded, diagnostics } = loadModel([{ path: "model.json", text }], { warnings: false });
  if (!loaded) throw new Error(`the model does not load: ${diagnostics.map((d) => d.message).join("; ")}`);
  return checkPlans(loaded.compiled);
}

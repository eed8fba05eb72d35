/**
 * A worker thread of `continuum risk`: loads the model itself from the file texts it is given,
 * simulates its slice of years, and sends the per-year arrays back (transferred, not copied).
 * Year k draws from its own random stream (seed, risk, k), so the slice a worker gets never
 * changes the numbers.
 */
import { parentPort, workerData } from "node:worker_threads";
import { loadModel, PreparedRisks, readRisks, simulateYears, yearResultBuffers, type RiskSimulationOptions, type SourceFile } from "@continuum/engine";

export interface RiskWorkerInput {
  files: SourceFile[];
  seed: number;
  from: number;
  to: number;
  options?: RiskSimulationOptions;
}

export type RiskWorkerMessage =
  | { type: "progress"; done: number }
  | { type: "result"; result: ReturnType<typeof simulateYears> }
  | { type: "error"; message: string };

/** Loads and prepares the model's risks (also used in-process for --threads 1). */
export function prepareRisks(files: SourceFile[], options?: RiskSimulationOptions): PreparedRisks {
  const { loaded, diagnostics } = loadModel(files, { warnings: false });
  if (!loaded) throw new Error(`the model did not load in the worker: ${diagnostics.find((d) => d.severity === "error")?.message}`);
  const { riskModel, diagnostics: riskDiagnostics } = readRisks(loaded.model);
  if (!riskModel) throw new Error(`the risks did not load in the worker: ${riskDiagnostics.find((d) => d.severity === "error")?.message}`);
  return new PreparedRisks(loaded.compiled, riskModel, options);
}

if (parentPort && workerData && (workerData as { kind?: string }).kind === "continuum-risk") {
  const port = parentPort;
  const input = workerData as RiskWorkerInput & { kind: string };
  try {
    const prep = prepareRisks(input.files, input.options);
    let last = 0;
    const result = simulateYears(prep, {
      seed: input.seed,
      from: input.from,
      to: input.to,
      progressEvery: 100,
      onProgress: (done) => {
        const now = Date.now();
        if (now - last < 100 && done < input.to - input.from) return;
        last = now;
        port.postMessage({ type: "progress", done } satisfies RiskWorkerMessage);
      },
    });
    port.postMessage({ type: "result", result } satisfies RiskWorkerMessage, yearResultBuffers(result));
  } catch (e) {
    port.postMessage({ type: "error", message: (e as Error).message } satisfies RiskWorkerMessage);
  }
}

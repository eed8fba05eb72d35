/**
 * Work that takes seconds on a large model runs in a worker thread while the server keeps
 * answering: the whole-model analysis (single points of failure, N-1 sites; results are kept per
 * revision by the model store) and the parsing and validation of an import. Where the compiled
 * worker is not there (tests running the TypeScript sources before a build), it runs in this thread.
 */
import type { Analysis } from "@continuum/api";
import { WorkerClient, workerFile } from "../core/worker-client.js";
import { prepareImport, type ImportInput, type ImportPreparation } from "../model/import-preparation.js";
import { checkStoredModel, type StoredModelCheck, type StoredModelInput } from "../model/stored-model-check.js";
import { analyzeText } from "./analysis.js";
import { checkPlansText } from "../plans/plan-check-job.js";
import type { PlanCheckResultJSON } from "@continuum/engine";

export interface JobRequest {
  id: number;
  job: "analyze" | "import" | "check" | "plan-check";
  input: unknown;
}

export class AnalysisRunner {
  private readonly client = new WorkerClient<Omit<JobRequest, "id">>(workerFile(new URL("./analysis-worker.js", import.meta.url), "analysis/analysis-worker.js"), "analysis worker");

  run(modelText: string): Promise<Analysis> {
    return this.client.request({ job: "analyze", input: modelText }, () => analyzeText(modelText));
  }

  /** Parses and validates import files; the components arrive through `onBatch` (see import-preparation.ts). */
  prepareImport<B>(input: ImportInput, onBatch: (batch: B) => void): Promise<ImportPreparation> {
    const part = onBatch as (b: unknown) => void;
    return this.client.request({ job: "import", input }, () => prepareImport(input, part), part);
  }

  /** Validates a stored model and parses its scenarios (see stored-model-check.ts). */
  checkStoredModel(input: StoredModelInput): Promise<StoredModelCheck> {
    return this.client.request({ job: "check", input }, () => checkStoredModel(input));
  }

  /** The engine's plan check (see plans/plan-check-job.ts). */
  checkPlans(modelText: string): Promise<PlanCheckResultJSON> {
    return this.client.request({ job: "plan-check", input: modelText }, () => checkPlansText(modelText));
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

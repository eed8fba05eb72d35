/**
 * Runs heavy work off the server's event loop (see analysis-runner.ts): the whole-model analysis,
 * the parsing and validation of an import, the check of a stored model being loaded, and the plan check. A job may send parts of its answer before the end
 * (an import's components, in batches), so that no single message is large to receive.
 */
import { parentPort } from "node:worker_threads";
import { prepareImport } from "../model/import-preparation.js";
import { checkStoredModel, type StoredModelInput } from "../model/stored-model-check.js";
import { analyzeText } from "./analysis.js";
import { checkPlansText } from "../plans/plan-check-job.js";
import type { JobRequest } from "./analysis-runner.js";

parentPort!.on("message", (message: JobRequest) => {
  try {
    const send = (part: unknown) => parentPort!.postMessage({ id: message.id, part });
    const result =
      message.job === "import"
        ? prepareImport(message.input as Parameters<typeof prepareImport>[0], send)
        : message.job === "check"
          ? checkStoredModel(message.input as StoredModelInput)
          : message.job === "plan-check"
            ? checkPlansText(message.input as string)
            : analyzeText(message.input as string);
    parentPort!.postMessage({ id: message.id, result });
  } catch (e) {
    parentPort!.postMessage({ id: message.id, error: (e as Error).message });
  }
});

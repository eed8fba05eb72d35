/**
 * Runs heavy work off the server's event loop (see analysis-runner.ts): the whole-model analysis,
 * and the parsing and validation of an import. A job may send parts of its answer before the end
 * (an import's components, in batches), so that no single message is large to receive.
 */
import { parentPort } from "node:worker_threads";
import { prepareImport } from "../model/import-preparation.js";
import { analyzeText } from "./analysis.js";
import type { JobRequest } from "./analysis-runner.js";

parentPort!.on("message", (message: JobRequest) => {
  try {
    const send = (part: unknown) => parentPort!.postMessage({ id: message.id, part });
    const result = message.job === "import" ? prepareImport(message.input as Parameters<typeof prepareImport>[0], send) : analyzeText(message.input as string);
    parentPort!.postMessage({ id: message.id, result });
  } catch (e) {
    parentPort!.postMessage({ id: message.id, error: (e as Error).message });
  }
});

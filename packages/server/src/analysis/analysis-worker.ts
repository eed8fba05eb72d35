/** Runs the whole-model analysis off the server's event loop (see analysis-runner.ts). */
import { parentPort } from "node:worker_threads";
import { analyzeText } from "./analysis.js";

parentPort!.on("message", (message: { id: number; text: string }) => {
  try {
    parentPort!.postMessage({ id: message.id, result: analyzeText(message.text) });
  } catch (e) {
    parentPort!.postMessage({ id: message.id, error: (e as Error).message });
  }
});

/** Writes an export (YAML or JSON text of a document) off the server's event loop (see model-export.ts). */
import { parentPort } from "node:worker_threads";
import { renderDocument } from "./model-document.js";

parentPort!.on("message", (message: { id: number; doc: unknown; format: "yaml" | "json" }) => {
  try {
    parentPort!.postMessage({ id: message.id, text: renderDocument(message.doc, message.format) });
  } catch (e) {
    parentPort!.postMessage({ id: message.id, error: (e as Error).message });
  }
});

/** Writes an export (YAML or JSON text of a document) off the server's event loop (see model-export.ts). */
import { parentPort } from "node:worker_threads";
import { renderParts } from "./model-document.js";

parentPort!.on("message", (message: { id: number; parts: string; format: "yaml" | "json" }) => {
  try {
    // encoded here too, and handed over without a copy: the server's thread only sends the bytes
    const bytes = new TextEncoder().encode(renderParts(message.parts, message.format));
    parentPort!.postMessage({ id: message.id, result: bytes }, [bytes.buffer as ArrayBuffer]);
  } catch (e) {
    parentPort!.postMessage({ id: message.id, error: (e as Error).message });
  }
});

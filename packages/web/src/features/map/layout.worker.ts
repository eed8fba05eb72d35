/// <reference lib="webworker" />
/** Computes the dependency map's layout off the main thread (see lib/layout.ts). */
import { computeLayout, type LayoutInput } from "./layout";

self.onmessage = (event: MessageEvent<{ id: number; input: LayoutInput }>) => {
  const { id, input } = event.data;
  try {
    const result = computeLayout(input);
    (self as unknown as DedicatedWorkerGlobalScope).postMessage({ id, ok: true, result }, [result.x.buffer, result.y.buffer, result.level.buffer, result.clusterOf.buffer]);
  } catch (e) {
    (self as unknown as DedicatedWorkerGlobalScope).postMessage({ id, ok: false, error: (e as Error).message });
  }
};

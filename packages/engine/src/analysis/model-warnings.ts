/** Warnings about a valid model: legal, but a continuity manager should look. */
import { formatDuration } from "../duration.js";
import type { Diagnostic } from "../model/diagnostics.js";
import type { SourceRef } from "../model/types.js";
import type { CompiledModel } from "../compile/compiled-model.js";
import { chainPath, cyclePath, restartChains, stronglyConnected, unreferenced } from "./structure.js";

type Locate = (ref: SourceRef | undefined, key?: boolean) => { file?: string; line?: number; column?: number };

const MAX_PER_KIND = 50;

export function modelWarnings(cm: CompiledModel, locate: Locate): Diagnostic[] {
  const out: Diagnostic[] = [];
  const comps = cm.model.components;
  const at = (i: number) => locate(comps[i].source);
  const structure = stronglyConnected(cm);

  structure.cycles.slice(0, MAX_PER_KIND).forEach((members) => {
    const path = cyclePath(cm, members, structure.scc).map((i) => cm.ids[i]);
    const first = cm.index.get(path[0])!;
    out.push({
      severity: "warning",
      code: "cycle",
      message: `circular dependency: ${path.join(" → ")}${members.length > path.length - 1 ? ` (${members.length} components wait on each other)` : ""}`,
      hint: "if all of these go down together none can come back by itself; make sure a plan or an independent path breaks the circle",
      component: cm.ids[first],
      ...at(first),
    });
  });
  if (structure.cycles.length > MAX_PER_KIND) out.push({ severity: "warning", code: "cycle", message: `${structure.cycles.length - MAX_PER_KIND} more circular dependencies not shown` });

  const orphans = unreferenced(cm).filter((i) => cm.tier[i] === 0);
  orphans.slice(0, MAX_PER_KIND).forEach((i) =>
    out.push({
      severity: "warning",
      code: "unused",
      message: "nothing depends on this component and it has no tier",
      hint: "give it a tier if it is a business service, add it to what needs it, or remove it",
      component: cm.ids[i],
      ...at(i),
    }),
  );
  if (orphans.length > MAX_PER_KIND) out.push({ severity: "warning", code: "unused", message: `${orphans.length - MAX_PER_KIND} more components nothing depends on` });

  const chains = restartChains(cm, structure);
  let slow = 0;
  for (let i = 0; i < cm.n; i++) {
    if (!(chains.total[i] > cm.rto[i])) continue;
    if (slow++ >= MAX_PER_KIND) continue;
    const path = chainPath(chains.next, i);
    out.push({
      severity: "warning",
      code: "rto-unreachable",
      message: `rto ${formatDuration(cm.rto[i])} cannot be met: restarting ${path.map((k) => `${cm.ids[k]} (${formatDuration(cm.restart[k])})`).join(" → ")} takes ${formatDuration(chains.total[i])}`,
      hint: "shorten those restarts, add a standby that is already running, or set an rto the chain can meet",
      component: cm.ids[i],
      ...locate(comps[i].source ? { ...comps[i].source!, parent: comps[i].source, step: "rto" } : undefined, true),
    });
  }
  if (slow > MAX_PER_KIND) out.push({ severity: "warning", code: "rto-unreachable", message: `${slow - MAX_PER_KIND} more RTOs the restart chain cannot meet` });
  return out;
}

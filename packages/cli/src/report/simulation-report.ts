/** The report a continuity manager pastes after asking "what if …?". */
import { formatDuration, type CapacityWaitsJSON, type CompiledModel, type LoadedModel, type Scenario, type SimulationJSON } from "@continuum/engine";
import type { Block, Cell } from "./document.js";
import { isService, label, money, moment, tierName } from "./labels.js";

export function simulationReport(loaded: LoadedModel, scenario: Scenario, result: SimulationJSON, capacityWaits: CapacityWaitsJSON = {}): Block[] {
  const { model, compiled } = loaded;
  const currency = model.currency;
  const byId = new Map(model.components.map((c) => [c.id, c]));
  const blocks: Block[] = [];

  blocks.push({ kind: "heading", level: 1, text: `What if: ${scenario.name ?? scenario.scenario}${model.organization ? ` — ${model.organization}` : ""}` });
  const events = scenario.events.map((e) =>
    "fail" in e
      ? `${label(byId.get(e.fail), e.fail)} fails at ${moment(e.at)}${Number.isFinite(e.for) ? ` for ${formatDuration(e.for)}` : ", not repaired within the horizon"}`
      : `plan ${e.activate} activated at ${moment(e.at)}`,
  );
  blocks.push({ kind: "para", text: `Scenario ${scenario.scenario}, horizon ${formatDuration(result.horizonMinutes)}.` });
  if (events.length) blocks.push({ kind: "list", items: events });

  const affected = Object.entries(result.components);
  const services = affected.filter(([id]) => isService(byId.get(id)!));
  const others = affected.filter(([id]) => !isService(byId.get(id)!));

  if (!affected.length) {
    blocks.push({ kind: "para", text: [{ text: "Nothing goes down: every component stays UP for the whole horizon.", tone: "good" }] });
    return blocks;
  }

  blocks.push({ kind: "heading", level: 2, text: "Business services affected" });
  if (!services.length) blocks.push({ kind: "para", text: "No business service goes down." });
  const tiers = [...new Set(services.map(([id]) => byId.get(id)!.tier ?? Infinity))].sort((a, b) => a - b);
  for (const tier of tiers) {
    const rows = services
      .filter(([id]) => (byId.get(id)!.tier ?? Infinity) === tier)
      .sort((a, b) => b[1].longestOutageMinutes - a[1].longestOutageMinutes || (a[0] < b[0] ? -1 : 1))
      .map(([id, r]): Cell[] => {
        const c = byId.get(id)!;
        const first = r.outages[0];
        const last = r.outages[r.outages.length - 1];
        const longest = r.outages.reduce((best, o) => ((o.end ?? result.horizonMinutes) - o.start > (best.end ?? result.horizonMinutes) - best.start ? o : best), first);
        return [
          label(c, id),
          moment(first.start),
          last.end === null ? { text: "still down", tone: "bad" } : moment(last.end),
          `${formatDuration(r.longestOutageMinutes)}${r.outages.length > 1 ? ` (${r.outages.length}×, ${formatDuration(r.downtimeMinutes)} in all)` : ""}`,
          verdict(c.rto, r.rtoBreached, longest.start),
          verdict(c.mtpd, r.mtpdBreached, longest.start),
          r.loss ? money(r.loss, currency) : "—",
        ];
      });
    blocks.push({ kind: "heading", level: 3, text: Number.isFinite(tier) ? tierName(tier) : tierName(undefined) });
    blocks.push({ kind: "table", head: ["Service", "Down at", "Back at", "Outage", "RTO", "MTPD", "Loss"], rows, align: ["left", "right", "right", "left", "left", "left", "right"] });
  }

  if (others.length) {
    blocks.push({ kind: "heading", level: 2, text: `Other components down (${others.length})` });
    const byKind = new Map<string, string[]>();
    for (const [id] of others) {
      const kind = byId.get(id)!.kind ?? "component";
      byKind.set(kind, [...(byKind.get(kind) ?? []), id]);
    }
    blocks.push({
      kind: "list",
      items: [...byKind.entries()]
        .sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1))
        .map(([kind, ids]) => `${kind}: ${ids.slice(0, 12).map((id) => `${id} (${outageText(result, id)})`).join(", ")}${ids.length > 12 ? `, … ${ids.length - 12} more` : ""}`),
    });
  }

  if (result.deadlocked.length) {
    blocks.push({ kind: "heading", level: 2, text: `Circular waits: ${result.deadlocked.length} component(s) can never come back by themselves` });
    blocks.push({ kind: "para", text: "Even with every failure repaired, these wait on each other (the tool that recovers them lives behind what it recovers):" });
    blocks.push({ kind: "list", items: explainDeadlocks(compiled, result.deadlocked) });
  }

  if (result.plans && Object.keys(result.plans).length) {
    blocks.push({ kind: "heading", level: 2, text: "Recovery plans" });
    const rows: Cell[][] = [];
    for (const [planId, plan] of Object.entries(result.plans)) {
      const planName = model.plans.find((p) => p.id === planId)?.name;
      const status: Cell =
        plan.activatedAt === null ? { text: "not activated", tone: "dim" } : plan.completedAt !== null ? { text: `completed ${moment(plan.completedAt)}`, tone: "good" } : { text: "not complete", tone: "bad" };
      const stuck = Object.entries(plan.steps)
        .filter(([, s]) => s.end === null && plan.activatedAt !== null)
        .map(([stepId, s]) =>
          s.waitingForComponents?.length
            ? `${stepId} waits for ${s.waitingForComponents.join(", ")} (DOWN)`
            : s.waitingForCapacity?.length
              ? `${stepId} waits for ${s.waitingForCapacity.join(", ")} (every unit busy)`
            : s.waitingForSteps?.length
              ? `${stepId} waits for step ${s.waitingForSteps.join(", ")}`
              : `${stepId} running since ${moment(s.start ?? 0)}`,
        );
      const interrupted = Object.entries(plan.steps).filter(([, s]) => s.interruptions > 0).map(([id, s]) => `${id} interrupted ${s.interruptions}×`);
      rows.push([planName ? `${planName} (${planId})` : planId, plan.activatedAt === null ? "—" : moment(plan.activatedAt), status, [...stuck, ...interrupted].join("; ") || "—"]);
    }
    blocks.push({ kind: "table", head: ["Plan", "Activated", "Status", "Waiting / notes"], rows });
    blocks.push(...capacityWaitBlocks(capacityWaits, result.horizonMinutes));
  }

  const rtoBreaches = services.filter(([, r]) => r.rtoBreached).length;
  const mtpdBreaches = services.filter(([, r]) => r.mtpdBreached).length;
  const stillDown = affected.filter(([, r]) => r.outages[r.outages.length - 1].end === null).length;
  blocks.push({ kind: "heading", level: 2, text: "Totals" });
  blocks.push({
    kind: "list",
    items: [
      `${services.length} business service(s) and ${others.length} other component(s) go down; ${stillDown} still down at the horizon`,
      [{ text: `${rtoBreaches} RTO breach(es), ${mtpdBreaches} MTPD breach(es)`, tone: rtoBreaches || mtpdBreaches ? "bad" : "good" }],
      [{ text: `Loss: ${money(result.totalLoss, currency)}`, tone: "strong" }],
    ],
  });
  return blocks;
}

/** When steps were ready but every unit of a team or tool they need was busy: the hands, not the machines. */
function capacityWaitBlocks(waits: CapacityWaitsJSON, horizon: number): Block[] {
  const items: Array<{ text: string; minutes: number }> = [];
  for (const [planId, steps] of Object.entries(waits)) {
    for (const [stepId, list] of Object.entries(steps)) {
      for (const w of list) {
        const minutes = (w.to ?? horizon) - w.from;
        const until = w.to === null ? "still waiting at the horizon" : `until ${moment(w.to)}`;
        items.push({ text: `${planId} / ${stepId} waited ${formatDuration(minutes)} for ${w.components.join(", ")}: from ${moment(w.from)} ${until}`, minutes });
      }
    }
  }
  if (!items.length) return [];
  const total = items.reduce((sum, i) => sum + i.minutes, 0);
  return [
    { kind: "heading", level: 3, text: "Waiting for people and tools (capacity)" },
    { kind: "para", text: `${items.length} wait(s), ${formatDuration(total)} in all: steps ready with every component UP, but every unit of a team or tool they need was busy.` },
    { kind: "list", items: items.map((i) => i.text) },
  ];
}

function verdict(target: number | undefined, breached: boolean, start: number): Cell {
  if (target === undefined) return { text: "—", tone: "dim" };
  if (!breached) return { text: `met (${formatDuration(target)})`, tone: "good" };
  return { text: `BREACHED ${formatDuration(target)}, at ${moment(start + target)}`, tone: "bad" };
}

function outageText(result: SimulationJSON, id: string): string {
  const r = result.components[id];
  const last = r.outages[r.outages.length - 1];
  return last.end === null ? `down from ${moment(r.outages[0].start)}` : formatDuration(r.downtimeMinutes);
}

/** "a waits on b, c" for each deadlocked component, naming only what is itself stuck. */
export function explainDeadlocks(cm: CompiledModel, deadlocked: string[]): string[] {
  const stuck = new Set(deadlocked);
  return deadlocked.map((id) => {
    const i = cm.index.get(id)!;
    const waits: string[] = [];
    for (let e = cm.hardStart[i]; e < cm.hardStart[i + 1]; e++) {
      const j = cm.ids[cm.hardTarget[e]];
      if (stuck.has(j) && !waits.includes(j)) waits.push(j);
    }
    for (let g = cm.groupStart[i]; g < cm.groupStart[i + 1]; g++) {
      const members: string[] = [];
      for (let e = cm.memberStart[g]; e < cm.memberStart[g + 1]; e++) members.push(cm.ids[cm.memberTarget[e]]);
      const stuckMembers = members.filter((m) => stuck.has(m));
      if (stuckMembers.length && members.length - stuckMembers.length < cm.groupNeed[g]) waits.push(`group ${cm.groupName[g] ?? ""}[${stuckMembers.join(", ")}]`.replace("group [", "group ["));
    }
    return waits.length ? `${id} waits on ${waits.join(", ")}` : `${id}`;
  });
}

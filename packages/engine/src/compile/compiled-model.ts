/**
 * The model laid out for the simulator: integer ids and compressed adjacency (CSR) in typed
 * arrays, forward (what a component needs) and reverse (who needs it), so a cascade touches only
 * the components it reaches.
 */
import type { Component, GroupDependency, Model, Plan } from "../model/types.js";
import { release } from "../model/source.js";
import { MODE_ACTIVE_ACTIVE, MODE_ACTIVE_PASSIVE, MODE_MANUAL, takeIdIndex } from "../model/layout.js";

export interface CompiledPlan {
  id: string;
  when: Int32Array;
  after: number;
  /** lower first when steps compete for capacity */
  priority: number;
  /** global step indexes */
  steps: Int32Array;
}

export interface CompiledStep {
  id: string;
  plan: number;
  duration: number;
  after: Int32Array; // global step indexes
  successors: number[];
  needs: Int32Array;
  /** the capacity slots (see CompiledModel.capComponent) its needs take, and how many units of each */
  capSlots: Int32Array;
  capUnits: Int32Array;
  /** position in the order of (plan id, step id) by code point: the last tie-breaker for capacity */
  idRank: number;
  start: Int32Array;
  repair: Int32Array;
  switchGroups: Int32Array; // manual groups switched
}

export interface CompiledModel {
  readonly model: Model;
  readonly n: number;
  readonly ids: string[];
  readonly index: Map<string, number>;
  readonly restart: Float64Array;
  readonly standby: Uint8Array;
  /** 0 = no tier */
  readonly tier: Int32Array;
  /** Infinity where the component has no such target */
  readonly rto: Float64Array;
  readonly mtpd: Float64Array;
  /** hard requirements: hardTarget[hardStart[i] .. hardStart[i+1]) */
  readonly hardStart: Int32Array;
  readonly hardTarget: Int32Array;
  /** dependents through hard requirements */
  readonly revHardStart: Int32Array;
  readonly revHardSource: Int32Array;
  /** groups owned by component i: [groupStart[i], groupStart[i+1]) */
  readonly groupStart: Int32Array;
  readonly groupOwner: Int32Array;
  readonly groupMode: Uint8Array;
  readonly groupNeed: Int32Array;
  readonly groupFailover: Float64Array;
  readonly groupName: Array<string | undefined>;
  readonly memberStart: Int32Array;
  readonly memberTarget: Int32Array;
  /** groups component j is a member of */
  readonly revMemberStart: Int32Array;
  readonly revMemberGroup: Int32Array;
  readonly plans: CompiledPlan[];
  readonly steps: CompiledStep[];
  /** plans whose activation watches component i */
  readonly watchingPlans: Map<number, number[]>;
  /** steps that need component i */
  readonly needingSteps: Map<number, number[]>;
  /** the components with a capacity, one slot each, and their capacities */
  readonly capComponent: Int32Array;
  readonly capacity: Int32Array;
  readonly hasImpact: Uint8Array;
}

/** What each component needs, forward (compileModel reverses it). */
interface Forward {
  hardStart: Int32Array;
  hardTarget: Int32Array;
  groupStart: Int32Array;
  groupOwner: Int32Array;
  groupMode: Uint8Array;
  groupNeed: Int32Array;
  groupFailover: Float64Array;
  groupName: Array<string | undefined>;
  memberStart: Int32Array;
  memberTarget: Int32Array;
}

/** Lays out a validated model. Throws only on a model that did not pass validation. */
export function compileModel(model: Model): CompiledModel {
  const comps = model.components;
  const n = comps.length;
  const ids: string[] = new Array(n);
  // the reader's index of ids when it fits, so a big model does not build that map twice
  const known = takeIdIndex(model);
  const index = known?.index ?? new Map<string, number>();
  const restart = new Float64Array(n);
  const standby = new Uint8Array(n);
  const tier = new Int32Array(n);
  const rto = new Float64Array(n);
  const mtpd = new Float64Array(n);
  const hasImpact = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = comps[i];
    ids[i] = c.id;
    if (!known) index.set(c.id, i);
    restart[i] = c.restart;
    standby[i] = c.standby ? 1 : 0;
    tier[i] = c.tier ?? 0;
    rto[i] = c.rto ?? Infinity;
    mtpd[i] = c.mtpd ?? Infinity;
    hasImpact[i] = c.impact.length ? 1 : 0;
  }
  const forward = forwardLayout(comps, index, known?.targets);
  const { hardStart, hardTarget, groupStart, groupOwner, groupMode, groupNeed, groupFailover, groupName, memberStart, memberTarget } = forward;
  const hardCount = hardTarget.length;
  const groupCount = groupOwner.length;
  const memberCount = memberTarget.length;
  const revHardCount = new Int32Array(n + 1);
  for (let e = 0; e < hardCount; e++) revHardCount[hardTarget[e]]++;
  const revMemberCount = new Int32Array(n + 1);
  for (let e = 0; e < memberCount; e++) revMemberCount[memberTarget[e]]++;

  const revHardStart = prefixSum(revHardCount, n);
  const revHardSource = new Int32Array(hardCount);
  const fill = revHardStart.slice(0, n);
  for (let i = 0; i < n; i++) {
    for (let e = hardStart[i]; e < hardStart[i + 1]; e++) revHardSource[fill[hardTarget[e]]++] = i;
  }
  const revMemberStart = prefixSum(revMemberCount, n);
  const revMemberGroup = new Int32Array(memberCount);
  const fillM = revMemberStart.slice(0, n);
  for (let gi = 0; gi < groupCount; gi++) {
    for (let e = memberStart[gi]; e < memberStart[gi + 1]; e++) revMemberGroup[fillM[memberTarget[e]]++] = gi;
  }

  // the counts and cursors are done with: let their memory go before the simulator asks for its own
  for (const scratch of [revHardCount, revMemberCount, fill, fillM]) release(scratch);

  const { plans, steps, watchingPlans, needingSteps, capComponent, capacity } = compilePlans(model.plans, comps, index, groupName, groupMode);

  return {
    model, n, ids, index, restart, standby, tier, rto, mtpd,
    hardStart, hardTarget, revHardStart, revHardSource,
    groupStart, groupOwner, groupMode, groupNeed, groupFailover, groupName, memberStart, memberTarget,
    revMemberStart, revMemberGroup, plans, steps, watchingPlans, needingSteps, capComponent, capacity, hasImpact,
  };
}

/**
 * The forward layout from the component objects: each reference's target from `targets` (the
 * reader's, in this very order) when it fits, else looked up by id.
 */
function forwardLayout(comps: readonly Component[], index: Map<string, number>, known?: Int32Array): Forward {
  const n = comps.length;
  let hardCount = 0;
  let groupCount = 0;
  let memberCount = 0;
  for (let i = 0; i < n; i++) {
    const c = comps[i];
    if (c.site !== undefined) hardCount++;
    const deps = c.dependsOn;
    for (let k = 0; k < deps.length; k++) {
      const d = deps[k];
      if (typeof d === "string") hardCount++;
      else {
        groupCount++;
        memberCount += d.members.length;
      }
    }
  }
  const hardStart = new Int32Array(n + 1);
  const hardTarget = new Int32Array(hardCount);
  const groupStart = new Int32Array(n + 1);
  const groupOwner = new Int32Array(groupCount);
  const groupMode = new Uint8Array(groupCount);
  const groupNeed = new Int32Array(groupCount);
  const groupFailover = new Float64Array(groupCount);
  const groupName: Array<string | undefined> = new Array(groupCount);
  const memberStart = new Int32Array(groupCount + 1);
  const memberTarget = new Int32Array(memberCount);
  // the reader's targets fit when they count as many references (a model changed since has another count)
  const targets = known && known.length === hardCount + memberCount ? known : undefined;
  let p = 0;
  const target = (id: string): number => {
    if (targets) return targets[p++];
    const t = index.get(id);
    if (t === undefined) throw new Error(`unknown component ${id}`);
    return t;
  };

  let h = 0;
  let g = 0;
  let m = 0;
  for (let i = 0; i < n; i++) {
    const c = comps[i];
    hardStart[i] = h;
    groupStart[i] = g;
    if (c.site !== undefined) hardTarget[h++] = target(c.site);
    const deps = c.dependsOn;
    for (let k = 0; k < deps.length; k++) {
      const d = deps[k];
      if (typeof d === "string") hardTarget[h++] = target(d);
      else {
        groupOwner[g] = i;
        groupMode[g] = groupModeOf(d);
        groupNeed[g] = d.mode === "active-active" ? d.need : 1;
        groupFailover[g] = d.failover === "manual" ? Infinity : d.failover;
        groupName[g] = d.group;
        memberStart[g] = m;
        const members = d.members;
        for (let j = 0; j < members.length; j++) memberTarget[m++] = target(members[j]);
        g++;
      }
    }
  }
  hardStart[n] = h;
  groupStart[n] = g;
  memberStart[groupCount] = m;
  return { hardStart, hardTarget, groupStart, groupOwner, groupMode, groupNeed, groupFailover, groupName, memberStart, memberTarget };
}

export function groupModeOf(d: GroupDependency): number {
  return d.mode === "active-active" ? MODE_ACTIVE_ACTIVE : d.failover === "manual" ? MODE_MANUAL : MODE_ACTIVE_PASSIVE;
}

function prefixSum(counts: Int32Array, n: number): Int32Array {
  const start = new Int32Array(n + 1);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    start[i] = sum;
    sum += counts[i];
  }
  start[n] = sum;
  return start;
}

export function compilePlans(plans: Plan[], comps: readonly Component[], index: Map<string, number>, groupName: Array<string | undefined>, groupMode: Uint8Array) {
  const compiledPlans: CompiledPlan[] = [];
  const steps: CompiledStep[] = [];
  const watchingPlans = new Map<number, number[]>();
  const needingSteps = new Map<number, number[]>();
  const manualByName = new Map<string, number[]>();
  groupName.forEach((name, gi) => {
    if (name !== undefined && groupMode[gi] === MODE_MANUAL) {
      const list = manualByName.get(name) ?? [];
      list.push(gi);
      manualByName.set(name, list);
    }
  });
  const ix = (ids: string[]) => Int32Array.from(ids.map((id) => index.get(id)!));
  // a slot per component with a capacity that some step needs (the others are never counted)
  const slotOf = new Map<number, number>();
  const capComponentList: number[] = [];
  const capacityList: number[] = [];
  const slot = (c: number) => {
    let k = slotOf.get(c);
    if (k === undefined) {
      k = capComponentList.length;
      slotOf.set(c, k);
      capComponentList.push(c);
      capacityList.push(comps[c].capacity!);
    }
    return k;
  };
  plans.forEach((plan, pi) => {
    const first = steps.length;
    const local = new Map(plan.steps.map((s, k) => [s.id, first + k]));
    plan.steps.forEach((s) => {
      const counted = s.needs.filter((id) => comps[index.get(id)!].capacity !== undefined);
      steps.push({
        id: s.id,
        plan: pi,
        duration: s.duration,
        after: Int32Array.from(s.after.map((a) => local.get(a)!)),
        successors: [],
        needs: ix(s.needs),
        capSlots: Int32Array.from(counted.map((id) => slot(index.get(id)!))),
        capUnits: Int32Array.from(counted.map((id) => s.units[id] ?? 1)),
        idRank: 0,
        start: ix(s.does.start),
        repair: ix(s.does.repair),
        switchGroups: Int32Array.from(s.does.switch.flatMap((name) => manualByName.get(name) ?? [])),
      });
    });
    for (let k = first; k < steps.length; k++) {
      for (const a of steps[k].after) steps[a].successors.push(k);
      for (const c of steps[k].needs) push(needingSteps, c, k);
    }
    const when = ix(plan.activation.when);
    for (const c of when) push(watchingPlans, c, pi);
    compiledPlans.push({ id: plan.id, when, after: plan.activation.after, priority: plan.priority, steps: Int32Array.from(plan.steps.map((_, k) => first + k)) });
  });
  const byIds = steps.map((_, k) => k);
  byIds.sort((a, b) => codePointOrder(compiledPlans[steps[a].plan].id, compiledPlans[steps[b].plan].id) || codePointOrder(steps[a].id, steps[b].id));
  byIds.forEach((s, rank) => (steps[s].idRank = rank));
  return { plans: compiledPlans, steps, watchingPlans, needingSteps, capComponent: Int32Array.from(capComponentList), capacity: Int32Array.from(capacityList) };
}

/** Compares by Unicode code point (not UTF-16 code unit, which orders astral characters differently). */
function codePointOrder(a: string, b: string): number {
  if (a === b) return 0;
  const x = Array.from(a, (ch) => ch.codePointAt(0)!);
  const y = Array.from(b, (ch) => ch.codePointAt(0)!);
  for (let i = 0; i < x.length && i < y.length; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

function push(map: Map<number, number[]>, key: number, value: number) {
  const list = map.get(key);
  if (list) {
    if (!list.includes(value)) list.push(value);
  } else map.set(key, [value]);
}


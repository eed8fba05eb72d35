/**
 * The discrete-event simulation of the contract (continuity-model.md, "Semantics").
 *
 * Each instant is settled in two phases so the result never depends on processing order:
 * the down phase only takes components DOWN (a monotone fixpoint), the up phase only brings them
 * UP. State changes are incremental: a component keeps counts of its unmet requirements, so a
 * cascade costs the edges it crosses, never a scan of the model. Everything a run touches is
 * remembered, so the next run (single points of failure, Monte Carlo years) resets only that.
 */
import { EventQueue } from "./event-queue.js";
import type { CompiledModel } from "../compile/compiled-model.js";
import { MODE_ACTIVE_ACTIVE, MODE_ACTIVE_PASSIVE } from "../model/layout.js";

const EV_FAIL_START = 0;
const EV_FAIL_END = 1;
const EV_SWITCH_END = 2;
const EV_RESTART = 3;
const EV_ACTIVATE = 4;
const EV_STEP_DONE = 5;

const STEP_WAITING = 0; // not ready: plan inactive or an `after` step not complete
const STEP_READY = 1; // ready, waiting for its needs
const STEP_RUNNING = 2;
const STEP_DONE = 3;

export interface Failure {
  component: number;
  start: number;
  /** Infinity = not repaired */
  end: number;
}

export interface SimulationInput {
  horizon: number;
  failures: Failure[];
  activations?: Array<{ plan: number; at: number }>;
  /** Plans are played unless false (single points of failure ignore them). */
  plans?: boolean;
  /** Safety stop for unbounded horizons: at most this many instants. */
  maxInstants?: number;
  /** Work out circular waits at the horizon (default true). */
  deadlocks?: boolean;
}

export interface StepRecord {
  start: number | null;
  end: number | null;
  interruptions: number;
  waitingForSteps?: number[];
  waitingForComponents?: number[];
  /** components with a capacity whose free units fall short of what the step needs (all its needs UP) */
  waitingForCapacity?: number[];
  /** every span in which the step was ready with its needs UP but short of units (not in the contract's JSON) */
  capacityWaits?: CapacityWaitRecord[];
}

/** A step ready with its needs UP, waiting for units of these components from `from` to `to` (NaN = the horizon). */
export interface CapacityWaitRecord {
  from: number;
  to: number;
  components: number[];
}

export interface PlanRecord {
  activatedAt: number | null;
  completedAt: number | null;
  steps: StepRecord[];
}

/** What one run produced. Arrays are views into the simulator's buffers: valid until the next run. */
export interface SimulationRun {
  horizon: number;
  outageCount: number;
  outageComponent: Int32Array;
  outageStart: Float64Array;
  /** NaN = still DOWN at the horizon */
  outageEnd: Float64Array;
  deadlocked: number[];
  plans: PlanRecord[];
  instants: number;
  /** the run stopped at maxInstants before the model settled */
  truncated: boolean;
}

export class Simulator {
  readonly cm: CompiledModel;
  private readonly queue = new EventQueue();

  // component state
  readonly up: Uint8Array;
  private readonly broken: Int32Array;
  private readonly hardDown: Int32Array;
  private readonly groupsUnmet: Int32Array;
  private readonly waiting: Uint8Array; // standby not yet started
  private readonly restartAt: Float64Array; // NaN = no restart under way
  private readonly restartVer: Int32Array;
  private readonly downSince: Float64Array; // NaN = not in a reported outage
  private readonly touched: Uint8Array;
  private touchedList: number[] = [];

  // group state
  private readonly gUp: Int32Array;
  private readonly gActive: Int32Array; // member position, -1 = none
  private readonly gMet: Uint8Array;
  private readonly gSwitching: Uint8Array;
  private readonly gPending: Uint8Array;
  private readonly gVer: Int32Array;
  private readonly gTouched: Uint8Array;
  private gTouchedList: number[] = [];

  // the state before instant 0, restored between runs
  private readonly up0: Uint8Array;
  private readonly hardDown0: Int32Array;
  private readonly groupsUnmet0: Int32Array;
  private readonly gUp0: Int32Array;
  private readonly gActive0: Int32Array;
  private readonly gMet0: Uint8Array;
  private readonly initiallyBlocked: number[] = [];
  private readonly standbyList: number[] = [];

  // per-run scratch
  private downStack: number[] = [];
  private upStack: number[] = [];
  private pendingGroups: number[] = [];
  private noActiveGroups: number[] = [];
  private restartCandidates: number[] = [];
  private outComp = new Int32Array(256);
  private outStart = new Float64Array(256);
  private outEnd = new Float64Array(256);
  private outCount = 0;
  private horizon = 0;
  private playPlans = true;

  // failures of the current run
  private fComp: Int32Array = new Int32Array(0);
  private fStart: Float64Array = new Float64Array(0);
  private fState: Uint8Array = new Uint8Array(0); // 0 pending, 1 in force, 2 ended
  private failuresByComponent?: Map<number, number[]>;

  // plans of the current run
  private planActive: Uint8Array;
  private planTriggered: Uint8Array;
  private planActivatedAt: Float64Array;
  private stepState: Uint8Array;
  private stepVer: Int32Array;
  private stepStart: Float64Array;
  private stepEnd: Float64Array;
  private stepInterruptions: Int32Array;
  private stepAfterLeft: Int32Array;
  /**
   * The READY steps that may start at the end of this instant: those that became ready, those a
   * need of which came UP, and those waiting for units of a capacity that units were released to.
   * Any other READY step is still blocked by what blocked it (a need DOWN, or a capacity whose
   * free units have not grown), so it is left alone: an instant costs what changed in it.
   */
  private candidates: number[] = [];
  private readonly stepCandidate: Uint8Array;
  /**
   * Per capacity slot: the steps waiting for its units, in the contract's order, each with the
   * sequence number of its wait (an entry is stale once the step was considered again).
   */
  private slotWaiters: number[][];
  private slotWaiterSeqs: number[][];
  private readonly stepWaitSlot: Int32Array; // -1 = in no waiting list
  private readonly stepWaitSeq: Int32Array;
  /** steps that joined a capacity's list in this instant, in the order they were considered */
  private readonly joinSteps: number[][];
  private readonly joinSeqs: number[][];
  private readonly slotJoined: Uint8Array;
  private readonly joinedSlots: number[] = [];
  private readonly slotCursor: Int32Array;
  private mergeSteps: number[] = [];
  private mergeSeqs: number[] = [];
  /** steps considered in this instant's allocation (each once) */
  private readonly stepSeen: Uint8Array;
  private readonly seenSteps: number[] = [];
  private readonly releasedSlots: number[] = [];
  private readonly slotReleased: Uint8Array;
  /** 1 where some step needs the component (so its coming UP may let a step start) */
  private readonly stepNeeded: Uint8Array;
  /** the instant each step last became ready (the second key of the capacity order) */
  private readonly stepReadyAt: Float64Array;
  private readonly stepPriority: Float64Array;
  private readonly stepIdRank: Int32Array;
  /** free units per capacity slot (CompiledModel.capComponent) */
  private readonly capFree: Int32Array;
  private readonly countsCapacity: boolean;
  /** the open and closed capacity waits of this run, by step (only steps that waited) */
  private capacityWaits = new Map<number, CapacityWaitRecord[]>();
  private readonly stepWaitingForUnits: Uint8Array;
  private readonly openWaits: Array<CapacityWaitRecord | undefined>;
  private readonly restartsNow: number[] = [];
  private readonly stepsDoneNow: number[] = [];
  private scratchBlockers?: Int32Array;
  private scratchAvail?: Int32Array;

  constructor(cm: CompiledModel) {
    this.cm = cm;
    const n = cm.n;
    const G = cm.groupOwner.length;
    this.up = new Uint8Array(n);
    this.broken = new Int32Array(n);
    this.hardDown = new Int32Array(n);
    this.groupsUnmet = new Int32Array(n);
    this.waiting = new Uint8Array(n);
    this.restartAt = new Float64Array(n).fill(NaN);
    this.restartVer = new Int32Array(n);
    this.downSince = new Float64Array(n).fill(NaN);
    this.touched = new Uint8Array(n);
    this.gUp = new Int32Array(G);
    this.gActive = new Int32Array(G);
    this.gMet = new Uint8Array(G);
    this.gSwitching = new Uint8Array(G);
    this.gPending = new Uint8Array(G);
    this.gVer = new Int32Array(G);
    this.gTouched = new Uint8Array(G);

    // Before instant 0 every component is UP except cold standbys.
    const standby = cm.standby;
    const up0 = new Uint8Array(n);
    const hardDown0 = new Int32Array(n);
    const groupsUnmet0 = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      up0[i] = standby[i] ? 0 : 1;
      if (standby[i]) this.standbyList.push(i);
    }
    for (const s of this.standbyList) {
      for (let e = cm.revHardStart[s]; e < cm.revHardStart[s + 1]; e++) hardDown0[cm.revHardSource[e]]++;
    }
    const gUp0 = new Int32Array(G);
    const gActive0 = new Int32Array(G).fill(-1);
    const gMet0 = new Uint8Array(G);
    for (let g = 0; g < G; g++) {
      let count = 0;
      for (let e = cm.memberStart[g]; e < cm.memberStart[g + 1]; e++) {
        if (up0[cm.memberTarget[e]]) {
          if (count === 0 && cm.groupMode[g] !== MODE_ACTIVE_ACTIVE) gActive0[g] = e - cm.memberStart[g];
          count++;
        }
      }
      gUp0[g] = count;
      gMet0[g] = cm.groupMode[g] === MODE_ACTIVE_ACTIVE ? (count >= cm.groupNeed[g] ? 1 : 0) : gActive0[g] >= 0 ? 1 : 0;
      if (!gMet0[g]) groupsUnmet0[cm.groupOwner[g]]++;
    }
    for (let i = 0; i < n; i++) if (up0[i] && (hardDown0[i] || groupsUnmet0[i])) this.initiallyBlocked.push(i);
    this.up0 = up0;
    this.hardDown0 = hardDown0;
    this.groupsUnmet0 = groupsUnmet0;
    this.gUp0 = gUp0;
    this.gActive0 = gActive0;
    this.gMet0 = gMet0;
    this.up.set(up0);
    this.hardDown.set(hardDown0);
    this.groupsUnmet.set(groupsUnmet0);
    for (const s of this.standbyList) this.waiting[s] = 1;
    this.gUp.set(gUp0);
    this.gActive.set(gActive0);
    this.gMet.set(gMet0);

    const P = cm.plans.length;
    const S = cm.steps.length;
    this.planActive = new Uint8Array(P);
    this.planTriggered = new Uint8Array(P);
    this.planActivatedAt = new Float64Array(P);
    this.stepState = new Uint8Array(S);
    this.stepVer = new Int32Array(S);
    this.stepStart = new Float64Array(S);
    this.stepEnd = new Float64Array(S);
    this.stepInterruptions = new Int32Array(S);
    this.stepAfterLeft = new Int32Array(S);
    this.stepCandidate = new Uint8Array(S);
    const K = cm.capComponent.length;
    this.slotWaiters = Array.from(cm.capComponent, () => []);
    this.slotWaiterSeqs = Array.from(cm.capComponent, () => []);
    this.joinSteps = Array.from(cm.capComponent, () => []);
    this.joinSeqs = Array.from(cm.capComponent, () => []);
    this.slotJoined = new Uint8Array(K);
    this.slotCursor = new Int32Array(K);
    this.slotReleased = new Uint8Array(K);
    this.stepWaitSlot = new Int32Array(S).fill(-1);
    this.stepWaitSeq = new Int32Array(S);
    this.stepSeen = new Uint8Array(S);
    this.stepNeeded = new Uint8Array(n);
    for (const c of cm.needingSteps.keys()) this.stepNeeded[c] = 1;
    this.stepReadyAt = new Float64Array(S);
    this.stepWaitingForUnits = new Uint8Array(S);
    this.openWaits = new Array(S).fill(undefined);
    // the order's fixed keys in typed arrays: sorting touches no objects
    this.stepPriority = Float64Array.from(cm.steps, (st) => cm.plans[st.plan].priority);
    this.stepIdRank = Int32Array.from(cm.steps, (st) => st.idRank);
    this.capFree = Int32Array.from(cm.capacity);
    this.countsCapacity = cm.capComponent.length > 0;
  }

  /**
   * The order in which ready steps are served when they compete for capacity (the contract's):
   * plan priority, the instant the step last became ready, then plan id and step id by code point.
   */
  private readonly stepOrder = (a: number, b: number): number =>
    this.stepPriority[a] - this.stepPriority[b] || this.stepReadyAt[a] - this.stepReadyAt[b] || this.stepIdRank[a] - this.stepIdRank[b];

  /** Components whose state the last run changed (the others are as before instant 0). */
  get touchedComponents(): readonly number[] {
    return this.touchedList;
  }

  /** Components that are DOWN before anything happens (cold standbys). */
  get initiallyDown(): readonly number[] {
    return this.standbyList;
  }

  run(input: SimulationInput): SimulationRun {
    this.reset();
    const cm = this.cm;
    const horizon = input.horizon;
    this.horizon = horizon;
    this.playPlans = input.plans !== false && cm.plans.length > 0;
    const maxInstants = input.maxInstants ?? (Number.isFinite(horizon) ? Infinity : 1_000_000);
    const q = this.queue;

    const F = input.failures.length;
    this.fComp = new Int32Array(F);
    this.fStart = new Float64Array(F);
    this.fState = new Uint8Array(F);
    this.failuresByComponent = undefined;
    for (let f = 0; f < F; f++) {
      const { component, start, end } = input.failures[f];
      this.fComp[f] = component;
      this.fStart[f] = start;
      if (!(end > start) || start >= horizon) {
        this.fState[f] = 2; // `for: 0` has no effect; events at or after the horizon are not played
        continue;
      }
      q.push(start, EV_FAIL_START, f, 0);
      if (end < horizon) q.push(end, EV_FAIL_END, f, 0);
    }
    if (this.playPlans) for (const a of input.activations ?? []) if (a.at < horizon) q.push(a.at, EV_ACTIVATE, a.plan, 0);

    let instants = 0;
    let truncated = false;
    let t = 0;
    let first = true;
    for (;;) {
      if (!first) {
        if (q.length === 0) break;
        t = q.peekTime();
        if (t >= horizon) break;
        if (instants >= maxInstants) {
          truncated = true;
          break;
        }
      }
      this.playInstant(t, first);
      first = false;
      instants++;
    }

    // outages still open at the horizon
    for (const i of this.touchedList) {
      if (!this.up[i] && !Number.isNaN(this.downSince[i])) this.recordOutage(i, this.downSince[i], NaN);
    }
    return {
      horizon,
      outageCount: this.outCount,
      outageComponent: this.outComp.subarray(0, this.outCount),
      outageStart: this.outStart.subarray(0, this.outCount),
      outageEnd: this.outEnd.subarray(0, this.outCount),
      deadlocked: input.deadlocks === false ? [] : this.findDeadlocked(),
      plans: this.playPlans ? this.planRecords() : [],
      instants,
      truncated,
    };
  }

  // ---- one instant ------------------------------------------------------------------------

  private playInstant(t: number, first: boolean) {
    const q = this.queue;
    const downStack = this.downStack;
    const upStack = this.upStack;
    const restarts = this.restartsNow;
    const stepsDone = this.stepsDoneNow;
    restarts.length = 0;
    stepsDone.length = 0;

    // down phase, 1: the events of this instant
    while (q.length && q.peekTime() === t) {
      q.pop();
      const kind = q.poppedKind;
      const x = q.poppedTarget;
      switch (kind) {
        case EV_FAIL_START:
          if (this.fState[x] === 0) {
            this.fState[x] = 1;
            const c = this.fComp[x];
            this.touch(c);
            this.broken[c]++;
            if (this.up[c]) downStack.push(c);
            else this.cancelRestart(c);
          }
          break;
        case EV_FAIL_END:
          if (this.fState[x] === 1) {
            this.fState[x] = 2;
            const c = this.fComp[x];
            this.touch(c);
            if (--this.broken[c] === 0) upStack.push(c);
          }
          break;
        case EV_SWITCH_END:
          if (this.gSwitching[x] && this.gVer[x] === q.poppedVersion) {
            this.touchGroup(x);
            this.gSwitching[x] = 0;
            const cm = this.cm;
            if (!this.up[cm.memberTarget[cm.memberStart[x] + this.gActive[x]]]) this.markPending(x);
            this.setMet(x, this.apMet(x));
          }
          break;
        case EV_RESTART:
          if (this.restartVer[x] === q.poppedVersion && this.restartAt[x] === t) restarts.push(x);
          break;
        case EV_ACTIVATE:
          this.activatePlan(x, t);
          break;
        case EV_STEP_DONE:
          if (this.stepState[x] === STEP_RUNNING && this.stepVer[x] === q.poppedVersion) stepsDone.push(x);
          break;
      }
    }
    if (first) for (const c of this.initiallyBlocked) downStack.push(c);

    // down phase, 2: every UP component that is blocked goes DOWN, until none is
    while (downStack.length) {
      const i = downStack.pop()!;
      if (this.up[i] && this.isBlocked(i)) this.goDown(i, t);
    }
    this.resolveSwitchovers(t);

    // up phase: step effects, then restarts, then propagation
    for (const s of stepsDone) if (this.stepState[s] === STEP_RUNNING) this.completeStep(s, t);
    for (const c of restarts) {
      if (Number.isNaN(this.restartAt[c])) continue; // blocked again in this instant's down phase
      this.restartAt[c] = NaN;
      if (!this.up[c] && !this.isBlocked(c)) this.goUp(c, t);
    }
    const restartCandidates = this.restartCandidates;
    while (upStack.length) {
      const i = upStack.pop()!;
      if (this.up[i] || this.isBlocked(i)) continue;
      if (this.cm.restart[i] === 0) this.goUp(i, t);
      else restartCandidates.push(i);
    }
    for (const i of restartCandidates) {
      if (!this.up[i] && !this.isBlocked(i) && Number.isNaN(this.restartAt[i])) {
        const at = t + this.cm.restart[i];
        this.restartAt[i] = at;
        this.queue.push(at, EV_RESTART, i, ++this.restartVer[i]);
      }
    }
    restartCandidates.length = 0;

    // end of the instant: groups with no active member take their first UP member
    const cm = this.cm;
    for (const g of this.noActiveGroups) {
      if (this.gActive[g] >= 0 || this.gUp[g] === 0) continue;
      for (let e = cm.memberStart[g]; e < cm.memberStart[g + 1]; e++) {
        if (this.up[cm.memberTarget[e]]) {
          this.gActive[g] = e - cm.memberStart[g];
          break;
        }
      }
    }
    this.noActiveGroups.length = 0;
    if (this.candidates.length || this.releasedSlots.length) this.startReadySteps(t);
  }

  private isBlocked(i: number): boolean {
    return this.broken[i] !== 0 || this.hardDown[i] !== 0 || this.groupsUnmet[i] !== 0 || this.waiting[i] !== 0;
  }

  private touch(i: number) {
    if (!this.touched[i]) {
      this.touched[i] = 1;
      this.touchedList.push(i);
    }
  }

  private touchGroup(g: number) {
    if (!this.gTouched[g]) {
      this.gTouched[g] = 1;
      this.gTouchedList.push(g);
    }
  }

  private cancelRestart(i: number) {
    if (!Number.isNaN(this.restartAt[i])) {
      this.restartAt[i] = NaN;
      this.restartVer[i]++;
    }
  }

  private goDown(i: number, t: number) {
    const cm = this.cm;
    this.touch(i);
    this.up[i] = 0;
    this.downSince[i] = t;
    for (let e = cm.revHardStart[i], end = cm.revHardStart[i + 1]; e < end; e++) {
      const k = cm.revHardSource[e];
      this.touch(k);
      this.hardDown[k]++;
      if (this.up[k]) this.downStack.push(k);
      else this.cancelRestart(k);
    }
    for (let e = cm.revMemberStart[i], end = cm.revMemberStart[i + 1]; e < end; e++) {
      const g = cm.revMemberGroup[e];
      this.touchGroup(g);
      this.gUp[g]--;
      const mode = cm.groupMode[g];
      if (mode === MODE_ACTIVE_ACTIVE) {
        this.setMet(g, this.gUp[g] >= cm.groupNeed[g] ? 1 : 0);
      } else {
        const a = this.gActive[g];
        if (mode === MODE_ACTIVE_PASSIVE && a >= 0 && cm.memberTarget[cm.memberStart[g] + a] === i) this.markPending(g);
        this.setMet(g, this.apMet(g));
      }
    }
    if (this.playPlans) this.onDownForPlans(i, t);
  }

  private goUp(i: number, t: number) {
    const cm = this.cm;
    this.touch(i);
    this.up[i] = 1;
    if (this.stepNeeded[i] && this.playPlans) this.wakeStepsNeeding(i);
    const since = this.downSince[i];
    if (!Number.isNaN(since)) {
      if (t > since) this.recordOutage(i, since, t);
      this.downSince[i] = NaN;
    }
    for (let e = cm.revHardStart[i], end = cm.revHardStart[i + 1]; e < end; e++) {
      const k = cm.revHardSource[e];
      this.touch(k);
      if (--this.hardDown[k] === 0 && !this.up[k]) this.upStack.push(k);
    }
    for (let e = cm.revMemberStart[i], end = cm.revMemberStart[i + 1]; e < end; e++) {
      const g = cm.revMemberGroup[e];
      this.touchGroup(g);
      this.gUp[g]++;
      if (cm.groupMode[g] === MODE_ACTIVE_ACTIVE) this.setMet(g, this.gUp[g] >= cm.groupNeed[g] ? 1 : 0);
      else {
        if (this.gActive[g] < 0) this.noActiveGroups.push(g);
        this.setMet(g, this.apMet(g));
      }
    }
  }

  /** Is an active-passive group met now (see the contract's rules)? */
  private apMet(g: number): number {
    if (this.gSwitching[g]) return 0;
    const cm = this.cm;
    if (this.gPending[g]) return cm.groupFailover[g] === 0 && this.gUp[g] > 0 ? 1 : 0;
    const a = this.gActive[g];
    if (a >= 0) return this.up[cm.memberTarget[cm.memberStart[g] + a]];
    return this.gUp[g] > 0 ? 1 : 0;
  }

  /** The active member of an automatic group went DOWN: who takes over is settled after the down phase. */
  private markPending(g: number) {
    if (this.gPending[g]) return;
    this.gPending[g] = 1;
    if (this.gSwitching[g]) {
      this.gSwitching[g] = 0;
      this.gVer[g]++;
    }
    this.pendingGroups.push(g);
  }

  private setMet(g: number, met: number) {
    if (this.gMet[g] === met) return;
    this.gMet[g] = met;
    const o = this.cm.groupOwner[g];
    this.touch(o);
    if (met) {
      if (--this.groupsUnmet[o] === 0 && !this.up[o]) this.upStack.push(o);
    } else {
      this.groupsUnmet[o]++;
      if (this.up[o]) this.downStack.push(o);
      else this.cancelRestart(o);
    }
  }

  /** After the down phase: each group that lost its active member switches to its first UP member. */
  private resolveSwitchovers(t: number) {
    const cm = this.cm;
    for (const g of this.pendingGroups) {
      this.gPending[g] = 0;
      let next = -1;
      for (let e = cm.memberStart[g]; e < cm.memberStart[g + 1]; e++) {
        if (this.up[cm.memberTarget[e]]) {
          next = e - cm.memberStart[g];
          break;
        }
      }
      this.gActive[g] = next;
      if (next >= 0 && cm.groupFailover[g] > 0) {
        this.gSwitching[g] = 1;
        this.queue.push(t + cm.groupFailover[g], EV_SWITCH_END, g, ++this.gVer[g]);
      }
      this.setMet(g, this.apMet(g));
    }
    this.pendingGroups.length = 0;
    // a group met again here (failover 0) only un-blocks owners in the up phase: nothing goes DOWN now
    while (this.downStack.length) {
      const i = this.downStack.pop()!;
      if (this.up[i] && this.isBlocked(i)) this.goDown(i, t);
    }
  }

  private recordOutage(i: number, start: number, end: number) {
    if (this.outCount === this.outComp.length) {
      const cap = this.outCount * 2;
      const c = new Int32Array(cap);
      c.set(this.outComp);
      this.outComp = c;
      const s = new Float64Array(cap);
      s.set(this.outStart);
      this.outStart = s;
      const e = new Float64Array(cap);
      e.set(this.outEnd);
      this.outEnd = e;
    }
    this.outComp[this.outCount] = i;
    this.outStart[this.outCount] = start;
    this.outEnd[this.outCount] = end;
    this.outCount++;
  }

  // ---- plans ------------------------------------------------------------------------------

  private onDownForPlans(i: number, t: number) {
    const cm = this.cm;
    const watching = cm.watchingPlans.get(i);
    if (watching) {
      for (const p of watching) {
        if (this.planTriggered[p]) continue;
        this.planTriggered[p] = 1;
        const at = t + cm.plans[p].after;
        if (at === t) this.activatePlan(p, t);
        else if (at < this.horizon) this.queue.push(at, EV_ACTIVATE, p, 0);
      }
    }
    const needing = cm.needingSteps.get(i);
    if (needing) {
      for (const s of needing) {
        if (this.stepWaitingForUnits[s]) this.addCandidate(s); // re-checked at the end of the instant: it may wait for this need now, not for units
        if (this.stepState[s] !== STEP_RUNNING) continue;
        this.stepState[s] = STEP_READY;
        this.stepVer[s]++;
        this.stepInterruptions[s]++;
        this.releaseUnits(s);
        this.becomeReady(s, t);
      }
    }
  }

  private activatePlan(p: number, t: number) {
    if (this.planActive[p]) return;
    this.planActive[p] = 1;
    this.planActivatedAt[p] = t;
    for (const s of this.cm.plans[p].steps) {
      if (this.stepState[s] === STEP_WAITING && this.stepAfterLeft[s] === 0) {
        this.stepState[s] = STEP_READY;
        this.becomeReady(s, t);
      }
    }
  }

  private becomeReady(s: number, t: number) {
    this.stepReadyAt[s] = t;
    this.addCandidate(s);
  }

  private addCandidate(s: number) {
    if (!this.stepCandidate[s]) {
      this.stepCandidate[s] = 1;
      this.candidates.push(s);
    }
  }

  /** Component i came UP: the READY steps that need it may start at the end of the instant. */
  private wakeStepsNeeding(i: number) {
    for (const s of this.cm.needingSteps.get(i)!) if (this.stepState[s] === STEP_READY) this.addCandidate(s);
  }

  /**
   * End of an instant: every ready step whose needs are all UP starts, if the capacities it needs
   * have its units free; in the contract's order, first fit (a step that does not fit waits, and
   * later ones may still start). Units released during the instant are already back in capFree.
   *
   * The steps considered are the candidates (sorted) merged with the waiters of each capacity
   * that units were released to. A capacity's waiters are kept in the contract's order, and only
   * as many are taken as can matter: once it has no unit free, none of the rest could start.
   */
  private startReadySteps(t: number) {
    const list = this.candidates;
    const released = this.releasedSlots;
    // the order matters only where steps compete for units
    if (this.countsCapacity && list.length > 1) list.sort(this.stepOrder);
    const cursor = this.slotCursor;
    for (let r = 0; r < released.length; r++) cursor[released[r]] = 0;
    let next = 0;
    for (;;) {
      // the first step in the order among the next candidate and the next waiter of each released capacity
      let best = next < list.length ? list[next] : -1;
      let from = -1;
      for (let r = 0; r < released.length; r++) {
        const k = released[r];
        const waiters = this.slotWaiters[k];
        if (this.capFree[k] === 0) continue; // nobody waiting for it can start
        let c = cursor[k];
        while (c < waiters.length && !this.validWaiter(k, c)) c++;
        cursor[k] = c;
        if (c === waiters.length) continue;
        const s = waiters[c];
        if (best < 0 || this.stepOrder(s, best) < 0) {
          best = s;
          from = k;
        }
      }
      if (best < 0) break;
      if (from < 0) next++;
      else cursor[from]++;
      this.considerStep(best, t);
    }
    for (let r = 0; r < list.length; r++) this.stepCandidate[list[r]] = 0;
    list.length = 0;
    // the capacities' waiting lists: what was not reached, merged with the steps that now wait
    const seen = this.seenSteps;
    for (let r = 0; r < seen.length; r++) this.stepSeen[seen[r]] = 0;
    seen.length = 0;
    for (let r = 0; r < released.length; r++) this.mergeWaiters(released[r], cursor[released[r]]);
    for (let r = 0; r < this.joinedSlots.length; r++) {
      const k = this.joinedSlots[r];
      if (!this.slotReleased[k]) this.mergeWaiters(k, 0);
    }
    for (let r = 0; r < released.length; r++) this.slotReleased[released[r]] = 0;
    released.length = 0;
    for (let r = 0; r < this.joinedSlots.length; r++) this.slotJoined[this.joinedSlots[r]] = 0;
    this.joinedSlots.length = 0;
  }

  /** Is the c-th entry of capacity k's waiting list still a step waiting there (and not yet considered now)? */
  private validWaiter(k: number, c: number): boolean {
    const s = this.slotWaiters[k][c];
    return this.stepWaitSlot[s] === k && this.stepWaitSeq[s] === this.slotWaiterSeqs[k][c] && !this.stepSeen[s];
  }

  /** One step at its turn in the order: start it, or note what it waits for. */
  private considerStep(s: number, t: number) {
    if (this.stepSeen[s]) return;
    this.stepSeen[s] = 1;
    this.seenSteps.push(s);
    this.stepWaitSlot[s] = -1; // any place in a waiting list is given up: it is placed again below if it still waits
    if (this.stepState[s] !== STEP_READY) return;
    const step = this.cm.steps[s];
    const needs = step.needs;
    const up = this.up;
    for (let k = 0; k < needs.length; k++) {
      if (!up[needs[k]]) {
        if (this.stepWaitingForUnits[s]) this.endCapacityWait(s, t); // now it waits for a need instead
        return; // woken when the need comes UP
      }
    }
    const free = this.capFree;
    const slots = step.capSlots;
    const units = step.capUnits;
    for (let k = 0; k < slots.length; k++) {
      if (free[slots[k]] < units[k]) {
        this.noteCapacityWait(s, t);
        this.waitFor(s, slots[k]); // woken when units of it are released
        return;
      }
    }
    if (this.stepWaitingForUnits[s]) this.endCapacityWait(s, t);
    for (let k = 0; k < slots.length; k++) free[slots[k]] -= units[k];
    this.stepState[s] = STEP_RUNNING;
    this.stepStart[s] = t;
    this.queue.push(t + step.duration, EV_STEP_DONE, s, ++this.stepVer[s]);
  }

  /** Step s waits for units of capacity k: it joins k's list (steps join in the order they are considered). */
  private waitFor(s: number, k: number) {
    this.stepWaitSlot[s] = k;
    const seq = ++this.stepWaitSeq[s];
    this.joinSteps[k].push(s);
    this.joinSeqs[k].push(seq);
    if (!this.slotJoined[k]) {
      this.slotJoined[k] = 1;
      this.joinedSlots.push(k);
    }
  }

  /** Capacity k's waiting list becomes its valid entries from `from` on, merged in order with the steps that joined it now. */
  private mergeWaiters(k: number, from: number) {
    const steps = this.slotWaiters[k];
    const seqs = this.slotWaiterSeqs[k];
    const joinS = this.joinSteps[k];
    const joinQ = this.joinSeqs[k];
    const outS = this.mergeSteps;
    const outQ = this.mergeSeqs;
    let w = 0;
    let a = from;
    let b = 0;
    for (;;) {
      while (a < steps.length && !(this.stepWaitSlot[steps[a]] === k && this.stepWaitSeq[steps[a]] === seqs[a])) a++;
      const hasA = a < steps.length;
      const hasB = b < joinS.length;
      if (!hasA && !hasB) break;
      if (hasA && (!hasB || this.stepOrder(steps[a], joinS[b]) < 0)) {
        outS[w] = steps[a];
        outQ[w++] = seqs[a++];
      } else {
        outS[w] = joinS[b];
        outQ[w++] = joinQ[b++];
      }
    }
    outS.length = w;
    outQ.length = w;
    // the merged list becomes k's, and k's old arrays the next scratch (no copy, no new array)
    this.slotWaiters[k] = outS;
    this.slotWaiterSeqs[k] = outQ;
    this.mergeSteps = steps;
    this.mergeSeqs = seqs;
    joinS.length = 0;
    joinQ.length = 0;
  }

  /** The step is short of units now: open a wait, or add the components it is now short of. */
  private noteCapacityWait(s: number, t: number) {
    const step = this.cm.steps[s];
    let wait = this.openWaits[s];
    if (!this.stepWaitingForUnits[s] || !wait) {
      this.stepWaitingForUnits[s] = 1;
      wait = this.openWaits[s] = { from: t, to: NaN, components: [] };
      const waits = this.capacityWaits.get(s);
      if (waits) waits.push(wait);
      else this.capacityWaits.set(s, [wait]);
    }
    const open = wait.components;
    if (open.length === step.capSlots.length) return; // short of every capacity it needs: nothing to add
    for (let k = 0; k < step.capSlots.length; k++) {
      const c = this.cm.capComponent[step.capSlots[k]];
      if (this.capFree[step.capSlots[k]] < step.capUnits[k] && !open.includes(c)) open.push(c);
    }
  }

  private endCapacityWait(s: number, t: number) {
    this.stepWaitingForUnits[s] = 0;
    this.openWaits[s]!.to = t;
    this.openWaits[s] = undefined;
  }

  /** A running step stops (completes or is interrupted): its units are free again. */
  private releaseUnits(s: number) {
    const step = this.cm.steps[s];
    const slots = step.capSlots;
    for (let k = 0; k < slots.length; k++) {
      const slot = slots[k];
      this.capFree[slot] += step.capUnits[k];
      if (!this.slotReleased[slot]) {
        this.slotReleased[slot] = 1;
        this.releasedSlots.push(slot);
      }
    }
  }

  private completeStep(s: number, t: number) {
    const cm = this.cm;
    const step = cm.steps[s];
    this.stepState[s] = STEP_DONE;
    this.stepEnd[s] = t;
    this.releaseUnits(s);
    for (const c of step.repair) {
      for (const f of this.failuresOf(c)) {
        if (this.fState[f] === 1 && this.fStart[f] < t) {
          this.fState[f] = 2;
          this.touch(c);
          if (--this.broken[c] === 0) this.upStack.push(c);
        }
      }
    }
    for (const c of step.start) {
      if (this.waiting[c]) {
        this.touch(c);
        this.waiting[c] = 0;
        this.upStack.push(c);
      }
    }
    for (const g of step.switchGroups) {
      const a = this.gActive[g];
      if (a >= 0 && !this.up[cm.memberTarget[cm.memberStart[g] + a]]) {
        this.touchGroup(g);
        this.gActive[g] = -1;
        this.noActiveGroups.push(g);
        this.setMet(g, this.apMet(g));
      }
    }
    for (const next of step.successors) {
      if (--this.stepAfterLeft[next] === 0 && this.planActive[cm.steps[next].plan] && this.stepState[next] === STEP_WAITING) {
        this.stepState[next] = STEP_READY;
        this.becomeReady(next, t);
      }
    }
  }

  private failuresOf(c: number): number[] {
    if (!this.failuresByComponent) {
      const map = new Map<number, number[]>();
      for (let f = 0; f < this.fComp.length; f++) {
        const list = map.get(this.fComp[f]);
        if (list) list.push(f);
        else map.set(this.fComp[f], [f]);
      }
      this.failuresByComponent = map;
    }
    return this.failuresByComponent.get(c) ?? [];
  }

  private planRecords(): PlanRecord[] {
    const cm = this.cm;
    return cm.plans.map((plan, p) => {
      let completedAt: number | null = this.planActive[p] ? 0 : null;
      const steps: StepRecord[] = [];
      for (const s of plan.steps) {
        const state = this.stepState[s];
        const rec: StepRecord = {
          start: state === STEP_RUNNING || state === STEP_DONE || this.stepInterruptions[s] > 0 ? this.stepStart[s] : null,
          end: state === STEP_DONE ? this.stepEnd[s] : null,
          interruptions: this.stepInterruptions[s],
        };
        const waits = this.capacityWaits.get(s);
        if (waits) rec.capacityWaits = waits;
        if (state === STEP_DONE) {
          if (completedAt !== null) completedAt = Math.max(completedAt, this.stepEnd[s]);
        } else {
          completedAt = null;
          rec.waitingForSteps = [];
          rec.waitingForComponents = [];
          if (state === STEP_WAITING) rec.waitingForSteps = Array.from(cm.steps[s].after).filter((a) => this.stepState[a] !== STEP_DONE);
          else if (state === STEP_READY) {
            const step = cm.steps[s];
            rec.waitingForComponents = Array.from(step.needs).filter((c) => !this.up[c]);
            if (!rec.waitingForComponents.length) {
              const short = Array.from(step.capSlots).filter((slot, k) => this.capFree[slot] < step.capUnits[k]).map((slot) => cm.capComponent[slot]);
              if (short.length) rec.waitingForCapacity = short;
            }
          }
        }
        steps.push(rec);
      }
      return { activatedAt: this.planActive[p] ? this.planActivatedAt[p] : null, completedAt, steps };
    });
  }

  // ---- deadlocks --------------------------------------------------------------------------

  /**
   * Components that would stay DOWN even if, at the horizon, every failure ended, every
   * switchover completed, every standby started and every restart completed: the least fixpoint
   * of "can come UP" over the DOWN components, where an active-passive group needs any member.
   */
  private findDeadlocked(): number[] {
    const cm = this.cm;
    const down: number[] = [];
    for (const i of this.touchedList) if (!this.up[i]) down.push(i);
    for (const i of this.standbyList) if (!this.up[i] && !this.touched[i]) down.push(i);
    if (!down.length) return [];
    // scratch: blockers[i] = unmet requirements + 1 for DOWN components (0 = not in the set)
    const blockers = (this.scratchBlockers ??= new Int32Array(cm.n));
    const avail = (this.scratchAvail ??= new Int32Array(cm.groupOwner.length));
    const free: number[] = [];
    for (const i of down) {
      let count = 0;
      for (let e = cm.hardStart[i]; e < cm.hardStart[i + 1]; e++) if (!this.up[cm.hardTarget[e]]) count++;
      for (let g = cm.groupStart[i]; g < cm.groupStart[i + 1]; g++) {
        let a = 0;
        for (let e = cm.memberStart[g]; e < cm.memberStart[g + 1]; e++) if (this.up[cm.memberTarget[e]]) a++;
        avail[g] = a;
        if (a < cm.groupNeed[g]) count++;
      }
      blockers[i] = count + 1;
      if (count === 0) free.push(i);
    }
    while (free.length) {
      const i = free.pop()!;
      for (let e = cm.revHardStart[i]; e < cm.revHardStart[i + 1]; e++) {
        const k = cm.revHardSource[e];
        if (blockers[k] > 1 && --blockers[k] === 1) free.push(k);
      }
      for (let e = cm.revMemberStart[i]; e < cm.revMemberStart[i + 1]; e++) {
        const g = cm.revMemberGroup[e];
        const o = cm.groupOwner[g];
        if (blockers[o] === 0) continue; // owner is UP: its groups were not counted
        if (++avail[g] === cm.groupNeed[g] && blockers[o] > 1 && --blockers[o] === 1) free.push(o);
      }
    }
    const stuck: number[] = [];
    for (const i of down) {
      if (blockers[i] > 1) stuck.push(i);
      blockers[i] = 0;
    }
    return stuck;
  }

  // ---- reset ------------------------------------------------------------------------------

  private reset() {
    for (const i of this.touchedList) {
      this.touched[i] = 0;
      this.up[i] = this.up0[i];
      this.broken[i] = 0;
      this.hardDown[i] = this.hardDown0[i];
      this.groupsUnmet[i] = this.groupsUnmet0[i];
      this.waiting[i] = this.cm.standby[i];
      this.restartAt[i] = NaN;
      this.downSince[i] = NaN;
    }
    this.touchedList = [];
    for (const g of this.gTouchedList) {
      this.gTouched[g] = 0;
      this.gUp[g] = this.gUp0[g];
      this.gActive[g] = this.gActive0[g];
      this.gMet[g] = this.gMet0[g];
      this.gSwitching[g] = 0;
      this.gPending[g] = 0;
    }
    this.gTouchedList = [];
    this.queue.clear();
    this.outCount = 0;
    this.downStack.length = 0;
    this.upStack.length = 0;
    this.pendingGroups.length = 0;
    this.noActiveGroups.length = 0;
    for (const s of this.candidates) this.stepCandidate[s] = 0;
    this.candidates.length = 0;
    for (const k of this.releasedSlots) this.slotReleased[k] = 0;
    this.releasedSlots.length = 0;
    for (const waiters of this.slotWaiters) waiters.length = 0;
    for (const seqs of this.slotWaiterSeqs) seqs.length = 0;
    this.stepWaitSlot.fill(-1);
    for (const s of this.capacityWaits.keys()) {
      this.stepWaitingForUnits[s] = 0;
      this.openWaits[s] = undefined;
    }
    this.capacityWaits = new Map();
    this.capFree.set(this.cm.capacity);
    this.planActive.fill(0);
    this.planTriggered.fill(0);
    this.stepState.fill(STEP_WAITING);
    this.stepInterruptions.fill(0);
    for (let s = 0; s < this.cm.steps.length; s++) this.stepAfterLeft[s] = this.cm.steps[s].after.length;
  }
}


/**
 * Property tests on random valid models (continuity-model.md): hard dependencies, `site:`,
 * active-active and active-passive groups (failover 0, > 0, manual), restarts, standby
 * components, tiers, targets, impact, up to two recovery plans; acyclic or with cycles; random
 * scenarios; with capacities (teams), units and plan priorities where a property asks for them. The oracles are the contract's own definitions (single points of failure, the static
 * test for acyclic models, outages as maximal DOWN intervals, the loss integral) and a naive
 * reference implementation of the whole semantics (plans included), all written here from the spec,
 * independently of the engine. CONTINUUM_PROPERTY_RUNS=10 multiplies the number of cases.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify as toYaml } from "yaml";
import { loadModel, loadModelOrThrow, loadScenarioOrThrow, readSnapshot, simulate, spof, Simulator, writeSnapshot, type Diagnostic, type SimulationJSON } from "../src/index.js";

// ---- model specs (plain JSON, exactly what a user could write) ----------------------------

type Dep =
  | string
  | { group: string; members: string[]; need: number }
  | { group: string; members: string[]; mode: "active-passive"; failover: number | "manual" };

interface ImpactEntry {
  from: number;
  perHour?: number;
  once?: number;
}

interface CompSpec {
  id: string;
  restart?: number;
  standby?: boolean;
  tier?: number;
  rto?: number;
  mtpd?: number;
  impact?: ImpactEntry[];
  site?: string;
  dependsOn?: Dep[];
  capacity?: number;
}

interface StepSpec {
  id: string;
  duration: number;
  after?: string[];
  needs?: Array<string | { id: string; units?: number }>;
  does?: { start?: string[]; switch?: string[]; repair?: string[] };
}

interface PlanSpec {
  id: string;
  priority?: number;
  activation: { when: string[]; after: number };
  steps: StepSpec[];
}

interface ModelSpec {
  continuum: 1;
  components: CompSpec[];
  plans?: PlanSpec[];
}

interface EventSpec {
  at: number;
  fail?: string;
  for?: number;
  activate?: string;
}

interface ScenarioSpec {
  scenario: string;
  horizon: number;
  events: EventSpec[];
}

interface Options {
  cyclic?: boolean; // undefined: either
  manual?: boolean;
  standby?: boolean;
  plans?: boolean;
  /** few components and times on a coarse grid, so that many things happen at one instant */
  tight?: boolean;
  /** components with a capacity (teams), needs with units, plans with priorities, up to four plans */
  capacity?: boolean;
}

/** The ids a step needs, with or without units. */
const needIds = (s: StepSpec): string[] => (s.needs ?? []).map((x) => (typeof x === "string" ? x : x.id));
/** The units a step's need takes of a component (1 unless written). */
const unitsOf = (s: StepSpec, c: string): number => {
  const need = (s.needs ?? []).find((x) => typeof x !== "string" && x.id === c);
  return typeof need === "object" ? (need.units ?? 1) : 1;
};

const MAX_N = 8;
/** An index picker without fast-check's bias towards small values (which would pile every pick onto the first component). */
const pick = fc.noBias(fc.nat({ max: 5039 }));
const id = (i: number) => `c${i}`; // c10 < c2 would matter for sorting; MAX_N keeps one digit, shuffles still reorder

const rawGroupArb = (tight: boolean) => fc.record({
  members: fc.array(pick, { minLength: tight ? 2 : 1, maxLength: 4 }),
  activePassive: fc.boolean(),
  needPick: pick,
  failover: fc.constantFrom<number | "manual">(0, 10, 20, "manual"),
});

const rawComponentArb = (tight: boolean) => fc.record({
  restart: tight ? fc.constantFrom(0, 0, 10) : fc.constantFrom(0, 0, 0, 10, 20, 30),
  standby: fc.integer({ min: 0, max: 23 }),
  tier: fc.option(fc.integer({ min: 1, max: 3 }), { freq: 2 }),
  rto: fc.option(fc.constantFrom(10, 30, 60, 90)),
  mtpdExtra: fc.option(fc.constantFrom(0, 30, 120)),
  rates: fc.uniqueArray(fc.record({ from: fc.constantFrom(0, 15, 60, 100), perHour: fc.integer({ min: 0, max: 6000 }) }), {
    selector: (r) => r.from,
    maxLength: 3,
  }),
  onces: fc.array(fc.record({ from: fc.constantFrom(0, 20, 60, 90), once: fc.integer({ min: 0, max: 500 }) }), { maxLength: 2 }),
  hard: tight
    ? fc.oneof({ arbitrary: fc.array(pick, { maxLength: 0 }), weight: 1 }, { arbitrary: fc.array(pick, { minLength: 1, maxLength: 1 }), weight: 1 })
    : fc.oneof({ arbitrary: fc.array(pick, { maxLength: 0 }), weight: 1 }, { arbitrary: fc.array(pick, { minLength: 1, maxLength: 3 }), weight: 2 }),
  site: fc.oneof({ arbitrary: fc.constant(null), weight: 3 }, { arbitrary: pick, weight: 1 }),
  groups: fc.oneof({ arbitrary: fc.array(rawGroupArb(tight), { maxLength: 0 }), weight: 1 }, { arbitrary: fc.array(rawGroupArb(tight), { minLength: 1, maxLength: 2 }), weight: 1 }),
});

const rawComponent = rawComponentArb(false);

const rawPlanArb = (tight: boolean) => fc.record({
  when: fc.array(pick, { minLength: 1, maxLength: 2 }),
  after: tight ? fc.constantFrom(0, 10) : fc.constantFrom(0, 10, 20),
  priority: fc.constantFrom<number | null>(null, 1, 2, 100),
  steps: fc.array(
    fc.record({
      duration: tight ? fc.constantFrom(10, 20) : fc.constantFrom(10, 20, 30),
      after: fc.array(pick, { maxLength: 2 }),
      needs: fc.array(pick, { maxLength: 2 }),
      units: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 2, maxLength: 2 }),
      start: fc.boolean(),
      switch: fc.boolean(),
      repair: fc.array(pick, { maxLength: 1 }),
    }),
    { minLength: 1, maxLength: 3 },
  ),
});

/** With capacities: which components are teams, and how many each has. */
const rawCapacityArb = fc.array(fc.option(fc.integer({ min: 1, max: 3 }), { freq: 2 }), { minLength: MAX_N, maxLength: MAX_N });

const unique = <T>(xs: T[]) => [...new Set(xs)];

type RawComponent = typeof rawComponent extends fc.Arbitrary<infer T> ? T : never;
const rawPlan = rawPlanArb(false);
type RawPlan = typeof rawPlan extends fc.Arbitrary<infer T> ? T : never;

function buildModel(
  n: number,
  cyclic: boolean,
  raws: RawComponent[],
  rawPlans: RawPlan[],
  opts: Options,
  capacities: Array<number | null> = [],
): ModelSpec {
  const components: CompSpec[] = [];
  const manualNames = new Set<string>();
  for (let i = 0; i < n; i++) {
    const raw = raws[i];
    // mostly towards earlier components; with cycles, one pick in six may point anywhere else
    const earlier = [...Array(n).keys()].filter((j) => j < i);
    const others = [...Array(n).keys()].filter((j) => j !== i);
    const cands = cyclic ? others : earlier;
    const poolFor = (k: number) => (cyclic && k % 6 === 0 ? others : earlier);
    const pick = (k: number): number | undefined => {
      const pool = poolFor(k);
      return pool.length ? pool[Math.floor(k / 6) % pool.length] : undefined;
    };
    const picks = (ks: number[]) => unique(ks.map(pick).filter((x): x is number => x !== undefined));
    const c: CompSpec = { id: id(i) };
    if (raw.restart) c.restart = raw.restart;
    if (opts.capacity && capacities[i]) c.capacity = capacities[i]!;
    if (opts.standby && raw.standby === 0) c.standby = true;
    if (raw.tier !== null) c.tier = raw.tier;
    if (raw.rto !== null) c.rto = raw.rto;
    if (raw.mtpdExtra !== null) c.mtpd = (raw.rto ?? 0) + raw.mtpdExtra;
    const impact: ImpactEntry[] = [...raw.rates.map((r) => ({ ...r })), ...raw.onces.map((o) => ({ ...o }))];
    if (impact.length) c.impact = impact;
    if (cands.length) {
      const deps: Dep[] = [];
      const hard = picks(raw.hard);
      const s = raw.site === null ? undefined : pick(raw.site);
      if (s !== undefined) {
        c.site = id(s);
        hard.splice(0, hard.length, ...hard.filter((h) => h !== s));
      }
      deps.push(...hard.map(id));
      raw.groups.forEach((g, k) => {
        // 1 to 4 distinct members, drawn from one pool in a seeded order (list order matters)
        const pool = poolFor(g.members[0]);
        if (!pool.length) return;
        const members = shuffle(pool, mulberry32(g.members[0])).slice(0, g.members.length).map(id);
        const name = `g${k}`;
        if (!g.activePassive) deps.push({ group: name, members, need: 1 + (g.needPick % members.length) });
        else {
          const failover = g.failover === "manual" && !opts.manual ? 10 : g.failover;
          if (failover === "manual") manualNames.add(name);
          deps.push({ group: name, members, mode: "active-passive", failover });
        }
      });
      if (deps.length) c.dependsOn = deps;
    }
    components.push(c);
  }
  const model: ModelSpec = { continuum: 1, components };
  // up to two plans (step ids repeat across plans: they are unique within one)
  rawPlans.forEach((plan, pi) => {
    if (!opts.plans) return;
    const standbys = components.filter((c) => c.standby).map((c) => c.id);
    const steps: StepSpec[] = plan.steps.map((s, k) => {
      const step: StepSpec = { id: `s${k}`, duration: s.duration };
      if (k > 0 && s.after.length) step.after = unique(s.after.map((a) => `s${a % k}`));
      if (s.needs.length) {
        // with capacities, two needs in three go to a team; units 0 = written as a plain id
        const teams = components.filter((c) => c.capacity);
        const target = (x: number) => (opts.capacity && teams.length && x % 3 !== 0 ? teams[Math.floor(x / 3) % teams.length].id : id(x % n));
        step.needs = unique(s.needs.map(target)).map((need, k) => {
          const cap = components.find((c) => c.id === need)!.capacity;
          const units = s.units[k];
          return cap && units ? { id: need, units: Math.min(units, cap) } : need;
        });
      }
      const does: StepSpec["does"] = {};
      if (s.start && standbys.length) does.start = standbys;
      if (s.switch && manualNames.size) does.switch = [...manualNames];
      if (s.repair.length) does.repair = s.repair.map((x) => id(x % n));
      if (Object.keys(does).length) step.does = does;
      return step;
    });
    const spec: PlanSpec = { id: pi ? `dr${pi}` : "dr", activation: { when: unique(plan.when.map((x) => id(x % n))), after: plan.after }, steps };
    if (opts.capacity && plan.priority !== null) spec.priority = plan.priority;
    (model.plans ??= []).push(spec);
  });
  return model;
}

const rawEventsArb = (tight: boolean) =>
  fc.array(
    fc.record({
      c: pick,
      at: tight ? fc.constantFrom(0, 0, 10, 20, 30, 40) : fc.constantFrom(0, 0, 10, 20, 30, 40, 50, 60, 100, 150, 299),
      for: tight ? fc.constantFrom<number | null>(10, 10, 20, 20, 30, 30, null) : fc.constantFrom<number | null>(0, 10, 20, 30, 40, 60, 200, null),
    }),
    { minLength: tight ? 2 : 1, maxLength: 8 },
  );

/** Components where same-instant interactions happen: group members, plan needs and triggers. */
function hotSpots(model: ModelSpec): string[] {
  const hot = new Set<string>();
  for (const c of model.components) for (const d of c.dependsOn ?? []) if (typeof d !== "string") d.members.forEach((m) => hot.add(m));
  for (const p of model.plans ?? []) {
    p.activation.when.forEach((w) => hot.add(w));
    for (const s of p.steps) needIds(s).forEach((x) => hot.add(x));
  }
  return [...hot].sort();
}

function buildScenario(model: ModelSpec, events: Array<{ c: number; at: number; for: number | null }>, horizon: number, activateAt: number | null, which = 0): ScenarioSpec {
  const n = model.components.length;
  const hot = hotSpots(model);
  // two events in three hit a hot spot
  const target = (c: number) => (hot.length && c % 3 !== 0 ? hot[Math.floor(c / 3) % hot.length] : id(c % n));
  const plans = model.plans ?? [];
  const out: EventSpec[] = events.map((e) => (e.for === null ? { at: e.at, fail: target(e.c) } : { at: e.at, fail: target(e.c), for: e.for }));
  if (plans.length && activateAt !== null) out.push({ at: activateAt, activate: plans[which % plans.length].id });
  return { scenario: "random", horizon, events: out };
}

function modelArb(opts: Options) {
  return fc
    .record({
      n: fc.integer({ min: 2, max: opts.tight ? 5 : MAX_N }),
      cyclic: opts.cyclic === undefined ? fc.boolean() : fc.constant(opts.cyclic),
      raws: fc.array(rawComponentArb(!!opts.tight), { minLength: MAX_N, maxLength: MAX_N }),
      plans: opts.capacity
        ? fc.array(rawPlanArb(!!opts.tight), { minLength: 1, maxLength: 4 })
        : opts.plans
          ? fc.oneof({ arbitrary: fc.array(rawPlanArb(!!opts.tight), { maxLength: 0 }), weight: 2 }, { arbitrary: fc.array(rawPlanArb(!!opts.tight), { minLength: 1, maxLength: 2 }), weight: 3 })
          : fc.array(rawPlanArb(false), { maxLength: 0 }),
      capacities: opts.capacity ? rawCapacityArb : fc.constant([] as Array<number | null>),
    })
    .map(({ n, cyclic, raws, plans, capacities }) => buildModel(n, cyclic, raws, plans, opts, capacities));
}

function caseArb(opts: Options) {
  return fc
    .record({
      model: modelArb(opts),
      events: rawEventsArb(!!opts.tight),
      horizon: fc.constantFrom(300, 600),
      activateAt: fc.option(fc.constantFrom(0, 10, 30, 120)),
      which: pick,
    })
    .map(({ model, events, horizon, activateAt, which }) => ({
      model,
      scenario: buildScenario(model, events, horizon, activateAt, which),
    }));
}

/**
 * Redundancy-heavy cases: base components (some standby) behind one site, owners with one group
 * each over some of them, a service on top, and fail events whose times chain (one starts where
 * another ends, or a restart later), so that groups are tested where things happen at one instant.
 */
function redundancyArb() {
  return fc
    .record({
      k: fc.integer({ min: 2, max: 4 }),
      baseRestart: fc.array(fc.constantFrom(0, 0, 10), { minLength: 4, maxLength: 4 }),
      baseStandby: fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 4, maxLength: 4 }),
      onSite: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
      owners: fc.array(
        fc.record({
          seed: pick,
          size: fc.integer({ min: 1, max: 4 }),
          activePassive: fc.boolean(),
          needPick: pick,
          failover: fc.constantFrom<number | "manual">(0, 10, 20, 20, "manual"),
          restart: fc.constantFrom(0, 0, 10),
        }),
        { minLength: 1, maxLength: 3 },
      ),
      plan: fc.option(
        fc.record({ after: fc.constantFrom(0, 10), duration: fc.constantFrom(10, 20), needsBase: fc.option(pick), repair: fc.boolean() }),
      ),
      events: fc.array(
        fc.record({ target: pick, chain: fc.constantFrom("grid", "grid", "end", "end+10", "start+10"), at: fc.constantFrom(0, 10, 20, 30), for: fc.constantFrom<number | null>(10, 10, 20, 30, null) }),
        { minLength: 1, maxLength: 6 },
      ),
    })
    .map(({ k, baseRestart, baseStandby, onSite, owners, plan, events }) => {
      const bases: CompSpec[] = [...Array(k).keys()].map((b) => ({
        id: `b${b}`,
        ...(baseRestart[b] ? { restart: baseRestart[b] } : {}),
        ...(baseStandby[b] === 0 && plan ? { standby: true } : {}),
        ...(onSite[b] ? { site: "site" } : {}),
      }));
      const manual: string[] = [];
      const ownerSpecs: CompSpec[] = owners.map((o, i) => {
        const members = shuffle(bases.map((b) => b.id), mulberry32(o.seed)).slice(0, Math.min(o.size, k));
        const name = `g${i % 2}`; // names repeat across owners: one logical set for a switch
        let dep: Dep;
        if (!o.activePassive) dep = { group: name, members, need: 1 + (o.needPick % members.length) };
        else {
          if (o.failover === "manual") manual.push(name);
          dep = { group: name, members, mode: "active-passive", failover: o.failover };
        }
        return { id: `o${i}`, ...(o.restart ? { restart: o.restart } : {}), dependsOn: [dep] };
      });
      const top: CompSpec = { id: "top", tier: 1, rto: 10, mtpd: 30, impact: [{ from: 0, perHour: 600 }, { from: 15, once: 100 }], dependsOn: ownerSpecs.map((o) => o.id) };
      const model: ModelSpec = { continuum: 1, components: [{ id: "site" }, ...bases, ...ownerSpecs, top] };
      if (plan) {
        const step: StepSpec = { id: "fix", duration: plan.duration };
        if (plan.needsBase !== null) step.needs = [bases[plan.needsBase % k].id];
        const does: StepSpec["does"] = {};
        const standbys = bases.filter((b) => b.standby).map((b) => b.id);
        if (standbys.length) does.start = standbys;
        if (manual.length) does.switch = unique(manual);
        if (plan.repair) does.repair = ["site"];
        if (Object.keys(does).length) step.does = does;
        model.plans = [{ id: "dr", activation: { when: ["top"], after: plan.after }, steps: [step] }];
      }
      // events hit the bases, sometimes the site, rarely an owner
      const ids = [...bases.map((b) => b.id), ...bases.map((b) => b.id), "site", ...ownerSpecs.slice(0, 1).map((o) => o.id)];
      const out: EventSpec[] = [];
      let lastEnd = 0;
      let lastStart = 0;
      for (const e of events) {
        // "start+10" lands inside a switchover the previous event may have begun
        const at = e.chain === "grid" || out.length === 0 ? e.at : e.chain === "end" ? lastEnd : e.chain === "end+10" ? lastEnd + 10 : lastStart + 10;
        lastStart = at;
        const ev: EventSpec = e.for === null ? { at, fail: ids[e.target % ids.length] } : { at, fail: ids[e.target % ids.length], for: e.for };
        if (e.for !== null) lastEnd = at + e.for;
        out.push(ev);
      }
      return { model, scenario: { scenario: "redundancy", horizon: 200, events: out } as ScenarioSpec };
    });
}

// ---- running ---------------------------------------------------------------------------------

function load(model: ModelSpec) {
  return loadModelOrThrow([{ path: "model.json", text: JSON.stringify(model) }], { warnings: false });
}

function run(model: ModelSpec, scenario: ScenarioSpec): SimulationJSON {
  const loaded = load(model);
  return simulate(loaded, loadScenarioOrThrow(loaded.model, { path: "scenario.json", text: JSON.stringify(scenario) }));
}

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(xs: T[], rnd: () => number): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** The same model with its components and each component's requirements listed in another order (group members untouched). */
function reorder(model: ModelSpec, seed: number): ModelSpec {
  const rnd = mulberry32(seed);
  const components = shuffle(model.components, rnd).map((c) => (c.dependsOn ? { ...c, dependsOn: shuffle(c.dependsOn, rnd) } : c));
  return { ...model, components };
}

/** The same model and scenario with everything listed in another order: components, requirements, plans, steps, needs and events. */
function reorderAll(model: ModelSpec, scenario: ScenarioSpec, seed: number): { model: ModelSpec; scenario: ScenarioSpec } {
  const rnd = mulberry32(seed ^ 0x5bd1e995);
  const plans = model.plans && shuffle(model.plans, rnd).map((p) => ({ ...p, steps: shuffle(p.steps, rnd).map((st) => (st.needs ? { ...st, needs: shuffle(st.needs, rnd) } : st)) }));
  return { model: { ...reorder(model, seed), ...(plans ? { plans } : {}) }, scenario: { ...scenario, events: shuffle(scenario.events, rnd) } };
}

/** The same model with no capacity anywhere (needs written with units become plain ids). */
function withoutCapacity(model: ModelSpec): ModelSpec {
  return {
    ...model,
    components: model.components.map(({ capacity, ...c }) => c),
    plans: model.plans?.map((p) => ({ ...p, steps: p.steps.map((st) => ({ ...st, ...(st.needs ? { needs: needIds(st) } : {}) })) })),
  };
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/** A component S is DOWN at the horizon: its last outage is open, or it is a standby no plan started. */
function downAtHorizon(json: SimulationJSON, c: CompSpec, plansPlayed: boolean): boolean {
  const entry = json.components[c.id];
  if (entry) return entry.outages[entry.outages.length - 1].end === null;
  return !!c.standby && !plansPlayed;
}

/** The contract's static test: with X removed, the greatest set whose requirements its members meet. */
function staticSurvivors(model: ModelSpec, x: string): Set<string> {
  const set = new Set(model.components.map((c) => c.id).filter((i) => i !== x));
  for (let changed = true; changed; ) {
    changed = false;
    for (const c of model.components) {
      if (!set.has(c.id)) continue;
      const hard = [...(c.site ? [c.site] : []), ...(c.dependsOn ?? []).filter((d): d is string => typeof d === "string")];
      let ok = hard.every((h) => set.has(h));
      for (const d of c.dependsOn ?? []) {
        if (typeof d === "string") continue;
        const inSet = d.members.filter((m) => set.has(m)).length;
        if ("need" in d ? inSet < d.need : inSet < 1) ok = false;
      }
      if (!ok) {
        set.delete(c.id);
        changed = true;
      }
    }
  }
  return set;
}

/** Reference loss of one outage of D minutes: rates have distinct `from`s here. */
function referenceLoss(impact: ImpactEntry[], d: number): number {
  if (!(d > 0)) return 0;
  const rates = impact.filter((e) => e.perHour !== undefined).sort((a, b) => a.from - b.from);
  let loss = 0;
  rates.forEach((r, k) => {
    const to = Math.min(k + 1 < rates.length ? rates[k + 1].from : Infinity, d);
    if (to > r.from) loss += (r.perHour! * (to - r.from)) / 60;
  });
  for (const e of impact) if (e.once !== undefined && e.from <= d) loss += e.once;
  return loss;
}

// ---- a naive reference implementation of the contract's semantics ---------------------------
//
// Written from the spec's sentences, for clarity only: every instant re-evaluates everything.
// Readings where the spec leaves room (documented in docs/model-format.md): the new active member
// of an active-passive group is the first member UP once the down phase settles (the same member
// the spec's sequential rule picks, whatever the processing order); a standby's first DOWN period
// (until it first comes UP) is not an outage.

interface RGroup {
  kind: "aa" | "ap" | "manual";
  need: number;
  failover: number;
  members: number[];
  name?: string;
  active: number; // position in members, -1 = none
  switchUntil: number | null;
}

interface RStep {
  spec: StepSpec;
  state: "waiting" | "running" | "done";
  /** the instant it last became ready (null: not yet) */
  readyAt: number | null;
  start: number | null;
  end: number | null;
  due: number | null;
  interruptions: number;
}

function reference(model: ModelSpec, scenario: ScenarioSpec): SimulationJSON {
  const comps = model.components;
  const n = comps.length;
  const H = scenario.horizon;
  const idx = new Map(comps.map((c, i) => [c.id, i]));
  const ix = (s: string) => idx.get(s)!;
  const hard = comps.map((c) => [...(c.site ? [ix(c.site)] : []), ...(c.dependsOn ?? []).filter((d): d is string => typeof d === "string").map(ix)]);
  const groups: RGroup[] = [];
  const groupsOf: number[][] = comps.map(() => []);
  comps.forEach((c, i) =>
    (c.dependsOn ?? []).forEach((d) => {
      if (typeof d === "string") return;
      const members = d.members.map(ix);
      const g: RGroup =
        "need" in d
          ? { kind: "aa", need: d.need, failover: 0, members, name: d.group, active: -1, switchUntil: null }
          : { kind: d.failover === "manual" ? "manual" : "ap", need: 1, failover: d.failover === "manual" ? 0 : d.failover, members, name: d.group, active: -1, switchUntil: null };
      if (g.kind !== "aa") g.active = members.findIndex((m) => !comps[m].standby); // first member that is not standby
      groupsOf[i].push(groups.length);
      groups.push(g);
    }),
  );
  const restart = comps.map((c) => c.restart ?? 0);
  const up = comps.map((c) => !c.standby);
  const waiting = comps.map((c) => !!c.standby);
  const restartAt: Array<number | null> = comps.map(() => null);
  const downSince: Array<number | null> = comps.map(() => null);
  const spans: Array<Array<[number, number | null]>> = comps.map(() => []);
  const fails = scenario.events
    .filter((e) => e.fail !== undefined && e.for !== 0 && e.at < H)
    .map((e) => ({ c: ix(e.fail!), start: e.at, end: e.for === undefined ? Infinity : e.at + e.for, inForce: false, over: false }));
  const plans = (model.plans ?? []).map((p) => ({
    spec: p,
    active: false,
    activatedAt: null as number | null,
    triggered: false,
    pending: scenario.events.filter((e) => e.activate === p.id && e.at < H).map((e) => e.at),
    steps: p.steps.map((s): RStep => ({ spec: s, state: "waiting", readyAt: null, start: null, end: null, due: null, interruptions: 0 })),
  }));

  const broken = (c: number) => fails.some((f) => f.c === c && f.inForce);
  const met = (g: RGroup) => {
    if (g.kind === "aa") return g.members.filter((m) => up[m]).length >= g.need;
    if (g.switchUntil !== null) return false;
    if (g.active >= 0) return up[g.members[g.active]];
    return g.members.some((m) => up[m]);
  };
  const blocked = (c: number) => broken(c) || waiting[c] || hard[c].some((d) => !up[d]) || groupsOf[c].some((g) => !met(groups[g]));
  const stepDone = (p: (typeof plans)[number], sid: string) => p.steps.find((s) => s.spec.id === sid)!.state === "done";
  const ready = (p: (typeof plans)[number], s: RStep) => p.active && (s.spec.after ?? []).every((a) => stepDone(p, a));

  const goDown = (c: number, t: number) => {
    up[c] = false;
    downSince[c] = t;
    for (const g of groups) {
      // the active member of an automatic active-passive group went DOWN
      if (g.kind === "ap" && g.active >= 0 && g.members[g.active] === c) {
        const next = g.members.findIndex((m) => up[m]);
        g.active = next;
        g.switchUntil = next >= 0 && g.failover > 0 ? t + g.failover : null;
      }
    }
    for (const p of plans) {
      if (!p.triggered && p.spec.activation.when.includes(comps[c].id)) {
        p.triggered = true;
        if (t + p.spec.activation.after < H) p.pending.push(t + p.spec.activation.after);
      }
      for (const s of p.steps) {
        if (s.state === "running" && needIds(s.spec).includes(comps[c].id)) {
          s.state = "waiting";
          s.due = null;
          s.interruptions++;
          s.readyAt = t; // ready again from its interruption
        }
      }
    }
  };
  /** capacity minus the units held by running steps */
  const freeUnits = () => {
    const free = new Map(comps.filter((c) => c.capacity !== undefined).map((c) => [c.id, c.capacity!]));
    for (const p of plans) for (const s of p.steps) if (s.state === "running") for (const x of needIds(s.spec)) if (free.has(x)) free.set(x, free.get(x)! - unitsOf(s.spec, x));
    return free;
  };
  const comeUp = (c: number, t: number) => {
    up[c] = true;
    const since = downSince[c];
    if (since !== null && t > since) spans[c].push([since, t]);
    downSince[c] = null;
  };

  for (let t = 0; ; ) {
    // down phase
    for (const f of fails) if (!f.inForce && !f.over && f.start === t) f.inForce = true;
    for (const f of fails) if (f.inForce && f.end === t) [f.inForce, f.over] = [false, true];
    for (const g of groups) if (g.switchUntil === t) g.switchUntil = null;
    for (let changed = true; changed; ) {
      changed = false;
      for (let c = 0; c < n; c++) {
        if (up[c] && blocked(c)) {
          goDown(c, t);
          changed = true;
        }
      }
    }
    for (let c = 0; c < n; c++) if (!up[c] && restartAt[c] !== null && blocked(c)) restartAt[c] = null;
    // up phase: step effects, restarts, propagation
    for (const p of plans) {
      for (const s of p.steps) {
        if (s.state !== "running" || s.due !== t) continue;
        s.state = "done";
        s.end = t;
        s.due = null;
        const does = s.spec.does ?? {};
        for (const f of fails) if (f.inForce && f.start < t && (does.repair ?? []).includes(comps[f.c].id)) [f.inForce, f.over] = [false, true];
        for (const c of does.start ?? []) waiting[ix(c)] = false;
        for (const g of groups) {
          if (g.kind === "manual" && g.name !== undefined && (does.switch ?? []).includes(g.name) && g.active >= 0 && !up[g.members[g.active]]) g.active = -1;
        }
      }
    }
    for (let c = 0; c < n; c++) {
      if (!up[c] && restartAt[c] === t) {
        restartAt[c] = null;
        if (!blocked(c)) comeUp(c, t);
      }
    }
    for (let changed = true; changed; ) {
      changed = false;
      for (let c = 0; c < n; c++) {
        if (!up[c] && restart[c] === 0 && !blocked(c)) {
          comeUp(c, t);
          changed = true;
        }
      }
    }
    for (let c = 0; c < n; c++) if (!up[c] && restart[c] > 0 && restartAt[c] === null && !blocked(c)) restartAt[c] = t + restart[c];
    // end of the instant
    for (const g of groups) if (g.kind !== "aa" && g.active === -1) g.active = g.members.findIndex((m) => up[m]);
    for (const p of plans) {
      if (!p.active && p.pending.some((a) => a <= t)) {
        p.active = true;
        p.activatedAt = t;
      }
    }
    // ready steps whose needs are UP, in the contract's order; each starts if its units are free
    const candidates: Array<{ p: (typeof plans)[number]; s: RStep }> = [];
    for (const p of plans) {
      for (const s of p.steps) {
        if (s.state !== "waiting" || !ready(p, s)) continue;
        s.readyAt ??= t;
        if (needIds(s.spec).every((x) => up[ix(x)])) candidates.push({ p, s });
      }
    }
    const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    candidates.sort((a, b) => (a.p.spec.priority ?? 100) - (b.p.spec.priority ?? 100) || a.s.readyAt! - b.s.readyAt! || cmp(a.p.spec.id, b.p.spec.id) || cmp(a.s.spec.id, b.s.spec.id));
    const free = freeUnits();
    for (const { s } of candidates) {
      const counted = needIds(s.spec).filter((x) => comps[ix(x)].capacity !== undefined);
      if (!counted.every((x) => free.get(x)! >= unitsOf(s.spec, x))) continue;
      for (const x of counted) free.set(x, free.get(x)! - unitsOf(s.spec, x));
      s.state = "running";
      s.start = t;
      s.due = t + s.spec.duration;
    }
    // next instant
    const times: number[] = [];
    for (const f of fails) {
      if (!f.inForce && !f.over) times.push(f.start);
      if (f.inForce) times.push(f.end);
    }
    for (const g of groups) if (g.switchUntil !== null) times.push(g.switchUntil);
    for (const r of restartAt) if (r !== null) times.push(r);
    for (const p of plans) {
      if (!p.active) times.push(...p.pending);
      for (const s of p.steps) if (s.due !== null) times.push(s.due);
    }
    const next = Math.min(...times.filter((x) => x > t));
    if (!(next < H)) break;
    t = next;
  }
  for (let c = 0; c < n; c++) if (!up[c] && downSince[c] !== null) spans[c].push([downSince[c]!, null]);

  // deadlocks: with every fail event ended, switchover completed, standby started and restart done
  const canUp = [...up];
  for (let changed = true; changed; ) {
    changed = false;
    for (let c = 0; c < n; c++) {
      if (canUp[c]) continue;
      const ok =
        hard[c].every((d) => canUp[d]) &&
        groupsOf[c].every((gi) => {
          const g = groups[gi];
          const avail = g.members.filter((m) => canUp[m]).length;
          return g.kind === "aa" ? avail >= g.need : avail >= 1;
        });
      if (ok) {
        canUp[c] = true;
        changed = true;
      }
    }
  }

  const json: SimulationJSON = { scenario: scenario.scenario, horizonMinutes: H, components: {}, deadlocked: [], totalLoss: 0 };
  comps.forEach((c, i) => {
    if (!spans[i].length) return;
    const ds = spans[i].map(([s, e]) => (e ?? H) - s);
    const longest = Math.max(...ds);
    const loss = ds.reduce((sum, d) => sum + referenceLoss(c.impact ?? [], d), 0);
    json.components[c.id] = {
      outages: spans[i].map(([start, end]) => ({ start, end })),
      downtimeMinutes: ds.reduce((a, b) => a + b, 0),
      longestOutageMinutes: longest,
      rtoBreached: c.rto !== undefined && longest > c.rto,
      mtpdBreached: c.mtpd !== undefined && longest > c.mtpd,
      loss,
    };
    json.totalLoss += loss;
  });
  json.deadlocked = comps.filter((_, i) => !canUp[i]).map((c) => c.id).sort();
  if (model.plans) {
    json.plans = {};
    for (const p of plans) {
      const steps: NonNullable<SimulationJSON["plans"]>[string]["steps"] = {};
      for (const s of p.steps) {
        const rec: (typeof steps)[string] = { start: s.start, end: s.end, interruptions: s.interruptions };
        if (s.state !== "done") {
          const isReady = ready(p, s);
          rec.waitingForSteps = isReady ? [] : (s.spec.after ?? []).filter((a) => !stepDone(p, a)).sort();
          rec.waitingForComponents = isReady && s.state === "waiting" ? needIds(s.spec).filter((x) => !up[ix(x)]).sort() : [];
          if (isReady && s.state === "waiting" && !rec.waitingForComponents.length) {
            const free = freeUnits();
            const short = needIds(s.spec).filter((x) => free.has(x) && free.get(x)! < unitsOf(s.spec, x)).sort();
            if (short.length) rec.waitingForCapacity = short;
          }
        }
        steps[s.spec.id] = rec;
      }
      const all = p.steps.every((s) => s.state === "done");
      json.plans[p.spec.id] = { activatedAt: p.activatedAt, completedAt: all ? Math.max(...p.steps.map((s) => s.end!)) : null, steps };
    }
  }
  return json;
}

/** Rounds every number so that two results can be compared up to floating-point noise. */
function rounded(v: unknown): unknown {
  if (typeof v === "number") return Math.round(v * 1e6) / 1e6;
  if (Array.isArray(v)) return v.map(rounded);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rounded(x)]));
  return v;
}

/** CONTINUUM_PROPERTY_RUNS=10 runs ten times as many cases (for a longer bug hunt). */
const runs = (n: number) => Math.max(1, Math.round(n * Number(process.env.CONTINUUM_PROPERTY_RUNS ?? 1)));

const LONG = 1_000_000; // minutes: far beyond every restart and switchover a random model can chain

// ---- properties -------------------------------------------------------------------------------

describe("properties of random models", () => {
  it("(a) results do not depend on the order components and requirements are listed in", () => {
    fc.assert(
      fc.property(caseArb({ manual: true, standby: true, plans: true }), fc.integer(), ({ model, scenario }, seed) => {
        const shuffled = reorder(model, seed);
        const a = run(model, scenario);
        const b = run(shuffled, scenario);
        expect({ ...b, totalLoss: 0 }).toEqual({ ...a, totalLoss: 0 });
        expect(close(a.totalLoss, b.totalLoss)).toBe(true);
        expect(spof(load(shuffled))).toEqual(spof(load(model)));
      }),
      { numRuns: runs(150) },
    );
  });

  it("(b) X is a single point of failure for S exactly when breaking X for ever at 0 leaves S DOWN once all settles (plans ignored)", () => {
    fc.assert(
      fc.property(modelArb({ manual: true, standby: true, plans: true }), (model) => {
        const withoutPlans: ModelSpec = { continuum: 1, components: model.components };
        const loadedNoPlans = load(withoutPlans);
        const expected: Record<string, string[]> = {};
        const tiered = model.components.filter((c) => c.tier !== undefined);
        for (const s of tiered) expected[s.id] = [];
        for (const x of model.components) {
          const json = simulate(loadedNoPlans, loadScenarioOrThrow(loadedNoPlans.model, JSON.stringify({ scenario: "spof", horizon: LONG, events: [{ at: 0, fail: x.id }] })));
          for (const s of tiered) if (s.id !== x.id && downAtHorizon(json, s, false)) expected[s.id].push(x.id);
        }
        for (const list of Object.values(expected)) list.sort();
        expect(spof(load(model))).toEqual({ spof: expected });
      }),
      { numRuns: runs(100) },
    );
  });

  it("(c) outages never overlap, are sorted, have start < end (or end null) and lie inside [0, horizon]; summaries agree", () => {
    fc.assert(
      fc.property(caseArb({ manual: true, standby: true, plans: true }), ({ model, scenario }) => {
        const json = run(model, scenario);
        const H = scenario.horizon;
        const byId = new Map(model.components.map((c) => [c.id, c]));
        let total = 0;
        for (const [cid, entry] of Object.entries(json.components)) {
          const c = byId.get(cid)!;
          expect(entry.outages.length).toBeGreaterThan(0);
          let downtime = 0;
          let longest = 0;
          entry.outages.forEach((o, k) => {
            expect(o.start).toBeGreaterThanOrEqual(0);
            expect(o.start).toBeLessThan(H);
            if (o.end === null) expect(k).toBe(entry.outages.length - 1);
            else {
              expect(o.end).toBeGreaterThan(o.start);
              expect(o.end).toBeLessThan(H); // nothing at or after the horizon is played
            }
            if (k > 0) expect(o.start).toBeGreaterThan(entry.outages[k - 1].end!); // UP in between
            const d = (o.end ?? H) - o.start;
            downtime += d;
            longest = Math.max(longest, d);
          });
          expect(close(entry.downtimeMinutes, downtime)).toBe(true);
          expect(entry.longestOutageMinutes).toBe(longest);
          expect(entry.rtoBreached).toBe(c.rto !== undefined && longest > c.rto);
          expect(entry.mtpdBreached).toBe(c.mtpd !== undefined && longest > c.mtpd);
          const expectedLoss = entry.outages.reduce((sum, o) => sum + referenceLoss(c.impact ?? [], (o.end ?? H) - o.start), 0);
          expect(close(entry.loss, expectedLoss)).toBe(true);
          total += entry.loss;
        }
        expect(close(json.totalLoss, total)).toBe(true);
        expect(json.horizonMinutes).toBe(H);
        expect([...json.deadlocked].sort()).toEqual(json.deadlocked);
        // a fail event in force keeps its component DOWN (without plans that could repair it)
        if (!model.plans) {
          for (const e of scenario.events) {
            if (e.fail === undefined || e.for === 0 || e.at >= H) continue;
            const c = byId.get(e.fail)!;
            const until = Math.min(e.at + (e.for ?? Infinity), H);
            const entry = json.components[e.fail];
            if (c.standby) continue; // a standby that never started reports no outage
            expect(entry, `${e.fail} broken at ${e.at}`).toBeDefined();
            expect(entry.outages.some((o) => o.start <= e.at && (o.end ?? H) >= until)).toBe(true);
          }
        }
        // whenever a hard dependency is DOWN, so is what needs it
        for (const c of model.components) {
          if (c.standby) continue;
          const hard = [...(c.site ? [c.site] : []), ...(c.dependsOn ?? []).filter((d): d is string => typeof d === "string")];
          for (const h of hard) {
            for (const o of json.components[h]?.outages ?? []) {
              const mine = json.components[c.id]?.outages ?? [];
              expect(mine.some((m) => m.start <= o.start && (m.end ?? H) >= (o.end ?? H)), `${c.id} DOWN while ${h} is`).toBe(true);
            }
          }
        }
      }),
      { numRuns: runs(200) },
    );
  });

  it("(d) for acyclic models without manual groups or standby, SPOFs equal the static greatest-fixpoint test", () => {
    fc.assert(
      fc.property(modelArb({ cyclic: false, manual: false, standby: false, plans: true }), (model) => {
        const expected: Record<string, string[]> = {};
        const tiered = model.components.filter((c) => c.tier !== undefined);
        for (const s of tiered) expected[s.id] = [];
        for (const x of model.components) {
          const survivors = staticSurvivors(model, x.id);
          for (const s of tiered) if (s.id !== x.id && !survivors.has(s.id)) expected[s.id].push(x.id);
        }
        for (const list of Object.values(expected)) list.sort();
        expect(spof(load(model))).toEqual({ spof: expected });
      }),
      { numRuns: runs(150) },
    );
  });

  it("(e) loss is the integral of the schedule plus reached one-off costs, and grows with the outage", () => {
    const impactArb = fc
      .record({
        rates: fc.uniqueArray(fc.record({ from: fc.integer({ min: 0, max: 300 }), perHour: fc.integer({ min: 0, max: 10_000 }) }), { selector: (r) => r.from, maxLength: 4 }),
        onces: fc.array(fc.record({ from: fc.integer({ min: 0, max: 300 }), once: fc.integer({ min: 0, max: 10_000 }) }), { maxLength: 3 }),
      })
      .filter(({ rates, onces }) => rates.length + onces.length > 0)
      .map(({ rates, onces }): ImpactEntry[] => [...rates, ...onces]);
    fc.assert(
      fc.property(impactArb, fc.integer({ min: 1, max: 400 }), fc.integer({ min: 0, max: 400 }), (impact, d1, extra) => {
        const d2 = d1 + extra;
        const loaded = load({ continuum: 1, components: [{ id: "svc", impact }] });
        const loss = (d: number) => simulate(loaded, loadScenarioOrThrow(loaded.model, JSON.stringify({ scenario: "e", horizon: 1000, events: [{ at: 10, fail: "svc", for: d }] }))).components.svc?.loss ?? 0;
        const l1 = loss(d1);
        const l2 = loss(d2);
        expect(l1).toBeLessThanOrEqual(l2 + 1e-9);
        expect(close(l1, referenceLoss(impact, d1))).toBe(true);
        expect(close(l2, referenceLoss(impact, d2))).toBe(true);
      }),
      { numRuns: runs(200) },
    );
  });

  it("(f) determinism: the same input gives identical JSON, also on a reused simulator after other runs", () => {
    fc.assert(
      fc.property(caseArb({ manual: true, standby: true, plans: true }), caseArb({ manual: true, standby: true, plans: true }), (one, other) => {
        const loaded = load(one.model);
        const scenarioA = loadScenarioOrThrow(loaded.model, JSON.stringify(one.scenario));
        // another scenario on the same model: other's events, remapped onto this model's ids
        const n = one.model.components.length;
        const eventsB = other.scenario.events
          .filter((e) => e.fail !== undefined)
          .map((e) => ({ ...e, fail: id(Number(e.fail!.slice(1)) % n) }));
        const scenarioB = loadScenarioOrThrow(loaded.model, JSON.stringify({ ...other.scenario, events: eventsB }));
        const fresh = simulate(loaded, scenarioA);
        expect(run(one.model, one.scenario)).toStrictEqual(fresh);
        const reused = new Simulator(loaded.compiled);
        simulate(loaded, scenarioB, reused);
        expect(simulate(loaded, scenarioA, reused)).toStrictEqual(fresh);
        spof(loaded, { simulator: reused });
        expect(simulate(loaded, scenarioA, reused)).toStrictEqual(fresh);
        simulate(loaded, scenarioB, reused);
        expect(spof(loaded, { simulator: reused })).toStrictEqual(spof(loaded));
      }),
      { numRuns: runs(100) },
    );
  });
  it("(h) a model reads the same from compact JSON, pretty JSON and YAML", () => {
    fc.assert(
      fc.property(caseArb({ manual: true, standby: true, plans: true }), ({ model, scenario }) => {
        const forms = [JSON.stringify(model), JSON.stringify(model, null, 2)].map((text) => ({ path: "model.json", text }));
        forms.push({ path: "model.yaml", text: toYaml(model) });
        const results = forms.map((f) => {
          const loaded = loadModelOrThrow([f], { warnings: false });
          return { sim: simulate(loaded, loadScenarioOrThrow(loaded.model, toYaml(scenario))), spof: spof(loaded), model: loaded.model.components };
        });
        const strip = (r: (typeof results)[number]) => ({ ...r, model: r.model.map(({ source, ...rest }) => rest) });
        expect(strip(results[1])).toStrictEqual(strip(results[0]));
        expect(strip(results[2])).toStrictEqual(strip(results[0]));
      }),
      { numRuns: runs(100) },
    );
  });

  it("(h') with capacities, units and priorities a model reads the same from compact JSON, pretty JSON and YAML", () => {
    fc.assert(
      fc.property(caseArb({ manual: true, standby: true, plans: true, capacity: true }), ({ model, scenario }) => {
        const forms = [JSON.stringify(model), JSON.stringify(model, null, 2)].map((text) => ({ path: "model.json", text }));
        forms.push({ path: "model.yaml", text: toYaml(model) });
        const results = forms.map((f) => {
          const loaded = loadModelOrThrow([f], { warnings: false });
          const strip = <T extends { source?: unknown }>({ source, ...rest }: T) => rest;
          return { sim: simulate(loaded, loadScenarioOrThrow(loaded.model, toYaml(scenario))), components: loaded.model.components.map(strip), plans: loaded.model.plans.map(strip) };
        });
        expect(results[1]).toStrictEqual(results[0]);
        expect(results[2]).toStrictEqual(results[0]);
      }),
      { numRuns: runs(100) },
    );
  }, 120_000);

  it("(i) an invalid model: every error names file, line and component, and JSON reads exactly like YAML", () => {
    const corruption = fc.record({ kind: fc.constantFrom("duplicate", "unknown", "duration", "need0", "needMax", "rtoOverMtpd", "typoDependson", "typoRot", "money"), at: pick });
    fc.assert(
      fc.property(modelArb({ manual: true, standby: true, plans: true }), fc.array(corruption, { minLength: 1, maxLength: 3 }), (model, corruptions) => {
        const bad = JSON.parse(JSON.stringify(model)) as ModelSpec & { components: Array<CompSpec & Record<string, unknown>> };
        for (const { kind, at } of corruptions) {
          const c = bad.components[at % bad.components.length];
          const groups = (c.dependsOn ?? []).filter((d) => typeof d !== "string") as Array<{ members: string[]; need?: number }>;
          switch (kind) {
            case "duplicate":
              bad.components.push({ ...c });
              break;
            case "unknown":
              c.dependsOn = [...(c.dependsOn ?? []), "no-such-component"];
              break;
            case "duration":
              c.restart = "5x" as unknown as number;
              break;
            case "need0":
            case "needMax":
              if (groups.length && "need" in groups[0]) groups[0].need = kind === "need0" ? 0 : groups[0].members.length + 1;
              else c.site = "no-such-site";
              break;
            case "rtoOverMtpd":
              c.rto = 120;
              c.mtpd = 60;
              break;
            case "typoDependson":
              c.dependson = ["c0"];
              break;
            case "typoRot":
              c.rot = 30;
              break;
            case "money":
              c.impact = [{ from: 0, perHour: "1,000" as unknown as number }];
              break;
          }
        }
        const text = JSON.stringify(bad, null, 2);
        const fromJson = loadModel([{ path: "model.json", text }]);
        const fromYaml = loadModel([{ path: "model.yaml", text: "# read as YAML\n" + text }]);
        expect(fromJson.loaded).toBeUndefined();
        const errs = (list: Diagnostic[], shift: number) =>
          list
            .filter((d) => d.severity === "error")
            .map((d) => ({ code: d.code, component: d.component, field: d.field, line: d.line === undefined ? undefined : d.line - shift, column: d.column, hint: !!d.hint }));
        const jsonErrors = errs(fromJson.diagnostics, 0);
        expect(jsonErrors.length).toBeGreaterThan(0);
        for (const d of fromJson.diagnostics.filter((x) => x.severity === "error")) {
          expect(d.file).toBe("model.json");
          expect(d.line).toBeGreaterThan(0);
          expect(d.component).toBeTruthy();
        }
        expect(jsonErrors).toEqual(errs(fromYaml.diagnostics, 1));
      }),
      { numRuns: runs(150) },
    );
  });

  it("(g) the engine agrees with a naive reference implementation of the contract on random models and scenarios", () => {
    fc.assert(
      fc.property(caseArb({ manual: true, standby: true, plans: true }), ({ model, scenario }) => {
        expect(rounded(run(model, scenario))).toStrictEqual(rounded(reference(model, scenario)));
      }),
      { numRuns: runs(600) },
    );
  });

  it("(g'') the engine agrees with the reference on redundancy groups whose members fail at chained instants", () => {
    fc.assert(
      fc.property(redundancyArb(), ({ model, scenario }) => {
        expect(rounded(run(model, scenario))).toStrictEqual(rounded(reference(model, scenario)));
      }),
      { numRuns: runs(1000) },
    );
  });

  it("(k) with capacities: results do not depend on the order of components, plans, steps, needs or events", () => {
    fc.assert(
      fc.property(caseArb({ manual: true, standby: true, plans: true, capacity: true, tight: true }), fc.integer(), ({ model, scenario }, seed) => {
        const shuffled = reorderAll(model, scenario, seed);
        const a = run(model, scenario);
        const b = run(shuffled.model, shuffled.scenario);
        expect({ ...b, totalLoss: 0 }).toEqual({ ...a, totalLoss: 0 });
        expect(close(a.totalLoss, b.totalLoss)).toBe(true);
      }),
      { numRuns: runs(300) },
    );
  }, 120_000);

  it("(l) with capacities: the engine agrees with the reference (teams, units, priorities; coarse and fine time grids)", () => {
    let queued = 0;
    fc.assert(
      fc.property(fc.boolean().chain((tight) => caseArb({ manual: true, standby: true, plans: true, capacity: true, tight })), ({ model, scenario }) => {
        const actual = run(model, scenario);
        expect(rounded(actual)).toStrictEqual(rounded(reference(model, scenario)));
        if (JSON.stringify(actual.plans) !== JSON.stringify(run(withoutCapacity(model), scenario).plans)) queued++;
      }),
      { numRuns: runs(1000) },
    );
    // the generator must make capacities change the plans' course, or this property proves little
    expect(queued).toBeGreaterThan(runs(1000) / 10);
  }, 180_000); // three simulations per case: slow on a busy machine

  it("(m) with capacities: a step waits for a capacity at the horizon only where the units running steps hold leave too few for it", () => {
    fc.assert(
      fc.property(caseArb({ manual: true, standby: true, plans: true, capacity: true, tight: true }), ({ model, scenario }) => {
        const json = run(model, scenario);
        const caps = new Map(model.components.filter((c) => c.capacity).map((c) => [c.id, c.capacity!]));
        for (const plan of model.plans ?? []) {
          for (const st of plan.steps) {
            const r = json.plans![plan.id].steps[st.id];
            for (const x of r.waitingForCapacity ?? []) {
              // units held at the horizon by running steps, plus this step's, exceed the capacity
              let held = 0;
              for (const p2 of model.plans ?? []) for (const s2 of p2.steps) {
                const r2 = json.plans![p2.id].steps[s2.id];
                if (r2.start !== null && r2.end === null && !r2.waitingForComponents?.length && !r2.waitingForCapacity && needIds(s2).includes(x) && r2.waitingForSteps?.length === 0) held += unitsOf(s2, x);
              }
              expect(held + unitsOf(st, x)).toBeGreaterThan(caps.get(x)!);
            }
          }
        }
      }),
      { numRuns: runs(300) },
    );
  });

  it("(g') the engine agrees with the reference where many things happen at one instant (small models, coarse time grid)", () => {
    fc.assert(
      fc.property(caseArb({ manual: true, standby: true, plans: true, tight: true }), ({ model, scenario }) => {
        expect(rounded(run(model, scenario))).toStrictEqual(rounded(reference(model, scenario)));
      }),
      { numRuns: runs(1000) },
    );
  });
});

// ---- every field of the format ------------------------------------------------------------------

/**
 * The generators above write only what the semantics read. These write the rest too, as a user
 * would: names (Korean as well), kinds, owners, descriptions, tags, rpo, mbco, notes, `x-` fields,
 * and durations as text with units (`1.5h`, `90m`, `PT1H30M`, `1d`) rather than minutes. None of
 * it may change a result, and each must be read and kept (or ignored) the same from JSON and YAML.
 */
const KINDS_WRITTEN = ["business-service", "process", "application", "database", "site", "team", "tool", "organisation-specific"];
const text = fc.oneof(fc.string({ unit: "grapheme-ascii", maxLength: 12 }), fc.constantFrom("판교 데이터센터", "카카오톡 메시지", "Zürich", "a: b # c", "- x", "null", "12"));
const extension = fc.oneof(text, fc.integer(), fc.boolean(), fc.array(text, { maxLength: 3 }), fc.dictionary(fc.constantFrom("a", "b", "c"), fc.integer(), { maxKeys: 2 }));
const decorationArb = fc.record({
  name: fc.option(text),
  kind: fc.option(fc.constantFrom(...KINDS_WRITTEN)),
  owner: fc.option(text),
  description: fc.option(text),
  tags: fc.option(fc.array(text, { maxLength: 3 })),
  rpo: fc.option(fc.constantFrom(0, 5, 15, 60, 1440)),
  mbco: fc.option(text),
  notes: fc.option(text),
  ext: fc.dictionary(fc.constantFrom("x-cost-centre", "x-source", "x-reviewed", "x-이름"), extension, { maxKeys: 2 }),
  durationForm: fc.nat({ max: 1000 }),
});

/** `minutes` as one of the ways a person writes it (the same number of minutes, exactly). */
function written(minutes: number, form: number): number | string {
  const forms: Array<number | string> = [minutes, `${minutes}m`, `PT${minutes}M`];
  if (minutes % 6 === 0) forms.push(`${minutes / 60}h`);
  if (minutes % 60 === 0) forms.push(`PT${minutes / 60}H`);
  if (minutes > 0 && minutes % 1440 === 0) forms.push(`${minutes / 1440}d`);
  if (minutes === 0) forms.push("0");
  return forms[form % forms.length];
}

function decorate(model: ModelSpec, decorations: Array<fc.RecordValue<typeof decorationArb> | null>): unknown {
  const copy = JSON.parse(JSON.stringify(model)) as { components: Array<Record<string, unknown>>; plans?: Array<Record<string, any>> };
  copy.components.forEach((c, i) => {
    const d = decorations[i % decorations.length];
    if (!d) return;
    let f = d.durationForm;
    const w = (m: number) => written(m, f++);
    for (const key of ["restart", "rto", "mtpd"]) if (typeof c[key] === "number") c[key] = w(c[key] as number);
    for (const e of (c.impact as Array<Record<string, unknown>> | undefined) ?? []) e.from = w(e.from as number);
    for (const dep of (c.dependsOn as Array<Record<string, unknown> | string> | undefined) ?? []) if (typeof dep === "object" && typeof dep.failover === "number") dep.failover = w(dep.failover);
    for (const key of ["name", "kind", "owner", "description", "tags", "mbco", "notes"] as const) if (d[key] !== null) c[key] = d[key];
    if (d.rpo !== null) c.rpo = w(d.rpo);
    Object.assign(c, d.ext);
  });
  copy.plans?.forEach((p, i) => {
    const w = (m: number) => written(m, i + p.steps.length);
    p.activation.after = w(p.activation.after);
    for (const s of p.steps) s.duration = w(s.duration);
    p["x-reviewed"] = i % 2 === 0;
  });
  return copy;
}

describe("properties: every field of the format", () => {
  it("(j) names, kinds, tags, owners, rpo, mbco, x- fields and durations with units change no result, from JSON or YAML", () => {
    fc.assert(
      fc.property(caseArb({ manual: true, standby: true, plans: true }), fc.array(fc.option(decorationArb, { freq: 4 }), { minLength: 1, maxLength: MAX_N }), ({ model, scenario }, decorations) => {
        const plain = run(model, scenario);
        const decorated = decorate(model, decorations);
        for (const file of [{ path: "model.json", text: JSON.stringify(decorated) }, { path: "model.yaml", text: toYaml(decorated) }]) {
          const result = loadModel([file], { warnings: false });
          expect(result.diagnostics.filter((d) => d.severity === "error"), file.path).toEqual([]);
          expect(result.paths).toEqual([file.path.endsWith(".json") ? "json-tape" : "yaml"]);
          const loaded = result.loaded!;
          expect(simulate(loaded, loadScenarioOrThrow(loaded.model, { path: "scenario.json", text: JSON.stringify(scenario) })), file.path).toStrictEqual(plain);
          // what was written is kept: names, tags, rpo in minutes, mbco
          loaded.model.components.forEach((c, i) => {
            const d = decorations[i % decorations.length];
            if (!d) return;
            if (d.name !== null) expect(c.name).toBe(d.name);
            if (d.tags !== null) expect(c.tags).toEqual(d.tags);
            if (d.rpo !== null) expect(c.rpo).toBe(d.rpo);
            if (d.mbco !== null) expect(c.mbco).toBe(d.mbco);
            if (d.kind !== null) expect(c.kind).toBe(d.kind);
          });
        }
      }),
      { numRuns: runs(150) },
    );
  });
});

describe("properties: the compiled snapshot (continuum compile)", () => {
  it("(k) a model written to a snapshot and read back gives the same simulate and spof JSON, components, plans and warnings", () => {
    fc.assert(
      fc.property(caseArb({ manual: true, standby: true, plans: true, capacity: true }), fc.array(fc.option(decorationArb, { freq: 4 }), { minLength: 1, maxLength: MAX_N }), fc.boolean(), ({ model, scenario }, decorations, yaml) => {
        const decorated = decorate(model, decorations);
        const file = yaml ? { path: "model.yaml", text: toYaml(decorated) } : { path: "model.json", text: JSON.stringify(decorated) };
        const direct = loadModelOrThrow([file]);
        const bytes = writeSnapshot(direct, { engineVersion: "test", sources: { sha256: "0".repeat(64), files: [{ path: file.path, size: file.text.length }] } });
        // a copy at an odd offset: the reader must not depend on where the bytes sit
        const shifted = new Uint8Array(bytes.length + 3).subarray(3);
        shifted.set(bytes);
        for (const copy of [bytes, shifted]) {
          const back = readSnapshot(copy);
          const play = (l: typeof direct) => simulate(l, loadScenarioOrThrow(l.model, { path: "scenario.json", text: JSON.stringify(scenario) }));
          expect(JSON.stringify(play(back))).toBe(JSON.stringify(play(direct)));
          expect(JSON.stringify(spof(back))).toBe(JSON.stringify(spof(direct)));
          expect(back.warnings).toEqual(direct.warnings);
          expect(back.model.plans).toEqual(direct.model.plans);
          expect(back.model.files).toEqual(direct.model.files);
          expect(back.model.components.length).toBe(direct.model.components.length);
          expect(back.model.components.map((c) => ({ ...c }))).toEqual(direct.model.components.map(({ source: _, ...c }) => c));
        }
      }),
      { numRuns: runs(150) },
    );
  });
});

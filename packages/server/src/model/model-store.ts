/**
 * The organization's model, versioned: the current revision kept in memory (parsed, validated and
 * compiled by the engine, with a cache of answers), and every change written as a new revision in
 * one transaction. A change is validated in full before anything is written: an invalid model or
 * scenario changes nothing.
 */
import { loadModel, modelWarnings, readScenario, type Diagnostic, type LoadedModel, type Scenario } from "@continuum/engine";
import type { Actor } from "../core/access.js";
import { invalidModel, Problem } from "../core/problem.js";
import type { Database } from "../storage/database.js";
import { EMPTY_HEADER, joinParts, type Doc } from "./model-document.js";
import { checkGuard, type Guard } from "./revision-guard.js";
import { modelTextOf } from "./stored-model-check.js";
import { AnalysisRunner } from "../analysis/analysis-runner.js";
import {
  COLLECTIONS,
  ModelRepository,
  type ChangeCounts,
  type Collection,
  type ComponentColumns,
  type NewElement,
  type RevisionInfo,
  type RevisionSummary,
  type RevisionWrite,
} from "./model-repository.js";

export interface Element {
  id: string;
  position: number;
  /** the document as stored (JSON text) */
  text: string;
  doc: Doc;
}

export interface ModelState {
  organizationId: number;
  revision: RevisionInfo | null;
  header: Doc;
  components: Element[];
  plans: Element[];
  scenarios: Element[];
  /** null for an organization with no model yet */
  loaded: LoadedModel | null;
  /** parsed scenarios, by id */
  parsedScenarios: Map<string, Scenario>;
  warnings: Diagnostic[];
  componentIndex: Map<string, number>;
  scenarioIndex: Map<string, number>;
  /** answers computed from this revision (serialized JSON), dropped with it */
  responses: Map<string, string>;
  responseBytes: number;
  /** derived data computed on first use (dependents, analysis, …) */
  memo: Map<string, unknown>;
  checkedAt: number;
}

/** What a change proposes: the whole next model. */
export interface Proposal {
  kind: "import" | "edit" | "restore" | "scenario" | "demo";
  comment: string;
  header: Doc;
  components: Doc[];
  plans: Doc[];
  scenarios: Doc[];
  /** the model as the engine loaded it, when the change validated it already */
  loaded?: LoadedModel;
  /**
   * an import validated in a worker thread (import-preparation.ts): the components' stored texts
   * and columns, the warnings and scenarios; the compiled model is made here only when needed
   */
  prevalidated?: { texts: string[]; columns: ComponentColumns[]; warnings: Diagnostic[]; parsedScenarios: Map<string, Scenario> };
  warnings?: Diagnostic[];
  restoredFrom?: number;
  /** rewrites the engine's messages for the caller (e.g. `components[12].rto` → `component.rto`) */
  mapDiagnostic?: (d: Diagnostic) => Diagnostic;
  /** messages about scenarios, with the file they came from */
  scenarioSource?: (index: number) => { path: string; text: string } | undefined;
}

export interface CommitResult {
  revision: RevisionInfo | null;
  warnings: Diagnostic[];
  unchanged: boolean;
  state: ModelState;
}

/** Serialized answers kept per revision, at most (then the cache starts again). */
const RESPONSE_CACHE_BYTES = 48 * 1024 * 1024;
/** Organizations whose current model stays in memory (least recently used ones are dropped). */
const STATES_KEPT = 200;
/** On a shared PostgreSQL server another process may write: look at most this often. */
const FRESHNESS_MS = 1000;

class StaleState extends Error {}

/**
 * Another writer (another process on a shared PostgreSQL) got in first: the change is rebuilt on
 * the newer model and tried again, this many times at most, after a short random pause so that
 * contenders spread out. Contended edits therefore never surface as a conflict to the client.
 */
const WRITE_ATTEMPTS = 12;
/** PostgreSQL errors that mean "another transaction won the race: try again". */
const RETRYABLE_SQLSTATES = new Set(["40001", "40P01", "23505"]);

function retryable(e: unknown): boolean {
  if (e instanceof StaleState) return true;
  const code = (e as { code?: unknown })?.code;
  return typeof code === "string" && RETRYABLE_SQLSTATES.has(code);
}

const jitter = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 5 * 2 ** attempt)));

export class ModelStore {
  private readonly states = new Map<number, ModelState>();
  private readonly loading = new Map<number, Promise<ModelState>>();
  private readonly queues = new Map<number, Promise<unknown>>();
  readonly repository = new ModelRepository();

  constructor(
    private readonly db: Database,
    /** the worker thread for heavy work (imports are parsed and validated there) */
    readonly offLoop: AnalysisRunner = new AnalysisRunner(),
  ) {}

  get database(): Database {
    return this.db;
  }

  /** The current revision of an organization's model (from memory when it is there). */
  async current(organizationId: number): Promise<ModelState> {
    const cached = this.states.get(organizationId);
    if (cached) {
      // most recently used last, so that the oldest are dropped first
      this.states.delete(organizationId);
      this.states.set(organizationId, cached);
      if (this.db.kind === "pglite" || Date.now() - cached.checkedAt < FRESHNESS_MS) return cached;
      const number = await this.repository.currentRevisionNumber(this.db, organizationId);
      if (number === (cached.revision?.number ?? 0)) {
        cached.checkedAt = Date.now();
        return cached;
      }
      this.states.delete(organizationId);
    }
    let pending = this.loading.get(organizationId);
    if (!pending) {
      pending = this.load(organizationId).finally(() => this.loading.delete(organizationId));
      this.loading.set(organizationId, pending);
    }
    return pending;
  }

  private async writeStaged(w: RevisionWrite): Promise<RevisionInfo> {
    await this.repository.discardUnpublished(this.db, w.organizationId);
    try {
      await this.repository.writeElements(this.db, w, nextTurn);
      return await this.db.transaction(async (tx) => {
        const current = await this.repository.lockForWrite(tx, w.organizationId);
        if (current !== w.number - 1) throw new StaleState();
        return this.repository.publish(tx, w);
      });
    } catch (e) {
      await this.repository.discardUnpublished(this.db, w.organizationId).catch(() => undefined);
      throw e;
    }
  }

  /** At startup: what an interrupted staged write left behind (PGlite; see writeStaged). */
  async discardUnpublished(): Promise<void> {
    if (this.db.kind === "pglite") await this.repository.discardUnpublished(this.db);
  }

  forget(organizationId: number): void {
    this.states.delete(organizationId);
  }

  /** A cached answer for this revision, computing and keeping it on first use. */
  cached(state: ModelState, key: string, compute: () => string): string {
    let value = state.responses.get(key);
    if (value === undefined) {
      value = compute();
      const bytes = (value.length + key.length) * 2;
      if (state.responseBytes + bytes > RESPONSE_CACHE_BYTES) {
        state.responses.clear();
        state.responseBytes = 0;
      }
      state.responses.set(key, value);
      state.responseBytes += bytes;
    }
    return value;
  }

  memo<T>(state: ModelState, key: string, compute: () => T): T {
    if (!state.memo.has(key)) state.memo.set(key, compute());
    return state.memo.get(key) as T;
  }

  private async load(organizationId: number): Promise<ModelState> {
    const number = await this.repository.currentRevisionNumber(this.db, organizationId);
    if (number === 0) return this.remember(emptyState(organizationId));
    const record = await this.repository.revision(this.db, organizationId, number);
    if (!record) throw new Error(`revision ${number} of organization ${organizationId} is missing`);
    const [components, plans, scenarios] = await Promise.all(COLLECTIONS.map((c) => this.repository.elements(this.db, c, organizationId, number)));
    const header = JSON.parse(record.header) as Doc;
    const { header: _h, ...info } = record;
    // validated in the worker thread; the documents are parsed here a batch at a time
    const checked = await this.offLoop.checkStoredModel({
      text: modelTextOf(header, components.map((r) => r.document), plans.map((r) => r.document)),
      scenarios: scenarios.map((s) => ({ id: s.id, text: s.document })),
    });
    if (checked.error !== undefined) throw new Error(`the stored model of organization ${organizationId} (revision ${number}) does not load: ${checked.error}`);
    const toElements = async (rows: typeof components): Promise<Element[]> => {
      const out: Element[] = new Array(rows.length);
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i];
        out[i] = { id: r.id, position: r.position, text: r.document, doc: JSON.parse(r.document) as Doc };
        if (i % 500 === 499) await nextTurn();
      }
      return out;
    };
    const parts = { header, components: await toElements(components), plans: await toElements(plans), scenarios: await toElements(scenarios) };
    const compile = () => validate(parts.header, parts.components.map((e) => e.doc), parts.plans.map((e) => e.doc)).loaded ?? null;
    return this.remember(makeState(organizationId, info, parts.header, parts.components, parts.plans, parts.scenarios, compile, checked.warnings, new Map(checked.parsedScenarios)));
  }

  private remember(state: ModelState): ModelState {
    this.states.delete(state.organizationId);
    this.states.set(state.organizationId, state);
    while (this.states.size > STATES_KEPT) this.states.delete(this.states.keys().next().value!);
    return state;
  }

  /** Runs `fn` after the organization's earlier changes in this process: one writer at a time. */
  private serial<T>(organizationId: number, fn: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(organizationId) ?? Promise.resolve();
    const next = previous.then(fn, fn);
    const settled = next.catch(() => undefined);
    this.queues.set(organizationId, settled);
    void settled.then(() => {
      if (this.queues.get(organizationId) === settled) this.queues.delete(organizationId);
    });
    return next;
  }

  /**
   * Proposes a change built from the current state; validates it; writes it as a new revision.
   * Returns `unchanged` (and writes nothing) when the proposal equals the current model.
   */
  commit(organizationId: number, actor: Actor, build: (state: ModelState) => Proposal, guard?: Guard): Promise<CommitResult> {
    return this.serial(organizationId, async () => {
      let reloaded = false;
      for (let attempt = 0; ; attempt++) {
        try {
          if (attempt === 0 || this.db.kind === "pglite") {
            // optimistic: prepare outside any transaction, write if nobody wrote meanwhile
            const state = await this.current(organizationId);
            // a client may have read a revision another process wrote since this one last looked
            if (guard?.expected !== undefined && guard.expected > (state.revision?.number ?? 0) && !reloaded && this.db.kind === "postgres") {
              reloaded = true;
              this.states.delete(organizationId);
              attempt--;
              continue;
            }
            await checkGuard(this.repository, this.db, organizationId, state.revision, guard);
            const prepared = prepare(state, build(state));
            if (prepared.unchanged) return prepared.unchanged;
            const write = prepared.write(organizationId, actor);
            const revision =
              this.db.kind === "pglite" && rowsOf(write) > STAGED_ROWS
                ? await this.writeStaged(write)
                : await this.db.transaction(async (tx) => {
                    const current = await this.repository.lockForWrite(tx, organizationId);
                    if (current !== (state.revision?.number ?? 0)) throw new StaleState();
                    return this.repository.write(tx, write);
                  });
            return prepared.result(this.remember(prepared.state(revision)));
          }
          // Another process wrote first: now hold the model's row lock while preparing, so that
          // this change cannot lose the race again (others wait for it instead).
          const written = await this.db.transaction(async (tx) => {
            await this.repository.lockForWrite(tx, organizationId);
            this.states.delete(organizationId);
            const state = await this.current(organizationId);
            await checkGuard(this.repository, this.db, organizationId, state.revision, guard);
            const prepared = prepare(state, build(state));
            if (prepared.unchanged) return prepared.unchanged;
            const revision = await this.repository.write(tx, prepared.write(organizationId, actor));
            return prepared.result(prepared.state(revision));
          });
          if (!written.unchanged) this.remember(written.state);
          return written;
        } catch (e) {
          if (retryable(e) && attempt < WRITE_ATTEMPTS - 1) {
            this.states.delete(organizationId);
            await jitter(attempt);
            continue;
          }
          if (retryable(e)) {
            throw new Problem(503, "busy", "Too many changes at once", `the model was changed by others ${WRITE_ATTEMPTS} times while this change was being written; nothing was changed, try again`, undefined, { "retry-after": "1" });
          }
          throw e;
        }
      }
    });
  }
}

/**
 * A large change on PGlite (an import) is written in bounded statements outside one transaction,
 * yielding between them, then made current by one small transaction. PGlite runs in this thread
 * and a transaction holds its only connection: one long transaction would stop every request of
 * every organization. Nothing is visible before the last step (see ModelRepository.writeElements);
 * what a failed or interrupted write left is removed before the next one and at startup.
 * PostgreSQL keeps one transaction: it does not block the other connections.
 */
const STAGED_ROWS = 2000;

function rowsOf(w: RevisionWrite): number {
  return COLLECTIONS.reduce((n, c) => n + w.close[c].length + w.insert[c].length, 0);
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

interface Prepared {
  /** set when the proposal equals the current model: nothing to write */
  unchanged?: CommitResult;
  write(organizationId: number, actor: Actor): RevisionWrite;
  state(revision: RevisionInfo): ModelState;
  result(state: ModelState): CommitResult;
}

/** Validates a proposal against the state it was built from and works out what to write. */
function prepare(state: ModelState, proposal: Proposal): Prepared {
  const pre = proposal.prevalidated;
  let loaded: LoadedModel | (() => LoadedModel | null);
  let warnings: Diagnostic[];
  let parsedScenarios: Map<string, Scenario>;
  let columnsAt: (index: number) => ComponentColumns;
  if (pre) {
    // validated already; compiled again here only when a route needs the compiled model
    loaded = () => validate(proposal.header, proposal.components, proposal.plans).loaded ?? null;
    warnings = pre.warnings;
    parsedScenarios = pre.parsedScenarios;
    columnsAt = (index) => pre.columns[index];
  } else {
    const checked = proposal.loaded
      ? { loaded: proposal.loaded, warnings: proposal.warnings ?? proposal.loaded.warnings, diagnostics: [] as Diagnostic[] }
      : validate(proposal.header, proposal.components, proposal.plans);
    if (!checked.loaded) throw invalidModel(proposal.mapDiagnostic ? checked.diagnostics.map(proposal.mapDiagnostic) : checked.diagnostics);
    const model = checked.loaded;
    loaded = model;
    warnings = proposal.mapDiagnostic ? checked.warnings.map(proposal.mapDiagnostic) : checked.warnings;
    parsedScenarios = checkScenarios(proposal, model);
    columnsAt = (index) => componentColumns(model, index);
  }

  const next = {
    components: elementsOf(proposal.components, "components", pre?.texts),
    plans: elementsOf(proposal.plans, "plans"),
    scenarios: elementsOf(proposal.scenarios, "scenarios"),
  };
  const headerText = JSON.stringify(proposal.header);
  const plans = {
    components: planCollection(state.components, next.components),
    plans: planCollection(state.plans, next.plans),
    scenarios: planCollection(state.scenarios, next.scenarios),
  };
  const settings = headerText !== JSON.stringify(state.header);
  const unchanged = !settings && COLLECTIONS.every((c) => plans[c].close.length === 0 && plans[c].insert.length === 0) && state.revision !== null;
  const result = (s: ModelState): CommitResult => ({ revision: s.revision, warnings, unchanged: false, state: s });
  if (unchanged) return { unchanged: { revision: state.revision, warnings, unchanged: true, state }, write: () => { throw new Error("unchanged"); }, state: () => state, result };

  const summary: RevisionSummary = { components: plans.components.counts, plans: plans.plans.counts, scenarios: plans.scenarios.counts, settings };
  return {
    write: (organizationId, actor) => ({
      organizationId,
      number: (state.revision?.number ?? 0) + 1,
      kind: proposal.kind,
      author: { userId: actor.userId, name: actor.name, email: actor.email, token: actor.token },
      comment: proposal.comment,
      summary,
      header: headerText,
      restoredFrom: proposal.restoredFrom ?? null,
      close: { components: plans.components.close, plans: plans.plans.close, scenarios: plans.scenarios.close },
      insert: {
        components: plans.components.insert.map((e) => ({ ...e, columns: () => columnsAt(e.index) })),
        plans: plans.plans.insert.map((e) => ({ ...e, columns: planColumns(e.doc) })),
        scenarios: plans.scenarios.insert.map((e) => ({ ...e, columns: { horizon_minutes: parsedScenarios.get(e.id)?.horizon ?? null } })),
      } as Record<Collection, NewElement[]>,
    }),
    state: (revision) =>
      makeState(state.organizationId, revision, proposal.header, plans.components.elements, plans.plans.elements, plans.scenarios.elements, loaded, warnings.map(stripLocation), parsedScenarios),
    result,
  };
}

function emptyState(organizationId: number): ModelState {
  return makeState(organizationId, null, { ...EMPTY_HEADER }, [], [], [], null, [], new Map());
}

function makeState(
  organizationId: number,
  revision: RevisionInfo | null,
  header: Doc,
  components: Element[],
  plans: Element[],
  scenarios: Element[],
  loaded: LoadedModel | null | (() => LoadedModel | null),
  warnings: Diagnostic[],
  parsedScenarios: Map<string, Scenario>,
): ModelState {
  const state: ModelState = {
    organizationId,
    revision,
    header,
    components,
    plans,
    scenarios,
    loaded: typeof loaded === "function" ? null : loaded,
    parsedScenarios,
    warnings,
    componentIndex: new Map(components.map((c, i) => [c.id, i])),
    scenarioIndex: new Map(scenarios.map((s, i) => [s.id, i])),
    responses: new Map(),
    responseBytes: 0,
    memo: new Map(),
    checkedAt: Date.now(),
  };
  if (typeof loaded === "function") {
    // compiled on first use (an import validated it in a worker; most reads never need it)
    let compiled: LoadedModel | null | undefined;
    Object.defineProperty(state, "loaded", { enumerable: true, get: () => (compiled === undefined ? (compiled = loaded()) : compiled) });
  }
  return state;
}

/** The model document of a state (file format). */
export function documentOf(state: ModelState): Doc {
  return joinParts({ header: state.header, components: state.components.map((e) => e.doc), plans: state.plans.map((e) => e.doc) });
}

function stripLocation(d: Diagnostic): Diagnostic {
  if (d.file === undefined && d.line === undefined) return d;
  const { file: _f, line: _l, column: _c, ...rest } = d;
  return rest;
}

/** The engine's verdict on a model given as parts. Warnings carry no file or line (the stored document is not a file anyone wrote). */
export function validate(header: Doc, components: Doc[], plans: Doc[]): { loaded?: LoadedModel; warnings: Diagnostic[]; diagnostics: Diagnostic[] } {
  const text = JSON.stringify(joinParts({ header, components, plans }));
  const { loaded, diagnostics } = loadModel([{ path: "model.json", text }], { warnings: false });
  if (!loaded) return { diagnostics: diagnostics.map(stripLocation), warnings: [] };
  const warnings = [...loaded.warnings.map(stripLocation), ...modelWarnings(loaded.compiled, () => ({}))];
  return { loaded, warnings, diagnostics: warnings };
}

export function checkScenarios(proposal: Proposal, loaded: LoadedModel): Map<string, Scenario> {
  const parsed = new Map<string, Scenario>();
  const problems: Diagnostic[] = [];
  proposal.scenarios.forEach((doc, i) => {
    const source = proposal.scenarioSource?.(i);
    const name = typeof doc.scenario === "string" ? doc.scenario : undefined;
    const r = readScenario(source ?? { path: `scenarios/${name ?? i}`, text: JSON.stringify(doc) }, loaded.model);
    if (!r.scenario) {
      for (const d of r.diagnostics) {
        const out: Diagnostic = { ...d, message: `scenario "${name ?? i}": ${d.message}` };
        if (!source) {
          delete out.file;
          delete out.line;
          delete out.column;
          out.field = `scenarios[${i}]${d.field ? "." + d.field : ""}`;
        }
        if (!d.hint && d.code === "unknown-component") out.hint = "change or delete the scenario, or keep the component";
        problems.push(out);
      }
      return;
    }
    if (parsed.has(r.scenario.scenario)) {
      problems.push({
        severity: "error",
        code: "duplicate-id",
        message: `scenario "${r.scenario.scenario}" is defined twice`,
        hint: "scenario names are unique within an organization",
        file: source?.path,
        field: source ? "scenario" : `scenarios[${i}].scenario`,
      });
      return;
    }
    parsed.set(r.scenario.scenario, r.scenario);
  });
  if (problems.length) throw invalidModel(proposal.mapDiagnostic ? problems.map(proposal.mapDiagnostic) : problems, `${problems.length} problem${problems.length === 1 ? "" : "s"} with scenarios; nothing was changed`);
  return parsed;
}

interface NextElement {
  id: string;
  text: string;
  doc: Doc;
  index: number;
}

function elementsOf(docs: Doc[], collection: Collection, texts?: string[]): NextElement[] {
  return docs.map((doc, index) => {
    const idValue = collection === "scenarios" ? doc.scenario : doc.id;
    return { id: typeof idValue === "string" ? idValue : String(idValue), text: texts?.[index] ?? JSON.stringify(doc), doc, index };
  });
}

interface CollectionPlan {
  close: string[];
  insert: Array<NewElement & { doc: Doc; index: number }>;
  elements: Element[];
  counts: ChangeCounts;
}

const SPACING = 1024;

/**
 * What to write so that the stored rows equal `next`: unchanged elements that stay in order keep
 * their row (the longest run in the old order), the others get a new row placed between its
 * neighbours. Positions are sparse numbers, so an insertion rarely moves anything else.
 */
export function planCollection(old: Element[], next: NextElement[]): CollectionPlan {
  const oldById = new Map(old.map((e) => [e.id, e]));
  const nextIds = new Set(next.map((e) => e.id));
  const counts: ChangeCounts = { added: 0, removed: 0, changed: 0 };
  for (const e of next) {
    const before = oldById.get(e.id);
    if (!before) counts.added++;
    else if (before.text !== e.text) counts.changed++;
  }
  for (const e of old) if (!nextIds.has(e.id)) counts.removed++;

  // candidates: same text as before; keep the longest subsequence increasing in old position
  const candidates: number[] = [];
  next.forEach((e, i) => {
    const before = oldById.get(e.id);
    if (before && before.text === e.text) candidates.push(i);
  });
  const keep = new Set(longestIncreasing(candidates, (i) => oldById.get(next[i].id)!.position));

  const positions = new Array<number>(next.length);
  for (const i of keep) positions[i] = oldById.get(next[i].id)!.position;
  let renumber = false;
  for (let i = 0; i < next.length && !renumber; ) {
    if (keep.has(i)) {
      i++;
      continue;
    }
    let j = i;
    while (j < next.length && !keep.has(j)) j++;
    const left = i > 0 ? positions[i - 1] : undefined;
    const right = j < next.length ? positions[j] : undefined;
    const count = j - i;
    let start: number;
    let step: number;
    if (left === undefined && right === undefined) [start, step] = [SPACING, SPACING];
    else if (left === undefined) [start, step] = [right! - SPACING * count, SPACING];
    else if (right === undefined) [start, step] = [left + SPACING, SPACING];
    else {
      step = (right - left) / (count + 1);
      start = left + step;
      if (!(step > 1e-6)) renumber = true;
    }
    for (let k = 0; k < count; k++) positions[i + k] = start + k * step;
    i = j;
  }
  if (renumber) {
    keep.clear();
    next.forEach((_, i) => (positions[i] = SPACING * (i + 1)));
  }
  const close: string[] = [];
  const keptIds = new Set([...keep].map((i) => next[i].id));
  for (const e of old) if (!keptIds.has(e.id)) close.push(e.id);
  const insert: CollectionPlan["insert"] = [];
  const elements: Element[] = next.map((e, i) => {
    if (!keep.has(i)) insert.push({ id: e.id, position: positions[i], document: e.text, doc: e.doc, index: e.index });
    return { id: e.id, position: positions[i], text: e.text, doc: e.doc };
  });
  return { close, insert, elements, counts };
}

/** Indexes (from `items`, in order) forming a longest subsequence with increasing `key`. */
function longestIncreasing(items: number[], key: (i: number) => number): number[] {
  const tails: number[] = []; // index into items of the smallest tail of a run of each length
  const previous = new Array<number>(items.length).fill(-1);
  for (let k = 0; k < items.length; k++) {
    const v = key(items[k]);
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (key(items[tails[mid]]) < v) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[k] = tails[lo - 1];
    tails[lo] = k;
  }
  const out: number[] = [];
  for (let k = tails.length ? tails[tails.length - 1] : -1; k >= 0; k = previous[k]) out.push(items[k]);
  return out.reverse();
}

export function componentColumns(loaded: LoadedModel, index: number): ComponentColumns {
  const c = loaded.model.components[index];
  const dependencies: ComponentColumns["dependencies"] = [];
  if (c.site !== undefined) dependencies.push({ target: c.site, group_name: null, members: null, need: null, mode: "site", failover: null });
  for (const d of c.dependsOn) {
    if (typeof d === "string") dependencies.push({ target: d, group_name: null, members: null, need: null, mode: "hard", failover: null });
    else dependencies.push({ target: null, group_name: d.group ?? null, members: JSON.stringify(d.members), need: d.need, mode: d.mode, failover: String(d.failover) });
  }
  return {
    name: c.name ?? null,
    kind: c.kind ?? null,
    site: c.site ?? null,
    owner: c.owner ?? null,
    tier: c.tier ?? null,
    restart_minutes: c.restart,
    rto_minutes: c.rto ?? null,
    rpo_minutes: c.rpo ?? null,
    mtpd_minutes: c.mtpd ?? null,
    mbco: c.mbco ?? null,
    standby: c.standby,
    dependencies,
    impacts: c.impact.map((i) => ({ from_minutes: i.from, per_hour: i.perHour ?? null, once: i.once ?? null, category: i.category ?? null })),
  };
}

function planColumns(doc: Doc) {
  const text = (v: unknown) => (typeof v === "string" ? v : null);
  return { name: text(doc.name), kind: text(doc.kind), owner: text(doc.owner) };
}

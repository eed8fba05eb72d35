/**
 * The changes people make to a model, each proposed as a whole next model for the store to
 * validate and write as a revision: an import of files, a component added, edited or removed, a
 * scenario saved or deleted, an old revision restored.
 */
import type { Diagnostic, SourceFile } from "@continuum/engine";
import type { Actor } from "../core/access.js";
import { conflict, invalidModel, notFound, Problem } from "../core/problem.js";
import type { ComponentBatch, ScenarioMode } from "./import-preparation.js";
import { COLLECTIONS, type ComponentColumns } from "./model-repository.js";
import type { Doc } from "./model-document.js";
import type { CommitResult, ModelState, ModelStore, Proposal } from "./model-store.js";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export type { ScenarioMode } from "./import-preparation.js";

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class ModelChanges {
  constructor(private readonly store: ModelStore) {}

  /**
   * Imports a model from files (one file, or the files of a folder): validated exactly as the CLI
   * does, all or nothing. Scenario documents in a folder replace the organization's scenarios;
   * with none, the existing ones are kept (and must still fit the new model).
   */
  async importFiles(organizationId: number, actor: Actor, files: SourceFile[], comment: string | undefined, mode?: ScenarioMode, kind: Proposal["kind"] = "import", expected?: number): Promise<CommitResult> {
    const paths = new Set<string>();
    for (const [i, f] of files.entries()) {
      if (paths.has(f.path)) throw new Problem(400, "validation", "Invalid request", `two files are named ${f.path}`, [{ field: `files[${i}].path`, message: "is repeated" }]);
      paths.add(f.path);
    }
    const current = await this.store.current(organizationId);
    const texts: string[] = [];
    const columns: ComponentColumns[] = [];
    // parsed and validated in a worker thread; the components arrive in batches
    const prep = await this.store.offLoop.prepareImport<ComponentBatch>({ files, mode, existingScenarios: current.scenarios.map((s) => s.doc) }, (batch) => {
      for (let i = 0; i < batch.texts.length; i++) {
        texts.push(batch.texts[i]);
        columns.push(batch.columns[i]);
      }
    });
    if (prep.invalid) throw new Problem(prep.invalid.status, prep.invalid.code, prep.invalid.title, prep.invalid.detail, prep.invalid.errors);
    // the documents are parsed here a batch at a time, letting other requests run in between
    const components: Doc[] = new Array(texts.length);
    for (let i = 0; i < texts.length; i++) {
      components[i] = JSON.parse(texts[i]) as Doc;
      if (i % 500 === 499) await nextTurn();
    }
    const replace = prep.replaced;
    return this.store.commit(
      organizationId,
      actor,
      () => ({
        kind,
        comment: comment || `Import of ${plural(files.length, "file")}${replace ? ` with ${plural(prep.scenarioCount, "scenario")}` : ""}`,
        header: prep.header,
        components,
        plans: prep.plans,
        scenarios: prep.scenarios,
        prevalidated: { texts, columns, warnings: prep.warnings, parsedScenarios: new Map(prep.parsedScenarios) },
      }),
      { expected, touches: "model" },
    );
  }

  async putComponent(organizationId: number, actor: Actor, id: string, component: Doc, comment: string | undefined, create: boolean, expected?: number): Promise<CommitResult> {
    return this.putElement("components", organizationId, actor, id, component, comment, create, expected);
  }

  /** Saves a plan document (its steps and its 8.4.4 fields): a new one (create) or the one named `id`. */
  async putPlan(organizationId: number, actor: Actor, id: string, plan: Doc, comment: string | undefined, create: boolean, expected?: number): Promise<CommitResult> {
    return this.putElement("plans", organizationId, actor, id, plan, comment, create, expected);
  }

  /** Adds or replaces one component or plan by id; the engine's messages name `component.…` / `plan.…`. */
  private async putElement(collection: "components" | "plans", organizationId: number, actor: Actor, id: string, doc: Doc, comment: string | undefined, create: boolean, expected?: number): Promise<CommitResult> {
    const noun = collection === "components" ? "component" : "plan";
    if (doc.id === undefined) doc = { id, ...doc };
    else if (doc.id !== id) {
      throw new Problem(400, "validation", "Invalid request", `${noun}.id "${String(doc.id)}" differs from the id in the URL "${id}"`, [
        { field: `${noun}.id`, message: `must equal the id in the URL (renaming is not supported: add a new ${noun} and remove the old one)` },
      ]);
    }
    return this.store.commit(organizationId, actor, (state) => {
      const index = collection === "components" ? state.componentIndex.get(id) : indexOf(state.plans, id);
      if (create && index !== undefined) throw conflict(`a ${noun} "${id}" exists already`, `${noun}.id`);
      if (!create && index === undefined) throw notFound(`${noun} "${id}"`, "id");
      const docs = { components: state.components.map((e) => e.doc), plans: state.plans.map((e) => e.doc) };
      const at = index ?? docs[collection].length;
      docs[collection][at] = doc;
      return {
        kind: "edit",
        comment: comment || `${create ? "Add" : "Edit"} ${noun} ${id}`,
        header: state.header,
        components: docs.components,
        plans: docs.plans,
        scenarios: state.scenarios.map((e) => e.doc),
        mapDiagnostic: renameField(`${collection}[${at}]`, noun),
      };
    }, { expected, touches: { collection, ids: [id] } });
  }

  async deleteComponent(organizationId: number, actor: Actor, id: string, comment: string | undefined, expected?: number): Promise<CommitResult> {
    return this.store.commit(organizationId, actor, (state) => {
      const index = state.componentIndex.get(id);
      if (index === undefined) throw notFound(`component "${id}"`, "id");
      return {
        kind: "edit",
        comment: comment || `Remove component ${id}`,
        header: state.header,
        components: state.components.filter((_, i) => i !== index).map((e) => e.doc),
        plans: state.plans.map((e) => e.doc),
        scenarios: state.scenarios.map((e) => e.doc),
      };
    }, { expected, touches: { collection: "components", ids: [id] } });
  }

  /** Saves a scenario: a new one (create), or the one named `id` (which may be renamed). */
  async putScenario(organizationId: number, actor: Actor, id: string | undefined, scenario: Doc, comment: string | undefined, expected?: number): Promise<CommitResult> {
    const name = scenario.scenario;
    if (typeof name !== "string" || !name.trim()) {
      throw new Problem(400, "validation", "Invalid request", "the scenario needs a name", [{ field: "scenario.scenario", message: "is required: the scenario's name, e.g. pangyo-fire" }]);
    }
    if (name.length > 200 || /[/\\?#%]|^\.\.?$/.test(name)) {
      throw new Problem(400, "validation", "Invalid request", "the scenario's name is not allowed", [{ field: "scenario.scenario", message: "at most 200 characters, without / \\ ? # %" }]);
    }
    return this.store.commit(organizationId, actor, (state) => {
      const scenarios = state.scenarios.map((e) => e.doc);
      const existing = id === undefined ? undefined : state.scenarioIndex.get(id);
      if (id !== undefined && existing === undefined) throw notFound(`scenario "${id}"`, "id");
      const clash = state.scenarioIndex.get(name);
      if (clash !== undefined && clash !== existing) throw conflict(`a scenario "${name}" exists already`, "scenario.scenario");
      const at = existing ?? scenarios.length;
      scenarios[at] = scenario;
      return {
        kind: "scenario",
        comment: comment || `${existing === undefined ? "Add" : "Edit"} scenario ${name}`,
        header: state.header,
        components: state.components.map((e) => e.doc),
        plans: state.plans.map((e) => e.doc),
        scenarios,
        loaded: state.loaded ?? undefined,
        warnings: state.warnings,
        mapDiagnostic: renameField(`scenarios[${at}]`, "scenario"),
      };
    }, { expected, touches: { collection: "scenarios", ids: id === undefined || id === name ? [name] : [id, name] } });
  }

  async deleteScenario(organizationId: number, actor: Actor, id: string, comment: string | undefined, expected?: number): Promise<CommitResult> {
    return this.store.commit(organizationId, actor, (state) => {
      const index = state.scenarioIndex.get(id);
      if (index === undefined) throw notFound(`scenario "${id}"`, "id");
      return {
        kind: "scenario",
        comment: comment || `Remove scenario ${id}`,
        header: state.header,
        components: state.components.map((e) => e.doc),
        plans: state.plans.map((e) => e.doc),
        scenarios: state.scenarios.filter((_, i) => i !== index).map((e) => e.doc),
        loaded: state.loaded ?? undefined,
        warnings: state.warnings,
      };
    }, { expected, touches: { collection: "scenarios", ids: [id] } });
  }

  /** Makes an old revision current again, as a new revision. */
  async restore(organizationId: number, actor: Actor, number: number, comment: string | undefined, expected?: number): Promise<CommitResult> {
    const snapshot = await this.snapshot(organizationId, number);
    return this.store.commit(organizationId, actor, () => ({
      kind: "restore",
      comment: comment || `Restore revision ${number}`,
      header: snapshot.header,
      components: snapshot.components,
      plans: snapshot.plans,
      scenarios: snapshot.scenarios,
      restoredFrom: number,
    }), { expected, touches: "model" });
  }

  /** The model and scenarios as they were in a revision. */
  async snapshot(organizationId: number, number: number): Promise<{ header: Doc; components: Doc[]; plans: Doc[]; scenarios: Doc[]; revision: NonNullable<ModelState["revision"]> }> {
    const repo = this.store.repository;
    const db = this.store.database;
    const record = await repo.revision(db, organizationId, number);
    if (!record) throw notFound(`revision ${number}`, "n");
    const [components, plans, scenarios] = await Promise.all(COLLECTIONS.map((c) => repo.elements(db, c, organizationId, number)));
    const docs = (rows: typeof components) => rows.map((r) => JSON.parse(r.document) as Doc);
    const { header, ...revision } = record;
    return { header: JSON.parse(header) as Doc, components: docs(components), plans: docs(plans), scenarios: docs(scenarios), revision };
  }
}

function indexOf(elements: ModelState["plans"], id: string): number | undefined {
  const i = elements.findIndex((e) => e.id === id);
  return i < 0 ? undefined : i;
}

/** Rewrites `components[12].rto` as `component.rto` for the caller who sent one component. */
function renameField(from: string, to: string) {
  return (d: Diagnostic): Diagnostic => {
    if (!d.field || !d.field.startsWith(from)) return d;
    const rest = d.field.slice(from.length);
    return { ...d, field: to + rest };
  };
}

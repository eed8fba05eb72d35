/** Reads a scenario (a disaster played against a model) and checks it against that model. */
import { parseDuration, describe } from "../duration.js";
import type { Diagnostic } from "./diagnostics.js";
import { fieldPath } from "./diagnostics.js";
import { parseSource, type SourceFile } from "./source.js";
import { likelyTypo, closestIds } from "./typos.js";
import type { Model, Scenario, ScenarioEvent } from "./types.js";
import { DURATION_HINT, isMapping } from "./read-model.js";
import { EVENT, SCENARIO } from "./schema.js";
import { keysOf } from "./schema-kit.js";

const SCENARIO_KEYS = keysOf(SCENARIO);
const EVENT_KEYS = keysOf(EVENT);
export const DEFAULT_HORIZON = 30 * 1440;

export interface ScenarioReading {
  scenario?: Scenario;
  diagnostics: Diagnostic[];
}

/**
 * `knownIds` answers "is this a component?" without building a set of every id (pass the compiled
 * model's index for large models); by default the model's components are indexed here.
 */
export function readScenario(file: SourceFile, model: Model, knownIds?: { has(id: string): boolean }): ScenarioReading {
  const diagnostics: Diagnostic[] = [];
  const parsed = parseSource(file, diagnostics);
  if (!parsed) return { diagnostics };
  const problem = (code: string, path: Array<string | number>, message: string, hint?: string, key?: boolean) => {
    const pos = parsed.locate(0, path, key);
    diagnostics.push({ severity: "error", code, message, hint, file: file.path, line: pos?.line, column: pos?.column, field: path.length ? fieldPath(path) : undefined });
  };
  const doc = parsed.documents[0];
  if (!isMapping(doc)) {
    problem("not-a-mapping", [], `a scenario must be a mapping with \`scenario:\` and \`events:\`, got ${describe(doc)}`);
    return { diagnostics };
  }
  if (!("scenario" in doc)) {
    problem("missing-scenario", [], "this is not a scenario: `scenario:` (its name) is missing", "start the file with `scenario: my-disaster` and an `events:` list");
    return { diagnostics };
  }
  const ids = knownIds ?? new Set(model.components.map((c) => c.id));
  const plans = new Set(model.plans.map((p) => p.id));
  const scenario: Scenario = { scenario: "", horizon: DEFAULT_HORIZON, events: [] };
  for (const key of Object.keys(doc)) {
    const value = doc[key];
    switch (key) {
      case "scenario":
        if (typeof value !== "string" || !value) problem("bad-type", [key], `scenario must be a name, got ${describe(value)}`);
        else scenario.scenario = value;
        break;
      case "name":
      case "description":
        if (typeof value === "string") scenario[key] = value;
        break;
      case "horizon": {
        const d = parseDuration(value);
        if (!d.ok) problem("bad-duration", [key], `horizon: ${d.reason}`, DURATION_HINT);
        else if (d.minutes <= 0) problem("bad-duration", [key], "horizon must be more than 0");
        else scenario.horizon = d.minutes;
        break;
      }
      case "events":
        if (!Array.isArray(value)) {
          problem("bad-type", [key], `events must be a list, got ${describe(value)}`);
          break;
        }
        value.forEach((raw, i) => {
          const at = ["events", i];
          if (!isMapping(raw)) {
            problem("bad-event", at, `an event must be a mapping like {at: 0, fail: site, for: 10h}, got ${describe(raw)}`);
            return;
          }
          for (const k of Object.keys(raw)) {
            if (!EVENT_KEYS.includes(k)) {
              const meant = likelyTypo(k, EVENT_KEYS);
              problem("unknown-key", [...at, k], `unknown key "${k}" in an event`, meant ? `did you mean "${meant}"?` : `events have ${EVENT_KEYS.join(", ")}`, true);
            }
          }
          if (!("at" in raw)) problem("bad-event", at, "event has no `at` time", "add `at: 0` (minutes or a duration from the start)");
          const when = parseDuration(raw.at ?? 0);
          if (!when.ok) problem("bad-duration", [...at, "at"], `at: ${when.reason}`, DURATION_HINT);
          if ("fail" in raw && "activate" in raw) problem("bad-event", at, "an event either fails a component or activates a plan, not both", "split it into two events");
          else if ("fail" in raw) {
            const target = raw.fail;
            if (typeof target !== "string") problem("bad-type", [...at, "fail"], `fail must be a component id, got ${describe(target)}`);
            else if (!ids.has(target)) {
              const near = closestIds(target, model.components.map((c) => c.id));
              problem("unknown-component", [...at, "fail"], `fail "${target}" names no component of the model`, near.length ? `did you mean ${near.map((n) => `"${n}"`).join(" or ")}?` : "use a component id from the model");
            }
            let duration = Infinity;
            if ("for" in raw && raw.for !== null) {
              const d = parseDuration(raw.for);
              if (!d.ok) problem("bad-duration", [...at, "for"], `for: ${d.reason}`, DURATION_HINT);
              else duration = d.minutes;
            }
            if (when.ok && typeof target === "string") scenario.events.push({ at: when.minutes, fail: target, for: duration });
          } else if ("activate" in raw) {
            const plan = raw.activate;
            if (typeof plan !== "string" || !plans.has(plan)) problem("unknown-plan", [...at, "activate"], `activate ${describe(plan)} names no plan of the model`, plans.size ? `plans: ${[...plans].join(", ")}` : "the model has no plans");
            else if (when.ok) scenario.events.push({ at: when.minutes, activate: plan });
          } else problem("bad-event", at, "event has neither `fail:` nor `activate:`", "write {at: 0, fail: component-id, for: 10h}");
        });
        break;
      default: {
        const meant = likelyTypo(key, SCENARIO_KEYS);
        problem("unknown-key", [key], `unknown key "${key}" in the scenario`, meant ? `did you mean "${meant}"?` : `scenario keys: ${SCENARIO_KEYS.join(", ")}`, true);
      }
    }
  }
  return diagnostics.length ? { diagnostics } : { scenario, diagnostics };
}

/** A quick what-if without a file: `--fail a,b --for 10h --at 0`. */
export function failureScenario(ids: string[], at: number, duration: number, horizon = DEFAULT_HORIZON): Scenario {
  const events: ScenarioEvent[] = ids.map((id) => ({ at, fail: id, for: duration }));
  return { scenario: `fail ${ids.join(",")}`, horizon, events };
}

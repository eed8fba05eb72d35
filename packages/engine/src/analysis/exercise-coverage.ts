/**
 * The exercise programme's coverage (ISO 22301 8.5): within one cycle (default 12 months) every
 * tier-1 service, every plan and every site loss must be exercised at least once. An exercise
 * counts when one of its dates falls in the cycle (a date and its repeats every `cycle`), or, not
 * yet scheduled, when it repeats at least as often as the programme's cycle.
 */
import { CYCLE_PATTERN, type ExerciseInput } from "../model/schema.js";
import type { Model } from "../model/types.js";
import { byCodeUnit } from "../simulation/result.js";
import { sitesOf } from "./sites.js";
import type { CompiledModel } from "../compile/compiled-model.js";

export interface Cycle {
  count: number;
  unit: "mo" | "y" | "w" | "d";
}

const CYCLE = new RegExp(CYCLE_PATTERN);

/** `12mo`, `1y`, `6w`, `30d`; undefined when it is no cycle (or a cycle of 0). */
export function parseCycle(text: string): Cycle | undefined {
  const m = CYCLE.exec(text);
  if (!m || Number(m[1]) < 1) return undefined;
  return { count: Number(m[1]), unit: m[2] as Cycle["unit"] };
}

/** A date (YYYY-MM-DD, UTC) `times` cycles later; months keep the day, clamped to the month's end. */
export function addCycle(date: string, cycle: Cycle, times = 1): string {
  const [y, mo, d] = date.split("-").map(Number);
  if (cycle.unit === "w" || cycle.unit === "d") {
    const days = cycle.count * times * (cycle.unit === "w" ? 7 : 1);
    return new Date(Date.UTC(y, mo - 1, d + days)).toISOString().slice(0, 10);
  }
  const months = mo - 1 + cycle.count * times * (cycle.unit === "y" ? 12 : 1);
  const last = new Date(Date.UTC(y, months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, months, Math.min(d, last))).toISOString().slice(0, 10);
}

/** Roughly how many days a cycle lasts (to compare an unscheduled exercise's cycle with the programme's). */
const cycleDays = (c: Cycle) => c.count * { mo: 30.44, y: 365.25, w: 7, d: 1 }[c.unit];

export interface PlannedExerciseJSON {
  id: string;
  name?: string;
  type: string;
  /** its dates inside the programme's cycle, sorted */
  dates: string[];
  /** repeats with no date yet: counts when it repeats at least once per cycle */
  unscheduled: boolean;
  counts: boolean;
  plans: string[];
  /** tier-1 services it exercises: those named, and those its plans cover */
  services: string[];
  /** sites whose loss it rehearses */
  sites: string[];
}

export interface ExerciseCoverageJSON {
  cycle: string;
  from: string;
  /** the end of the cycle (exclusive) */
  to: string;
  exercises: PlannedExerciseJSON[];
  /** what is exercised, and by which exercises */
  coverage: { services: Record<string, string[]>; plans: Record<string, string[]>; sites: Record<string, string[]> };
  /** tier-1 services, plans and site losses no exercise in the cycle covers, each sorted */
  gaps: { services: string[]; plans: string[]; sites: string[] };
}

/** The site an exercise's scenario loses for good: `site-loss:<id>`, `{lose: id}`. */
function lostSite(scenario: ExerciseInput["scenario"]): string | undefined {
  if (typeof scenario === "string") return scenario.startsWith("site-loss:") ? scenario.slice("site-loss:".length) : undefined;
  return scenario?.lose ?? undefined;
}

const asList = <T>(v: T | T[] | null | undefined): T[] => (v === null || v === undefined ? [] : Array.isArray(v) ? v : [v]);

export function exercisesOf(model: Model): ExerciseInput[] {
  return (model.extra.exercises ?? []) as ExerciseInput[];
}

export function exerciseCoverage(cm: CompiledModel, options: { from: string; cycle?: string }): ExerciseCoverageJSON {
  const model = cm.model;
  const cycleText = options.cycle ?? "12mo";
  const cycle = parseCycle(cycleText);
  if (!cycle) throw new RangeError(`cycle "${cycleText}" is not a cycle: write a whole number and mo, y, w or d (12mo, 1y)`);
  const from = options.from;
  const to = addCycle(from, cycle);
  const sites = sitesOf(cm);
  const tier1 = model.components.filter((c) => c.tier === 1).map((c) => c.id).sort(byCodeUnit);
  const covers = new Map(model.plans.map((p) => [p.id, p.covers]));
  const coverage = {
    services: Object.fromEntries(tier1.map((id) => [id, [] as string[]])),
    plans: Object.fromEntries(model.plans.map((p) => [p.id, [] as string[]])),
    sites: Object.fromEntries(sites.map((id) => [id, [] as string[]])),
  };
  const exercises: PlannedExerciseJSON[] = exercisesOf(model).map((ex) => {
    const repeat = ex.cycle ? parseCycle(ex.cycle) : undefined;
    const dates: string[] = [];
    if (ex.date) {
      const start = String(ex.date).slice(0, 10);
      for (let i = 0, d = start; d < to && i < 10_000; i++, d = repeat ? addCycle(start, repeat, i) : "9999-12-31") {
        if (d >= from) dates.push(d);
        if (!repeat) break;
      }
    }
    const unscheduled = !ex.date && repeat !== undefined;
    const counts = dates.length > 0 || (unscheduled && cycleDays(repeat!) <= cycleDays(cycle));
    const plans = asList(ex.plans);
    const services = [...new Set([...asList(ex.services), ...plans.flatMap((p) => covers.get(p) ?? [])])].filter((s) => tier1.includes(s)).sort(byCodeUnit);
    const site = lostSite(ex.scenario);
    const exSites = site !== undefined && sites.includes(site) ? [site] : [];
    if (counts) {
      for (const s of services) coverage.services[s]?.push(ex.id);
      for (const p of plans) coverage.plans[p]?.push(ex.id);
      for (const s of exSites) coverage.sites[s]?.push(ex.id);
    }
    return { id: ex.id, ...(ex.name ? { name: ex.name } : {}), type: ex.type, dates, unscheduled, counts, plans, services, sites: exSites };
  });
  const gap = (m: Record<string, string[]>) => Object.keys(m).filter((k) => m[k].length === 0).sort(byCodeUnit);
  return { cycle: cycleText, from, to, exercises, coverage, gaps: { services: gap(coverage.services), plans: gap(coverage.plans), sites: gap(coverage.sites) } };
}

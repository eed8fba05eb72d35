import { writeFileSync } from "node:fs";
import { diagnosticLocale, exerciseCalendar, exerciseCoverage, parseCycle, type ExerciseCoverageJSON } from "@continuum/engine";
import { parseArgs, UsageError } from "../args.js";
import { loadModelFrom } from "../model-input.js";
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE, type Command } from "./command.js";

export const exercises: Command = {
  name: "exercises",
  summary: "plan the exercise programme: every tier-1 service, plan and site loss exercised once per cycle",
  help: `Usage: continuum exercises plan MODEL [--cycle 12mo] [--from YYYY-MM-DD] [--ics FILE] [--json]

Checks the model's exercise programme (ISO 22301 8.5): within one cycle from --from (default
today), every tier-1 service, every plan and every site loss must be exercised at least once.
An exercise counts when one of its dates (its date and repeats every \`cycle\`) falls in the
cycle, or, with no date yet, when it repeats at least once per cycle. Lists the gaps.

Options:
  --cycle CYCLE   the programme's cycle: a whole number and mo, y, w or d (default 12mo)
  --from DATE     the first day of the cycle (default today, UTC)
  --ics FILE      write the programme as an iCalendar file (RFC 5545): one event per dated
                  exercise, repeating with its cycle
  --json          one JSON object on stdout: cycle, from, to, exercises, coverage, gaps
                  (gaps.services, gaps.plans, gaps.sites: sorted ids)

Exit status: 0 no gaps, 1 gaps, 2 invalid model or usage.

Examples:
  continuum exercises plan examples/pangyo-2022/model.yaml
  continuum exercises plan model.yaml --cycle 6mo --ics programme.ics`,
  async run(argv, output) {
    const { positional, flags } = parseArgs(argv, { json: {}, cycle: { value: true }, from: { value: true }, ics: { value: true } }, "exercises");
    if (positional[0] !== "plan") throw new UsageError(positional.length ? `unknown exercises command "${positional[0]}" (known: plan)` : "exercises takes a command: plan", "exercises");
    if (positional.length !== 2) throw new UsageError("exercises plan takes one MODEL", "exercises");
    const cycle = (flags.cycle as string | undefined) ?? "12mo";
    if (!parseCycle(cycle)) throw new UsageError(`--cycle must be a whole number and mo, y, w or d (12mo, 1y), not ${cycle}`, "exercises");
    const from = (flags.from as string | undefined) ?? new Date().toISOString().slice(0, 10);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || Number.isNaN(Date.parse(from))) throw new UsageError(`--from must be a date YYYY-MM-DD, not ${from}`, "exercises");
    const loaded = loadModelFrom(positional[1], output, "exercises", { warnings: false });
    if (!loaded) return EXIT_USAGE;
    const result = exerciseCoverage(loaded.compiled, { from, cycle });
    if (typeof flags.ics === "string") {
      const { ics, undated } = exerciseCalendar(loaded.model, { stamp: new Date() });
      try {
        writeFileSync(flags.ics, ics);
      } catch (e) {
        output.err(`continuum exercises: cannot write ${flags.ics}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
        return EXIT_USAGE;
      }
      if (undated.length) output.err(`${undated.length} exercise(s) with no date are not in ${flags.ics}: ${undated.join(", ")}`);
    }
    const korean = diagnosticLocale(process.env.CONTINUUM_LANG ?? process.env.LANG) === "ko";
    output.out(flags.json ? JSON.stringify(result, null, 2) : coverageText(result, korean));
    const gaps = result.gaps.services.length + result.gaps.plans.length + result.gaps.sites.length;
    return gaps ? EXIT_INVALID : EXIT_OK;
  },
};

function coverageText(r: ExerciseCoverageJSON, ko: boolean): string {
  const lines = [ko ? `훈련 주기 ${r.cycle}: ${r.from} ~ ${r.to} (미포함)` : `Exercise cycle ${r.cycle}: ${r.from} to ${r.to} (exclusive)`];
  for (const ex of r.exercises) {
    const when = ex.dates.length ? ex.dates.join(", ") : ex.unscheduled ? (ko ? "날짜 미정 (반복)" : "no date yet (repeats)") : ko ? "이 주기에 없음" : "not in this cycle";
    lines.push(`  ${ex.id} (${ex.type}): ${when}${ex.counts ? "" : ko ? " — 집계 안 됨" : " — does not count"}`);
  }
  const gap = (what: string, ids: string[]) => lines.push(`${what}: ${ids.length ? ids.join(", ") : ko ? "없음" : "none"}`);
  lines.push("");
  gap(ko ? "훈련되지 않는 1등급 서비스" : "Tier-1 services not exercised", r.gaps.services);
  gap(ko ? "훈련되지 않는 계획" : "Plans not exercised", r.gaps.plans);
  gap(ko ? "훈련되지 않는 사이트 상실" : "Site losses not exercised", r.gaps.sites);
  return lines.join("\n");
}

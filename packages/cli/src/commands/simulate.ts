import { DEFAULT_HORIZON, failureScenario, parseDuration, simulateWithWaits, type Scenario } from "@continuum/engine";
import { parseArgs, UsageError } from "../args.js";
import { loadModelFrom, loadScenarioFrom } from "../model-input.js";
import { render, type Format } from "../report/document.js";
import { simulationReport } from "../report/simulation-report.js";
import { EXIT_INVALID, EXIT_OK, type Command } from "./command.js";

export const simulate: Command = {
  name: "simulate",
  summary: "play a disaster against a model: what goes down, when, for how long, at what cost",
  help: `Usage: continuum simulate MODEL SCENARIO [--json | --format text|markdown]
       continuum simulate MODEL --fail ID[,ID...] [--for 10h] [--at 0] [--horizon 30d]

Plays a scenario (a file with timed failures) against a model and reports the business
services that go down by tier, when, for how long, whether their RTO and MTPD hold (and
the moment each breaks), the loss, circular waits and recovery plans.

Options:
  --json              the contract's JSON result on stdout
  --format FORMAT     text (default; colours on a terminal) or markdown (for reports)
  --fail IDS          a quick what-if without a scenario file: these components fail
  --for DURATION      how long they stay broken (default: not repaired within the horizon)
  --at DURATION       when they fail (default 0)
  --horizon DURATION  how long to simulate for --fail (default 30d)

Durations: 90m, 1.5h, 2d, 1w, 0, or ISO 8601 (PT2H).
Exit status: 0 ok, 1 model or scenario invalid, 2 usage error.

Examples:
  continuum simulate examples/pangyo-2022/model.yaml examples/pangyo-2022/pangyo-fire.yaml
  continuum simulate model.yaml --fail pangyo-idc --for 17.5h
  continuum simulate model.yaml fire.yaml --format markdown > report.md`,
  async run(argv, output) {
    const { positional, flags } = parseArgs(argv, { json: {}, format: { value: true }, fail: { value: true }, for: { value: true }, at: { value: true }, horizon: { value: true } }, "simulate");
    const format = (flags.format as string | undefined) ?? "text";
    if (format !== "text" && format !== "markdown" && format !== "json") throw new UsageError(`--format must be text, markdown or json, not ${format}`, "simulate");
    const asJson = flags.json === true || format === "json";
    if (flags.fail === undefined && positional.length !== 2) throw new UsageError("simulate takes MODEL and SCENARIO (or MODEL --fail ID)", "simulate");
    if (flags.fail !== undefined && positional.length !== 1) throw new UsageError("with --fail, simulate takes only MODEL", "simulate");
    if (flags.fail === undefined && (flags.for !== undefined || flags.at !== undefined || flags.horizon !== undefined)) throw new UsageError("--for, --at and --horizon go with --fail", "simulate");

    const loaded = loadModelFrom(positional[0], output, "simulate", { warnings: false });
    if (!loaded) return EXIT_INVALID;
    let scenario: Scenario | undefined;
    if (flags.fail !== undefined) {
      const ids = String(flags.fail).split(",").map((s) => s.trim()).filter(Boolean);
      if (!ids.length) throw new UsageError("--fail needs at least one component id", "simulate");
      const unknown = ids.filter((id) => !loaded.compiled.index.has(id));
      if (unknown.length) {
        output.err(`--fail: ${unknown.map((id) => `"${id}"`).join(", ")} names no component of ${positional[0]}`);
        return EXIT_INVALID;
      }
      const duration = flags.for === undefined ? Infinity : durationFlag("for", flags.for as string);
      const at = flags.at === undefined ? 0 : durationFlag("at", flags.at as string);
      const horizon = flags.horizon === undefined ? DEFAULT_HORIZON : durationFlag("horizon", flags.horizon as string);
      if (horizon <= 0) throw new UsageError("--horizon must be more than 0", "simulate");
      scenario = failureScenario(ids, at, duration, horizon);
    } else {
      scenario = loadScenarioFrom(positional[1], loaded, output, "simulate");
      if (!scenario) return EXIT_INVALID;
    }
    const { json: result, capacityWaits } = simulateWithWaits(loaded, scenario);
    if (asJson) output.out(JSON.stringify(result, null, 2));
    else output.out(render(simulationReport(loaded, scenario, result, capacityWaits), format as Format, output.color));
    return EXIT_OK;
  },
};

function durationFlag(name: string, value: string): number {
  const d = parseDuration(/^\d+(\.\d+)?$/.test(value) ? Number(value) : value);
  if (!d.ok) throw new UsageError(`--${name}: ${d.reason}`, "simulate");
  return d.minutes;
}

import { checkPlans, diagnosticLocale, siteLossScenarios, type Scenario } from "@continuum/engine";
import { parseArgs, UsageError } from "../args.js";
import { loadModelFrom, loadScenarioFrom } from "../model-input.js";
import { planCheckReport } from "../report/plan-check-report.js";
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE, type Command } from "./command.js";

export const plans: Command = {
  name: "plans",
  summary: "check recovery plans: 8.4.4 elements, owners, uncovered tier-1 services, each plan in each disaster",
  help: `Usage: continuum plans check MODEL [SCENARIO…] [--json]

Checks every plan of the model (ISO 22301 8.4.4): the plan-document elements it lacks, step
owners that name no team, the tier-1 services no plan covers, and each plan played in each
scenario given (by default: each site lost for good, the N-1 test). For every service a plan
covers it says when the service is back and whether its RTO and MTPD are met, which steps wait
on what, and how long steps waited for people or tools with a capacity.

Options:
  --json   one JSON object on stdout: uncovered, scenarios, passed, and
           plans.<id>.missing, plans.<id>.unknownOwners,
           plans.<id>.scenarios.<scenario>.services.<service>.{recoveredAt, downtimeMinutes, rtoMet, mtpdMet},
           plans.<id>.scenarios.<scenario>.waiting ([{step, for: [component ids]}]),
           plans.<id>.scenarios.<scenario>.capacityWaits and .capacityWaitMinutes

Exit status: 0 every tier-1 service covered and every covered service back within its RTO,
1 a tier-1 service is uncovered or a covered service misses its RTO, 2 invalid model,
scenario or usage.

Examples:
  continuum plans check examples/pangyo-2022/model.yaml
  continuum plans check examples/pangyo-2022/model.yaml examples/pangyo-2022/pangyo-fire.yaml --json`,
  async run(argv, output) {
    const { positional, flags } = parseArgs(argv, { json: {} }, "plans");
    if (positional[0] !== "check") throw new UsageError(positional.length ? `unknown plans command "${positional[0]}" (known: check)` : "plans takes a command: check", "plans");
    if (positional.length < 2) throw new UsageError("plans check takes a MODEL and, optionally, SCENARIO files", "plans");
    const loaded = loadModelFrom(positional[1], output, "plans", { warnings: false });
    if (!loaded) return EXIT_USAGE;
    const scenarios: Scenario[] = [];
    for (const path of positional.slice(2)) {
      const scenario = loadScenarioFrom(path, loaded, output, "plans");
      if (!scenario) return EXIT_USAGE;
      scenarios.push(scenario);
    }
    const result = checkPlans(loaded.compiled, scenarios.length ? scenarios : siteLossScenarios(loaded.compiled));
    if (flags.json) output.out(JSON.stringify(result, null, 2));
    else output.out(planCheckReport(loaded, result, diagnosticLocale(process.env.CONTINUUM_LANG ?? process.env.LANG)));
    return result.passed ? EXIT_OK : EXIT_INVALID;
  },
};

import { parseArgs, UsageError } from "../args.js";
import { loadModelFrom, printDiagnostics, summarize } from "../model-input.js";
import { paint } from "../terminal.js";
import { EXIT_INVALID, EXIT_OK, type Command } from "./command.js";

export const check: Command = {
  name: "check",
  summary: "validate a model (a CI gate with --strict)",
  help: `Usage: continuum check MODEL [--strict] [--json]

Validates a continuity model (a YAML/JSON file or a folder of them) and reports every
problem at once with file, line, component and what to do. Warnings (circular
dependencies, components nothing depends on, RTOs the restart chain cannot meet) do
not fail the check unless --strict is given.

Options:
  --strict     warnings fail the check too (exit 1): use it as a CI gate
  --json       print {valid, errors, warnings} as JSON on stdout

Exit status: 0 valid, 1 invalid (or warnings with --strict), 2 usage error.

Examples:
  continuum check examples/pangyo-2022/model.yaml
  continuum check ./continuity/ --strict`,
  async run(argv, output) {
    const { positional, flags } = parseArgs(argv, { strict: {}, json: {} }, "check");
    if (positional.length !== 1) throw new UsageError("check takes one MODEL (a file or a folder)", "check");
    const path = positional[0];
    const loaded = loadModelFrom(path, output, "check", { showWarnings: !flags.json });
    if (flags.json) {
      // loadModelFrom printed the errors already when invalid; JSON still goes to stdout for tools
      const warnings = loaded?.warnings ?? [];
      output.out(JSON.stringify({ valid: Boolean(loaded) && !(flags.strict && warnings.length), components: loaded?.model.components.length ?? null, warnings }, null, 2));
      return loaded && !(flags.strict && warnings.length) ? EXIT_OK : EXIT_INVALID;
    }
    if (!loaded) return EXIT_INVALID;
    const p = paint(output.color);
    const m = loaded.model;
    const what = `${m.components.length} component${m.components.length === 1 ? "" : "s"}${m.plans.length ? `, ${m.plans.length} plan${m.plans.length === 1 ? "" : "s"}` : ""}`;
    if (loaded.warnings.length && flags.strict) {
      output.err(`${path}: ${what}; ${summarize(loaded.warnings)} (--strict: warnings fail the check)`);
      return EXIT_INVALID;
    }
    output.out(`${p.green("✓")} ${path}: valid, ${what}${loaded.warnings.length ? `; ${summarize(loaded.warnings)}` : ""}`);
    return EXIT_OK;
  },
};

export { printDiagnostics };

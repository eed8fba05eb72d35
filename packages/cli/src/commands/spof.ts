import { singlePointsOfFailure, spofJSON } from "@continuum/engine";
import { parseArgs, UsageError } from "../args.js";
import { loadModelFrom } from "../model-input.js";
import { render, type Format } from "../report/document.js";
import { spofReport } from "../report/spof-report.js";
import { Progress } from "../terminal.js";
import { EXIT_INVALID, EXIT_OK, type Command } from "./command.js";

export const spof: Command = {
  name: "spof",
  summary: "single points of failure of every tiered service, and the N-1 site test",
  help: `Usage: continuum spof MODEL [--json | --format text|markdown]

For every component X and every service S with a tier, X is a single point of failure
for S when losing X alone (broken at time 0, never repaired) leaves S down once nothing
more can happen. Each loss is played through the simulation, so switchover gaps count.
The report ranks components and sites by how many tier-1 and tier-2 services their loss
takes down for good (the N-1 site test).

Options:
  --json            {"spof": {"<service>": ["<component>", ...]}} on stdout
  --format FORMAT   text (default) or markdown

Exit status: 0 ok, 1 model invalid, 2 usage error.

Examples:
  continuum spof examples/pangyo-2022/model.yaml
  continuum spof model.yaml --json | jq '.spof["kakaotalk"]'`,
  async run(argv, output) {
    const { positional, flags } = parseArgs(argv, { json: {}, format: { value: true } }, "spof");
    if (positional.length !== 1) throw new UsageError("spof takes one MODEL", "spof");
    const format = (flags.format as string | undefined) ?? "text";
    if (format !== "text" && format !== "markdown" && format !== "json") throw new UsageError(`--format must be text, markdown or json, not ${format}`, "spof");
    const loaded = loadModelFrom(positional[0], output, "spof", { warnings: false });
    if (!loaded) return EXIT_INVALID;
    const progress = new Progress(output.interactive && loaded.compiled.n > 2000, "Playing each loss…");
    const result = singlePointsOfFailure(loaded.compiled, { onProgress: (done, total) => progress.update(done, total) });
    progress.done();
    if (flags.json || format === "json") output.out(JSON.stringify(spofJSON(loaded.compiled, result), null, 2));
    else output.out(render(spofReport(loaded, result), format as Format, output.color));
    return EXIT_OK;
  },
};

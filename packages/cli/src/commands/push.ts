import type { ChangeAnswer, ImportRequest } from "@continuum/api";
import { isProblem } from "@continuum/api";
import { parseArgs, UsageError } from "../args.js";
import { readModelFiles } from "../files.js";
import { printDiagnostics, summarize } from "../model-input.js";
import { call, CONNECTION_FLAGS, CONNECTION_HELP, connectionFrom, diagnosticsOf, EXIT_SERVER, failure, organizationOf, ServerError } from "../server-api.js";
import { paint } from "../terminal.js";
import { EXIT_INVALID, EXIT_OK, type Command } from "./command.js";

export const push: Command = {
  name: "push",
  summary: "send a model (file or folder, with its scenarios) to a Continuum server as a new revision",
  help: `Usage: continuum push MODEL --server URL --token TOKEN [--org SLUG] [--comment TEXT] [--json]

Sends a model — a YAML/JSON file, or a folder of them with the scenarios beside the model — to
a Continuum server, where it becomes the organization's new revision (with your comment, for
document control). The server validates it exactly as \`continuum check\` does: if anything is
wrong it prints every problem with file and line and changes nothing. Pushing what the server
has already changes nothing either.

Scenario files in a folder replace the organization's scenarios; a model pushed without any
keeps them (and is refused if it would break one).

Options:
${CONNECTION_HELP}
  --comment TEXT why the model changed (default: "Push of N files")
  --json         print the server's answer as JSON on stdout

Exit status: 0 pushed or unchanged, 1 the model is invalid, 2 usage error, 3 the server refused
(token, scope, organization) or could not be reached.

Examples:
  export CONTINUUM_SERVER=https://continuum.example.com CONTINUUM_TOKEN=ctm_…
  continuum push continuity/ --comment "$(git log -1 --format=%s)"
  continuum push examples/pangyo-2022/model.yaml --server http://localhost:8080 --token ctm_… --org acme`,
  async run(argv, output) {
    const { positional, flags } = parseArgs(argv, { ...CONNECTION_FLAGS, comment: { value: true }, json: {} }, "push");
    if (positional.length !== 1) throw new UsageError("push takes one MODEL (a file or a folder)", "push");
    const connection = connectionFrom(flags, "push");
    const files = readModelFiles(positional[0], "push");
    const p = paint(output.color);
    try {
      const org = await organizationOf(connection);
      const body: ImportRequest = { files };
      if (typeof flags.comment === "string") body.comment = flags.comment;
      const a = await call<ChangeAnswer>(
        { ...connection, org },
        "POST",
        `/api/v1/orgs/${encodeURIComponent(org)}/model/import`,
        body,
      );
      if (a.status === 422) {
        const diagnostics = diagnosticsOf(isProblem(a.body) ? a.body : undefined);
        if (flags.json) output.out(a.text);
        printDiagnostics(diagnostics, output);
        output.err(`${positional[0]}: refused by ${connection.server} (${summarize(diagnostics)}); nothing changed`);
        return EXIT_INVALID;
      }
      if (a.status !== 200 && a.status !== 201) throw failure(a, `push to ${org}`, connection);
      if (flags.json) {
        output.out(JSON.stringify(a.body, null, 2));
        return EXIT_OK;
      }
      if (a.body.warnings?.length) printDiagnostics(a.body.warnings, output);
      const r = a.body.revision;
      if (a.body.unchanged) {
        output.out(`${p.green("=")} ${org} is at revision ${r?.number ?? 0} already: nothing changed`);
        return EXIT_OK;
      }
      const s = r?.summary;
      const parts = s
        ? [
            `${s.components.added} added, ${s.components.changed} changed, ${s.components.removed} removed components`,
            s.plans.added + s.plans.changed + s.plans.removed ? `${s.plans.added + s.plans.changed + s.plans.removed} plans changed` : "",
            s.scenarios.added + s.scenarios.changed + s.scenarios.removed ? `${s.scenarios.added + s.scenarios.changed + s.scenarios.removed} scenarios changed` : "",
          ].filter(Boolean)
        : [];
      output.out(`${p.green("✓")} pushed ${files.length} file${files.length === 1 ? "" : "s"} to ${org}: revision ${r?.number} (${parts.join("; ")}) — ${r?.comment}`);
      return EXIT_OK;
    } catch (e) {
      if (e instanceof ServerError) {
        output.err(`continuum push: ${e.message}`);
        return EXIT_SERVER;
      }
      throw e;
    }
  },
};

import type { ModelFilesAnswer } from "@continuum/api";
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseArgs, UsageError } from "../args.js";
import { call, CONNECTION_FLAGS, CONNECTION_HELP, connectionFrom, EXIT_SERVER, failure, organizationOf, ServerError } from "../server-api.js";
import { paint } from "../terminal.js";
import { EXIT_OK, type Command } from "./command.js";

const FILE = /\.(ya?ml|json)$/i;

export const pull: Command = {
  name: "pull",
  summary: "write an organization's model (and scenarios) from a Continuum server to files",
  help: `Usage: continuum pull DIR|FILE --server URL --token TOKEN [--org SLUG] [--format yaml|json] [--revision N]

Writes the organization's model as the server exports it — the same text every time, and a
file that \`continuum push\` sends back unchanged — so that the model can live in git.

  FILE (ends in .yaml, .yml or .json): one file; in YAML the model, then each saved scenario
                 as a further document (---); in JSON the model alone.
  DIR  (anything else): model.yaml and scenarios/<name>.yaml for every saved scenario.

Options:
${CONNECTION_HELP}
  --format F     yaml (default) or json (default for FILE: from its extension)
  --revision N   an earlier revision instead of the current one

Exit status: 0 written, 2 usage error, 3 the server refused or could not be reached.

Examples:
  continuum pull continuity/ --server https://continuum.example.com --token ctm_…
  continuum pull model.yaml --org acme --revision 12`,
  async run(argv, output) {
    const { positional, flags } = parseArgs(argv, { ...CONNECTION_FLAGS, format: { value: true }, revision: { value: true } }, "pull");
    if (positional.length !== 1) throw new UsageError("pull takes one DIR or FILE to write", "pull");
    const target = positional[0];
    const connection = connectionFrom(flags, "pull");
    const asFile = FILE.test(target) || (existsSync(target) && statSync(target).isFile());
    const format = typeof flags.format === "string" ? flags.format : asFile && /\.json$/i.test(target) ? "json" : "yaml";
    if (format !== "yaml" && format !== "json") throw new UsageError(`--format is yaml or json, got "${format}"`, "pull");
    const revision = typeof flags.revision === "string" ? flags.revision : undefined;
    if (revision !== undefined && !/^[1-9]\d*$/.test(revision)) throw new UsageError(`--revision is a revision number, got "${revision}"`, "pull");
    const query = `?format=${format}${revision ? `&revision=${revision}` : ""}`;
    const p = paint(output.color);
    try {
      const org = await organizationOf(connection);
      const base = `/api/v1/orgs/${encodeURIComponent(org)}`;
      if (asFile) {
        const a = await call<string>({ ...connection, org }, "GET", `${base}/model/export${query}`);
        if (a.status !== 200) throw failure(a, `pull from ${org}`, connection);
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, a.text);
        output.out(`${p.green("✓")} pulled ${org} (revision ${a.headers.get("x-continuum-revision") ?? "none"}) into ${target}`);
        return EXIT_OK;
      }
      const a = await call<ModelFilesAnswer>({ ...connection, org }, "GET", `${base}/model/files${query}`);
      if (a.status !== 200) throw failure(a, `pull from ${org}`, connection);
      const written = new Set<string>();
      for (const f of a.body.files) {
        if (f.path.split("/").some((part) => part === ".." || part === "") || f.path.startsWith("/")) throw new ServerError(`the server sent an unsafe file name: ${f.path}`);
        const path = join(target, f.path);
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, f.text);
        written.add(f.path);
      }
      // scenario files here that the server does not have: say so (a push would bring them back)
      const scenariosDir = join(target, "scenarios");
      if (existsSync(scenariosDir)) {
        for (const name of readdirSync(scenariosDir)) {
          if (FILE.test(name) && !written.has(`scenarios/${name}`)) output.err(`note: scenarios/${name} is not on the server (delete it, or push to add it back)`);
        }
      }
      const scenarios = a.body.files.length - 1;
      output.out(`${p.green("✓")} pulled ${org} (revision ${a.body.revision?.number ?? "none"}) into ${target}: ${a.body.files[0]?.path}${scenarios ? ` and ${scenarios} scenario${scenarios === 1 ? "" : "s"}` : ""}`);
      return EXIT_OK;
    } catch (e) {
      if (e instanceof ServerError) {
        output.err(`continuum pull: ${e.message}`);
        return EXIT_SERVER;
      }
      throw e;
    }
  },
};

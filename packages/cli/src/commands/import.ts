import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { convertBackstageCatalog, convertCsv, isBackstageCatalog, loadModel, type Conversion, type SourceFile } from "@continuum/engine";
import { parseArgs, UsageError } from "../args.js";
import { readModelFiles } from "../files.js";
import { printDiagnostics, summarize } from "../model-input.js";
import { paint } from "../terminal.js";
import { EXIT_INVALID, EXIT_OK, type Command } from "./command.js";

export const importCommand: Command = {
  name: "import",
  summary: "turn a Backstage catalog or a spreadsheet (CSV) into a continuity model",
  help: `Usage: continuum import backstage FILE|DIR... [-o model.yaml] [--organization NAME]
       continuum import csv COMPONENTS.csv [DEPENDENCIES.csv] [-o model.yaml] [--organization NAME] [--currency KRW]

backstage  Reads Backstage catalog files (catalog-info.yaml: several entities per file,
           separated by ---). Component, Resource and System entities become components;
           continuity fields come from the annotations continuum.io/tier, continuum.io/rto,
           continuum.io/rpo, continuum.io/mtpd, continuum.io/restart, continuum.io/site and
           continuum.io/kind. In a folder, files that are not catalogs (no apiVersion
           backstage.io/v1alpha1 or v1beta1) are skipped and named.
csv        Reads a components table (one row a component: id, name, kind, site, owner, tier,
           rto, rpo, mtpd, restart, perHour, description, tags) and optionally a dependencies
           table (one row a dependency: component, needs, and group, need, mode, failover for
           redundancy groups). UTF-8 (Excel: "CSV UTF-8"); , ; or tab separated.

The model is checked as \`continuum check\` would; its problems name the catalog's files,
lines and entities (or the CSV's file:line:column).

Options:
  -o, --output FILE     write the model there (default: standard output)
  --organization NAME   the model's organization
  --currency CODE       the model's currency (csv; default KRW)

Exit status: 0 converted, 1 the input cannot be converted, 2 usage error.

Examples:
  continuum import backstage examples/backstage -o model.yaml
  continuum simulate model.yaml --fail pangyo-idc --for 10h
  continuum import csv examples/csv/components.csv examples/csv/dependencies.csv -o model.yaml`,
  async run(argv, output) {
    const { positional, flags } = parseArgs(argv, { output: { value: true, short: "o" }, organization: { value: true }, currency: { value: true } }, "import");
    const [source, ...paths] = positional;
    const organization = typeof flags.organization === "string" ? flags.organization : undefined;
    let result: Conversion;
    if (source === "backstage") {
      if (!paths.length) throw new UsageError("import backstage takes at least one FILE or DIR", "import");
      if (flags.currency !== undefined) throw new UsageError("--currency goes with import csv", "import");
      const files: SourceFile[] = [];
      const skipped: string[] = [];
      for (const path of paths) {
        const folder = existsSync(path) && statSync(path).isDirectory();
        for (const f of readModelFiles(path, "import")) {
          if (folder && !isBackstageCatalog(f.text)) skipped.push(f.path);
          else files.push(f);
        }
      }
      if (skipped.length) output.err(`skipped ${skipped.length} file${skipped.length === 1 ? "" : "s"} that ${skipped.length === 1 ? "is" : "are"} not a Backstage catalog: ${skipped.join(", ")}`);
      if (!files.length) throw new UsageError(`no Backstage catalog files in ${paths.join(", ")}`, "import");
      result = convertBackstageCatalog(files, { organization });
    } else if (source === "csv") {
      if (paths.length < 1 || paths.length > 2) throw new UsageError("import csv takes COMPONENTS.csv and optionally DEPENDENCIES.csv", "import");
      const [components, dependencies] = paths.map(readUtf8);
      result = convertCsv(components, dependencies, { organization, currency: typeof flags.currency === "string" ? flags.currency : undefined });
    } else {
      throw new UsageError(source ? `unknown source "${source}": import backstage or import csv` : "import takes a source: backstage or csv", "import");
    }

    printDiagnostics(result.diagnostics, output);
    if (!result.text) {
      output.err(`nothing written: ${summarize(result.diagnostics)}`);
      return EXIT_INVALID;
    }
    // the converted model must load as any model does: say so now, not at the next command
    const target = typeof flags.output === "string" ? flags.output : "model.yaml";
    const { loaded, diagnostics } = loadModel([{ path: target, text: result.text }]);
    if (!loaded) {
      printDiagnostics(diagnostics, output);
      output.err(`nothing written: the converted model is invalid (${summarize(diagnostics)})`);
      return EXIT_INVALID;
    }
    printDiagnostics(loaded.warnings, output);
    const n = loaded.model.components.length;
    if (typeof flags.output === "string") {
      writeFileSync(flags.output, result.text);
      output.err(`${paint(output.color).green("✓")} ${flags.output}: ${n} component${n === 1 ? "" : "s"}${result.diagnostics.length + loaded.warnings.length ? `; ${summarize([...result.diagnostics, ...loaded.warnings])}` : ""}`);
    } else output.out(result.text);
    return EXIT_OK;
  },
};

/** A CSV as text, refusing what is not UTF-8 (a CP949 file from Excel would turn Korean into noise). */
function readUtf8(path: string): SourceFile {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(code === "ENOENT" ? `no such file: ${path}` : code === "EISDIR" ? `${path} is a folder, expected a CSV file` : `cannot read ${path}: ${code}`, "import");
  }
  try {
    return { path, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    throw new UsageError(`${path} is not UTF-8 text: save it from Excel as "CSV UTF-8", or convert it (iconv -f cp949 -t utf-8 ${path})`, "import");
  }
}

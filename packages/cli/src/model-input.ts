/** Loading a model or scenario for a command, with every diagnostic printed the same way. */
import { diagnosticLocale, formatDiagnostic, localizeDiagnostic, loadModel, readScenario, type Diagnostic, type LoadedModel, type Scenario } from "@continuum/engine";
import { readModelFiles, readText } from "./files.js";
import { isSnapshotPath, loadSnapshotFile, SnapshotRefusal } from "./snapshot-input.js";
import { paint, Progress, type Output } from "./terminal.js";

export function printDiagnostics(diagnostics: Diagnostic[], output: Output): void {
  const p = paint(output.color && Boolean(process.stderr.isTTY));
  for (const d of diagnostics) {
    // Korean words where the locale asks for them (CONTINUUM_LANG, else LANG), English otherwise
    const text = formatDiagnostic(localizeDiagnostic(d, diagnosticLocale(process.env.CONTINUUM_LANG ?? process.env.LANG)));
    output.err(d.severity === "error" ? text.replace(/ error \[/, ` ${p.red("error")} [`) : text.replace(/ warning \[/, ` ${p.yellow("warning")} [`));
  }
}

export function summarize(diagnostics: Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.length - errors;
  return [errors ? `${errors} error${errors > 1 ? "s" : ""}` : "", warnings ? `${warnings} warning${warnings > 1 ? "s" : ""}` : ""].filter(Boolean).join(", ");
}

/** The loaded model, or undefined after printing why not (errors always; warnings when asked). */
export function loadModelFrom(path: string, output: Output, command: string, options: { warnings?: boolean; showWarnings?: boolean } = {}): LoadedModel | undefined {
  const progress = new Progress(output.interactive, "Loading model…");
  progress.note(path);
  if (isSnapshotPath(path)) {
    // a compiled snapshot (continuum compile): checked against its sources, then read as it is
    let loaded: LoadedModel;
    try {
      loaded = loadSnapshotFile(path, command);
    } catch (e) {
      progress.done();
      if (!(e instanceof SnapshotRefusal)) throw e;
      const korean = diagnosticLocale(process.env.CONTINUUM_LANG ?? process.env.LANG) === "ko";
      output.err(`continuum ${command}: ${korean ? e.korean : e.message}`);
      return undefined;
    }
    progress.done();
    if (options.showWarnings) printDiagnostics(loaded.warnings, output);
    return loaded;
  }
  const files = readModelFiles(path, command);
  const { loaded, diagnostics } = loadModel(files, { warnings: options.warnings });
  progress.done();
  if (!loaded) {
    printDiagnostics(diagnostics, output);
    output.err(`${path}: invalid model (${summarize(diagnostics)})`);
    return undefined;
  }
  if (options.showWarnings) printDiagnostics(loaded.warnings, output);
  return loaded;
}

export function loadScenarioFrom(path: string, loaded: LoadedModel, output: Output, command: string): Scenario | undefined {
  const { scenario, diagnostics } = readScenario({ path, text: readText(path, command) }, loaded.model, loaded.compiled.index);
  if (!scenario) {
    printDiagnostics(diagnostics, output);
    output.err(`${path}: invalid scenario (${summarize(diagnostics)})`);
    return undefined;
  }
  return scenario;
}

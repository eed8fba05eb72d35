/**
 * The import accepts Backstage catalogs as the CLI does (`continuum import backstage`): files whose
 * entities say `apiVersion: backstage.io/v1alpha1` (or v1beta1) are converted by the engine into
 * one model file; other files (a model, scenarios) pass through unchanged.
 */
import { convertBackstageCatalog, isBackstageCatalog, type SourceFile } from "@continuum/engine";
import { invalidModel } from "../core/problem.js";

export const CONVERTED_CATALOG_PATH = "backstage-catalog.yaml";

export function withBackstageConverted(files: SourceFile[]): SourceFile[] {
  const catalog = files.filter((f) => isBackstageCatalog(f.text));
  if (!catalog.length) return files;
  const result = convertBackstageCatalog(catalog);
  if (!result.text) throw invalidModel(result.diagnostics, `the Backstage catalog cannot be converted (${result.diagnostics.filter((d) => d.severity === "error").length} errors); nothing was changed`);
  return [{ path: CONVERTED_CATALOG_PATH, text: result.text }, ...files.filter((f) => !catalog.includes(f))];
}

/** Errors and warnings about a model or scenario, each pointing at a place a person can find. */

export type Severity = "error" | "warning";

export interface Diagnostic {
  severity: Severity;
  /** stable machine-readable code, e.g. `duplicate-id` */
  code: string;
  message: string;
  /** what to do about it */
  hint?: string;
  file?: string;
  line?: number;
  column?: number;
  component?: string;
  /** dotted path of the field, e.g. `components[3].dependsOn[1].need` */
  field?: string;
  /** the values the message names (a key, an id, a suggestion), for messages in other languages */
  params?: DiagnosticParams;
}

export type DiagnosticParams = Record<string, string | number>;

export class DiagnosticList {
  readonly items: Diagnostic[] = [];
  add(d: Diagnostic): void {
    this.items.push(d);
  }
  get errors(): Diagnostic[] {
    return this.items.filter((d) => d.severity === "error");
  }
  get warnings(): Diagnostic[] {
    return this.items.filter((d) => d.severity === "warning");
  }
  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === "error");
  }
}

export function fieldPath(path: ReadonlyArray<string | number>): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out ? `.${p}` : p;
  return out;
}

/** `model.yaml:12:5: error [duplicate-id] component "x": ... (hint)` */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.file ? `${d.file}${d.line ? `:${d.line}${d.column ? `:${d.column}` : ""}` : ""}: ` : "";
  const who = d.component ? `component "${d.component}": ` : "";
  const field = d.field ? ` (at ${d.field})` : "";
  const hint = d.hint ? `\n    → ${d.hint}` : "";
  return `${where}${d.severity} [${d.code}] ${who}${d.message}${field}${hint}`;
}

/** Thrown only by the convenience loaders; carries every diagnostic, never a stack trace for users. */
export class ModelError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.filter((d) => d.severity === "error").map(formatDiagnostic).join("\n"));
    this.name = "ModelError";
  }
}

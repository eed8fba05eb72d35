import { ApiError } from "./api";

/** `body.password`, `/password`, `component.rto`, `components[3].impact[0].from` → `password`, `rto`, `impact`. */
export function fieldKey(field: string | undefined): string | undefined {
  if (!field) return undefined;
  let f = field.trim().replace(/^\//, "").replace(/\//g, ".");
  f = f.replace(/^body\./, "").replace(/^component\./, "").replace(/^components\[\d+\]\.?/, "").replace(/^components\.\d+\.?/, "");
  const key = f.split(/[.[]/)[0];
  return key || undefined;
}

/** The messages of a 4xx answer by form field; messages without a field are left to the caller. */
export function fieldErrors(error: unknown): { byField: Record<string, string>; general: string[] } {
  const byField: Record<string, string> = {};
  const general: string[] = [];
  if (!(error instanceof ApiError)) return { byField, general };
  for (const e of error.errors) {
    if (e.severity === "warning") continue;
    const key = fieldKey(e.field);
    const text = e.hint ? `${e.message} — ${e.hint}` : e.message;
    if (key) byField[key] = byField[key] ? `${byField[key]}; ${text}` : text;
    else general.push(text);
  }
  return { byField, general };
}

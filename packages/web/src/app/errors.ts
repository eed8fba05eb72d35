import { ApiError } from "./api";
import { inLanguage } from "./diagnostic-words";
import type { Lang } from "./messages";

/** `body.password`, `/password`, `component.rto`, `components[3].impact[0].from` → `password`, `rto`, `impact`. */
export function fieldKey(field: string | undefined): string | undefined {
  if (!field) return undefined;
  let f = field.trim().replace(/^\//, "").replace(/\//g, ".");
  f = f.replace(/^body\./, "").replace(/^(component|risk|policy)\./, "").replace(/^components\[\d+\]\.?/, "").replace(/^components\.\d+\.?/, "");
  const key = f.split(/[.[]/)[0];
  return key || undefined;
}

/** The page's language as the app set it on <html> (English where there is no page, as in unit tests). */
function pageLang(): Lang {
  return typeof document !== "undefined" && document.documentElement.lang === "ko" ? "ko" : "en";
}

/** The messages of a 4xx answer by form field (in `lang`, by default the page's); messages without a field are left to the caller. */
export function fieldErrors(error: unknown, lang: Lang = pageLang()): { byField: Record<string, string>; general: string[] } {
  const byField: Record<string, string> = {};
  const general: string[] = [];
  if (!(error instanceof ApiError)) return { byField, general };
  for (const raw of error.errors) {
    if (raw.severity === "warning") continue;
    const e = inLanguage(raw, lang);
    const key = fieldKey(e.field);
    const text = e.hint ? `${e.message} — ${e.hint}` : e.message;
    if (key) byField[key] = byField[key] ? `${byField[key]}; ${text}` : text;
    else general.push(text);
  }
  return { byField, general };
}

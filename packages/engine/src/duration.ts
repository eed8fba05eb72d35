/**
 * Durations and money as the contract defines them: minutes internally (floating point).
 * A duration is a number of minutes, `0`, a number with one unit (`90m`, `1.5h`, `2d`, `1w`)
 * or ISO 8601 (`PT2H`, `P1DT12H`).
 */

const UNIT_MINUTES: Record<string, number> = { m: 1, h: 60, d: 1440, w: 10080 };
const SIMPLE = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*([mhdw])\s*$/;
const ISO = /^P(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/i;

export type ParsedDuration = { ok: true; minutes: number } | { ok: false; reason: string };

export function parseDuration(value: unknown): ParsedDuration {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return { ok: false, reason: "must be a finite number of minutes" };
    if (value < 0) return { ok: false, reason: "must not be negative" };
    return { ok: true, minutes: value };
  }
  if (typeof value !== "string") {
    return { ok: false, reason: `expected a duration such as 90m, 1.5h, 2d, 1w or PT2H, got ${describe(value)}` };
  }
  const text = value.trim();
  if (text === "0") return { ok: true, minutes: 0 };
  const simple = SIMPLE.exec(text);
  if (simple) return { ok: true, minutes: Number(simple[1]) * UNIT_MINUTES[simple[2]] };
  const iso = ISO.exec(text);
  if (iso && text.length > 1 && !/T$/i.test(text)) {
    const n = (s: string | undefined) => (s ? Number(s.replace(",", ".")) : 0);
    const minutes = n(iso[1]) * 10080 + n(iso[2]) * 1440 + n(iso[3]) * 60 + n(iso[4]) + n(iso[5]) / 60;
    return { ok: true, minutes };
  }
  if (/^\s*-/.test(text)) return { ok: false, reason: `"${value}" is negative; durations are 0 or more` };
  if (/^\s*\d+(\.\d+)?\s*$/.test(text)) {
    return { ok: false, reason: `"${value}" has no unit; write ${text}m (minutes), ${text}h, ${text}d or ${text}w, or a plain number for minutes` };
  }
  return { ok: false, reason: `"${value}" is not a duration; use a number with one unit (90m, 1.5h, 2d, 1w), 0, or ISO 8601 (PT2H)` };
}

export interface DurationUnits {
  d: string;
  h: string;
  m: string;
  s: string;
  /** between parts */
  sep: string;
}

const ENGLISH_UNITS: DurationUnits = { d: "d", h: "h", m: "m", s: "s", sep: " " };

/**
 * `10h 10m`, `2d 3h`, `45m`, `30s` for fractions of a minute; `∞` for an unbounded duration.
 * Other languages pass their own unit labels (`10시간 10분`).
 */
export function formatDuration(minutes: number, units: DurationUnits = ENGLISH_UNITS): string {
  if (!Number.isFinite(minutes)) return "∞";
  if (minutes < 0) return "-" + formatDuration(-minutes, units);
  if (minutes === 0) return `0${units.m}`;
  const totalSeconds = Math.round(minutes * 60);
  if (totalSeconds < 60) return `${totalSeconds}${units.s}`;
  let rest = Math.round(minutes);
  const d = Math.floor(rest / 1440);
  rest -= d * 1440;
  const h = Math.floor(rest / 60);
  const m = rest - h * 60;
  const parts: string[] = [];
  if (d) parts.push(`${d}${units.d}`);
  if (h) parts.push(`${h}${units.h}`);
  if (m) parts.push(`${m}${units.m}`);
  return parts.join(units.sep) || `0${units.m}`;
}

export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return JSON.stringify(value);
  return String(value);
}

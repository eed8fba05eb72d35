/**
 * The exercise programme as an iCalendar file (RFC 5545): one all-day VEVENT per dated exercise,
 * with an RRULE when it repeats. Pure: the caller gives the time stamp (DTSTAMP).
 */
import type { ExerciseInput } from "../model/schema.js";
import type { Model } from "../model/types.js";
import { addCycle, exercisesOf, parseCycle } from "./exercise-coverage.js";

/** TEXT values (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks escaped. */
export function escapeText(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r\n|\r|\n/g, "\\n");
}

/** Lines longer than 75 octets folded (RFC 5545 3.1): CRLF and one space, never inside a UTF-8 character. */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = "";
  let octets = 0;
  for (const ch of line) {
    const cp = ch.codePointAt(0)!;
    const size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4; // its UTF-8 octets
    // the first line holds 75 octets; the next ones 74 after their leading space
    if (octets + size > (out.length === 0 ? 75 : 74)) {
      out.push(current);
      current = "";
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join("\r\n ");
}

const basicDate = (date: string) => date.replace(/-/g, "");
const stamp = (at: Date) => at.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
const asList = <T>(v: T | T[] | null | undefined): T[] => (v === null || v === undefined ? [] : Array.isArray(v) ? v : [v]);

const FREQ = { mo: "MONTHLY", y: "YEARLY", w: "WEEKLY", d: "DAILY" } as const;

function describeExercise(ex: ExerciseInput): string {
  const scenario = typeof ex.scenario === "string" ? ex.scenario : ex.scenario?.lose ? `site-loss:${ex.scenario.lose}` : undefined;
  return [
    `Type: ${ex.type}`,
    scenario ? `Scenario: ${scenario}` : "",
    asList(ex.plans).length ? `Plans: ${asList(ex.plans).join(", ")}` : "",
    asList(ex.objectives).length ? `Objectives: ${asList(ex.objectives).join("; ")}` : "",
    asList(ex.participants).length ? `Participants: ${asList(ex.participants).join(", ")}` : "",
  ].filter(Boolean).join("\n");
}

/** The calendar, and the exercises left out of it (no date yet). */
export function exerciseCalendar(model: Model, options: { stamp: Date; domain?: string }): { ics: string; undated: string[] } {
  const domain = options.domain ?? "continuum.invalid";
  const lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Continuum//Exercise programme//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"];
  if (model.organization) lines.push(`X-WR-CALNAME:${escapeText(`${model.organization} exercise programme`)}`);
  const undated: string[] = [];
  for (const ex of exercisesOf(model)) {
    if (!ex.date) {
      undated.push(ex.id);
      continue;
    }
    const date = String(ex.date).slice(0, 10);
    const repeat = ex.cycle ? parseCycle(ex.cycle) : undefined;
    lines.push(
      "BEGIN:VEVENT",
      `UID:exercise-${ex.id}@${domain}`,
      `DTSTAMP:${stamp(options.stamp)}`,
      `DTSTART;VALUE=DATE:${basicDate(date)}`,
      `DTEND;VALUE=DATE:${basicDate(addCycle(date, { count: 1, unit: "d" }))}`,
      `SUMMARY:${escapeText(`${ex.name ?? ex.id} (${ex.type})`)}`,
      `DESCRIPTION:${escapeText(describeExercise(ex))}`,
      `CATEGORIES:${escapeText(ex.type)}`,
    );
    if (repeat) lines.push(`RRULE:FREQ=${FREQ[repeat.unit]};INTERVAL=${repeat.count}`);
    lines.push("END:VEVENT");
  }
  lines.push("END:VCALENDAR");
  return { ics: lines.map(foldLine).join("\r\n") + "\r\n", undated };
}

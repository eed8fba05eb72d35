/**
 * Crisis messages (ISO 22301 8.4.3): a template of the model filled with what the incident and the
 * business clock say — which services are down, since when, when they are projected back, the
 * cause and whom to contact. Pure: the same inputs give the same text, so a preview is exactly
 * what is sent. A drill's messages say so in their subject and first line.
 */
import type { MessageTemplateInput } from "../model/schema.js";
import type { BusinessClock } from "./business-clock.js";

export type MessageLanguage = "ko" | "en";

/** The variables a template may use, as `{{name}}`. */
export const MESSAGE_VARIABLES = ["incident", "title", "services", "since", "recovery", "cause", "contact", "ack", "organization"] as const;
export type MessageVariable = (typeof MESSAGE_VARIABLES)[number];
export type MessageValues = Partial<Record<MessageVariable, string>>;

export interface RenderedMessage {
  language: MessageLanguage;
  subject: string;
  body: string;
  /** variables the template uses that have no value (shown as a gap in the preview, never invented) */
  missing: string[];
  /** names the template uses that are not variables at all (a typo in the model) */
  unknown: string[];
  exercise: boolean;
}

export const EXERCISE_MARK: Record<MessageLanguage, string> = { ko: "[훈련]", en: "[EXERCISE]" };
const EXERCISE_LINE: Record<MessageLanguage, string> = {
  ko: "[훈련] 이 메시지는 훈련입니다. 실제 상황이 아닙니다.",
  en: "[EXERCISE] This message is part of an exercise. It is not a real incident.",
};

const PLACEHOLDER = /\{\{\s*([a-zA-Z]+)\s*\}\}/g;

/** Fills one template in one language. */
export function renderMessage(template: Pick<MessageTemplateInput, "subject" | "body">, language: MessageLanguage, values: MessageValues, options: { exercise?: boolean } = {}): RenderedMessage {
  const missing = new Set<string>();
  const unknown = new Set<string>();
  const fill = (text: string) =>
    text.replace(PLACEHOLDER, (_, name: string) => {
      if (!(MESSAGE_VARIABLES as readonly string[]).includes(name)) {
        unknown.add(name);
        return `{{${name}}}`;
      }
      const v = values[name as MessageVariable];
      if (v === undefined || v === "") {
        missing.add(name);
        return `{{${name}}}`;
      }
      return v;
    });
  // the other language stands in when one is not written: a message is never empty
  const other: MessageLanguage = language === "ko" ? "en" : "ko";
  let subject = fill(template.subject?.[language] ?? template.subject?.[other] ?? "");
  let body = fill(template.body?.[language] ?? template.body?.[other] ?? "");
  const exercise = options.exercise === true;
  if (exercise) {
    subject = `${EXERCISE_MARK[language]} ${subject}`;
    body = `${EXERCISE_LINE[language]}\n\n${body}`;
  }
  return { language, subject, body, missing: [...missing].sort(), unknown: [...unknown].sort(), exercise };
}

export interface IncidentFacts {
  number: number;
  title: string;
  organization?: string;
  cause?: string | null;
  contact?: string | null;
  /** the acknowledgement link of one recipient (call trees) */
  ack?: string | null;
}

/** A time as a reader in Korea (or anywhere, with `timeZone`) reads it, with the zone named. */
export function readableTime(iso: string, language: MessageLanguage, timeZone = "Asia/Seoul"): string {
  const text = new Intl.DateTimeFormat(language === "ko" ? "ko-KR" : "en-GB", {
    timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hour12: false,
  }).format(new Date(iso));
  const zone = timeZone === "Asia/Seoul" ? "KST" : timeZone;
  return `${text} ${zone}`;
}

/** The values of a message from the incident and its business clock (services by name, times readable). */
export function messageValues(facts: IncidentFacts, clock: Pick<BusinessClock, "services"> | null, language: MessageLanguage, timeZone?: string): MessageValues {
  const down = (clock?.services ?? []).filter((s) => s.state !== "will-go-down").sort((a, b) => (a.tier ?? 9) - (b.tier ?? 9) || a.downAt.localeCompare(b.downAt));
  const since = down.map((s) => s.downAt).sort()[0];
  const ups = down.map((s) => s.upAt);
  const recovery = ups.length && ups.every((u) => u !== null) ? (ups as string[]).sort().at(-1) : undefined;
  const values: MessageValues = {
    incident: `#${facts.number}`,
    title: facts.title,
    services: down.map((s) => s.name ?? s.id).join(", ") || undefined,
    since: since ? readableTime(since, language, timeZone) : undefined,
    recovery: recovery ? readableTime(recovery, language, timeZone) : down.length ? (language === "ko" ? "복구 시점 미정" : "not yet known") : undefined,
    cause: facts.cause ?? undefined,
    contact: facts.contact ?? undefined,
    ack: facts.ack ?? undefined,
    organization: facts.organization,
  };
  for (const k of Object.keys(values) as MessageVariable[]) if (values[k] === undefined) delete values[k];
  return values;
}

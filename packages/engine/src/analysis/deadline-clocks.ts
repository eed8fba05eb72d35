/**
 * Deadline clocks of crisis communication: each rule is data (from the model's `clocks`, else the
 * Korean rules shipped here) and each clock is computed from the incident's business clock. Pure.
 *
 * A clock starts at its anchor (a listed service's outage, its restoration, or the declaration)
 * plus the rule's `after`, and is due `within` later. It is amber in the last stretch before the
 * deadline (`amber`, by default a quarter of `within`) and red past it, until it is marked done.
 */
import { parseDuration } from "../duration.js";
import type { ClockRuleInput } from "../model/schema.js";
import type { ServiceClock } from "./business-clock.js";

export interface DeadlineRule {
  id: string;
  name: { ko: string; en: string };
  from: "outage" | "restoration" | "declaration";
  /** minutes after the anchor that the clock starts */
  after: number;
  /** minutes allowed once started */
  within: number;
  /** minutes before the deadline that it turns amber */
  amber: number;
  /** service ids it watches; null: every tier-1 service */
  services: string[] | null;
  basis?: string;
}

/**
 * The Korean rules since 2025 (Telecommunications Business Act decree art. 37-13, in force
 * 2025-03-28) and the crisis-communication practice the issue names. Check the current text of
 * the law before relying on it; an organization overrides these with `clocks:` in its model.
 */
export const KOREAN_DEADLINE_RULES: readonly DeadlineRule[] = [
  { id: "user-notice", name: { ko: "이용자 고지 (2시간 이상 중단)", en: "User notice (down 2 hours or more)" }, from: "outage", after: 0, within: 120, amber: 30, services: null, basis: "전기통신사업법 시행령 제37조의13 (2025-03-28 시행)" },
  { id: "holding-statement", name: { ko: "초기 입장문", en: "Holding statement" }, from: "declaration", after: 0, within: 60, amber: 15, services: null },
  { id: "regulator-report", name: { ko: "과학기술정보통신부 장애 보고", en: "Report to the regulator (MSIT)" }, from: "outage", after: 0, within: 120, amber: 30, services: null, basis: "방송통신발전 기본법: 방송통신재난 보고" },
  { id: "press-conference", name: { ko: "24시간 내 기자회견", en: "Press conference within 24 hours" }, from: "declaration", after: 0, within: 1440, amber: 240, services: null },
  { id: "compensation-notice", name: { ko: "손해배상 기준·절차 고지 (복구 후 30일)", en: "Compensation notice (30 days after restoration)" }, from: "restoration", after: 0, within: 43200, amber: 10080, services: null, basis: "전기통신사업법 시행령 제37조의13" },
];

/** The model's rules, read (durations in minutes). Durations were checked by the model reader. */
export function deadlineRules(input: readonly ClockRuleInput[] | undefined): DeadlineRule[] {
  if (!input?.length) return [...KOREAN_DEADLINE_RULES];
  const minutes = (v: unknown, fallback: number) => {
    const d = parseDuration(v);
    return v === undefined || v === null || !d.ok ? fallback : d.minutes;
  };
  return input.map((r) => {
    const within = minutes(r.within, 0);
    return {
      id: r.id,
      name: { ko: r.name?.ko ?? r.name?.en ?? r.id, en: r.name?.en ?? r.name?.ko ?? r.id },
      from: r.from ?? "declaration",
      after: minutes(r.after, 0),
      within,
      amber: minutes(r.amber, within / 4),
      services: r.services?.length ? [...r.services] : null,
      basis: r.basis ?? undefined,
    };
  });
}

export type DeadlineState = "waiting" | "running" | "amber" | "red" | "done";

export interface DeadlineClock {
  id: string;
  name: { ko: string; en: string };
  basis?: string;
  state: DeadlineState;
  /** when the clock started (null: waiting for its anchor, e.g. a restoration not yet come) */
  startsAt: string | null;
  dueAt: string | null;
  /** minutes left (negative: overdue); null while waiting */
  minutesLeft: number | null;
  /** the services it is about (for outage and restoration rules) */
  services: string[];
  doneAt: string | null;
}

export interface DeadlineInput {
  now: number;
  declaredAt: string;
  services: ReadonlyArray<Pick<ServiceClock, "id" | "tier" | "state" | "downAt" | "upAt">>;
  /** rule id → when it was marked done */
  done?: Readonly<Record<string, string>>;
}

const MIN = 60_000;

export function deadlineClocks(rules: readonly DeadlineRule[], input: DeadlineInput): DeadlineClock[] {
  return rules.map((rule) => {
    const watched = input.services.filter((s) => (rule.services ? rule.services.includes(s.id) : s.tier === 1) && s.state !== "will-go-down");
    let anchor: number | null = null;
    if (rule.from === "declaration") anchor = Date.parse(input.declaredAt);
    else if (rule.from === "outage") anchor = watched.length ? Math.min(...watched.map((s) => Date.parse(s.downAt))) : null;
    else {
      // restored: every watched service is back (its recovery has happened, not only been projected)
      const ups = watched.map((s) => (s.upAt && Date.parse(s.upAt) <= input.now ? Date.parse(s.upAt) : NaN));
      anchor = watched.length && ups.every((u) => !Number.isNaN(u)) ? Math.max(...ups) : null;
    }
    const doneAt = input.done?.[rule.id] ?? null;
    const base = { id: rule.id, name: rule.name, basis: rule.basis, services: watched.map((s) => s.id), doneAt };
    if (anchor === null) return { ...base, state: doneAt ? "done" : "waiting", startsAt: null, dueAt: null, minutesLeft: null };
    const starts = anchor + rule.after * MIN;
    const due = starts + rule.within * MIN;
    const minutesLeft = Math.round((due - input.now) / MIN);
    const state: DeadlineState = doneAt ? "done" : input.now < starts ? "waiting" : input.now >= due ? "red" : due - input.now <= rule.amber * MIN ? "amber" : "running";
    return { ...base, state, startsAt: new Date(starts).toISOString(), dueAt: new Date(due).toISOString(), minutesLeft };
  });
}

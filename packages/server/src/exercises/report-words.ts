/** The post-exercise report's words in Korean and English (the PDF; the web page has its own messages). */
import { formatDuration, type DurationUnits, type InjectKind } from "@continuum/engine";

export type ReportLang = "ko" | "en";

const UNITS: Record<ReportLang, DurationUnits> = {
  ko: { d: "일", h: "시간", m: "분", s: "초", sep: " " },
  en: { d: "d", h: "h", m: "m", s: "s", sep: " " },
};

export interface ReportWords {
  title: string;
  marking: string;
  run: (n: number) => string;
  facts: { type: string; scenario: string; revision: string; speed: string; started: string; finished: string; notFinished: string; objectives: string };
  measures: string;
  notify: string;
  activate: string;
  measured: string;
  predicted: string;
  rto: string;
  withinRto: string;
  services: string;
  steps: string;
  start: string;
  end: string;
  duration: string;
  decisions: string;
  findings: string;
  injects: string;
  none: string;
  yes: string;
  no: string;
  notRecovered: string;
  never: string;
  about: string;
  by: string;
  options: string;
  rationale: string;
  inject: Record<InjectKind, (ref: string) => string>;
  types: Record<string, string>;
  duration_: (minutes: number | null) => string;
}

const dur = (lang: ReportLang) => (m: number | null) => (m === null ? "—" : formatDuration(m, UNITS[lang]).replace(/ /g, "\u00a0"));

export const REPORT_WORDS: Record<ReportLang, ReportWords> = {
  ko: {
    title: "훈련 결과 보고서",
    marking: "훈련 기록 — 실제 사고가 아님",
    run: (n) => `훈련 실행 #${n}`,
    facts: { type: "유형", scenario: "시나리오", revision: "모델 리비전", speed: "시계 배속", started: "시작", finished: "종료", notFinished: "진행 중", objectives: "목표" },
    measures: "측정 결과",
    notify: "통보까지 걸린 시간",
    activate: "계획 발동까지 걸린 시간",
    measured: "측정",
    predicted: "예측",
    rto: "RTO",
    withinRto: "RTO 충족",
    services: "서비스 복구",
    steps: "단계별 실제 시간",
    start: "시작",
    end: "종료",
    duration: "소요",
    decisions: "의사결정",
    findings: "발견 사항",
    injects: "전달된 상황 부여(인젝트)",
    none: "없음",
    yes: "예",
    no: "아니요",
    notRecovered: "복구 안 됨",
    never: "예측상 복구 안 됨",
    about: "관련 단계",
    by: "결정자",
    options: "선택지",
    rationale: "근거",
    inject: {
      failure: (ref) => `${ref} 장애 발생`,
      "service-down": (ref) => `${ref} 서비스 중단`,
      "plan-activation": (ref) => `계획 ${ref} 발동 기준 충족`,
      "rto-due": (ref) => `${ref}의 RTO 도달`,
    },
    types: { tabletop: "도상훈련", walkthrough: "절차 점검", simulation: "모의훈련", "live-failover": "실제 전환 훈련" },
    duration_: dur("ko"),
  },
  en: {
    title: "Post-exercise report",
    marking: "EXERCISE record — not a real incident",
    run: (n) => `Exercise run #${n}`,
    facts: { type: "Type", scenario: "Scenario", revision: "Model revision", speed: "Clock speed", started: "Started", finished: "Finished", notFinished: "still running", objectives: "Objectives" },
    measures: "Measures",
    notify: "Time to notify",
    activate: "Time to activate the plans",
    measured: "measured",
    predicted: "predicted",
    rto: "RTO",
    withinRto: "within RTO",
    services: "Service recovery",
    steps: "Steps: actual against predicted",
    start: "start",
    end: "end",
    duration: "took",
    decisions: "Decisions",
    findings: "Findings",
    injects: "Injects delivered",
    none: "none",
    yes: "yes",
    no: "no",
    notRecovered: "not recovered",
    never: "never, in the prediction",
    about: "about steps",
    by: "decided by",
    options: "options",
    rationale: "rationale",
    inject: {
      failure: (ref) => `${ref} fails`,
      "service-down": (ref) => `service ${ref} is down`,
      "plan-activation": (ref) => `activation criteria of plan ${ref} met`,
      "rto-due": (ref) => `the RTO of ${ref} is reached`,
    },
    types: { tabletop: "tabletop", walkthrough: "walkthrough", simulation: "simulation", "live-failover": "live failover" },
    duration_: dur("en"),
  },
};

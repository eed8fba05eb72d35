/** `continuum plans check` as text, in English or Korean (CONTINUUM_LANG, else LANG). */
import { formatDuration, type DiagnosticLocale, type LoadedModel, type PlanCheckResultJSON } from "@continuum/engine";
import { label } from "./labels.js";

const WORDS = {
  en: {
    uncovered: (n: number) => `${n} tier-1 service(s) no plan covers:`,
    allCovered: "Every tier-1 service is covered by a plan.",
    plan: "Plan",
    missing: "8.4.4 elements missing",
    none: "none",
    unknownOwners: "step owners that are not teams or people",
    scenario: "Scenario",
    notActivated: "not activated",
    activated: "activated at",
    completed: "complete at",
    notCompleted: "not complete within the horizon",
    recovered: "back at",
    stillDown: "still down at the horizon",
    notDown: "not affected",
    rto: (met: boolean) => (met ? "RTO met" : "RTO MISSED"),
    mtpd: (met: boolean) => (met ? "MTPD met" : "MTPD MISSED"),
    waits: "waits for",
    capacity: "waited for people or tools",
    passed: "PASS: every tier-1 service is covered and every covered service is back within its RTO.",
    failed: "FAIL: a tier-1 service is uncovered or a covered service misses its RTO.",
    units: { d: "d", h: "h", m: "m", s: "s", sep: " " },
  },
  ko: {
    uncovered: (n: number) => `어떤 계획도 다루지 않는 1등급 서비스 ${n}개:`,
    allCovered: "모든 1등급 서비스가 계획에 포함되어 있습니다.",
    plan: "계획",
    missing: "빠진 8.4.4 요소",
    none: "없음",
    unknownOwners: "팀이나 사람이 아닌 단계 담당",
    scenario: "시나리오",
    notActivated: "발동되지 않음",
    activated: "발동",
    completed: "완료",
    notCompleted: "기간 안에 완료되지 않음",
    recovered: "복구",
    stillDown: "기간 끝까지 중단",
    notDown: "영향 없음",
    rto: (met: boolean) => (met ? "RTO 충족" : "RTO 미달"),
    mtpd: (met: boolean) => (met ? "MTPD 충족" : "MTPD 초과"),
    waits: "대기 대상",
    capacity: "사람·도구 대기",
    passed: "통과: 모든 1등급 서비스가 계획에 포함되고, 포함된 서비스가 모두 RTO 안에 복구됩니다.",
    failed: "실패: 계획에 없는 1등급 서비스가 있거나 RTO를 넘기는 서비스가 있습니다.",
    units: { d: "일", h: "시간", m: "분", s: "초", sep: " " },
  },
} as const;

export function planCheckReport(loaded: LoadedModel, result: PlanCheckResultJSON, locale: DiagnosticLocale): string {
  const w = WORDS[locale];
  const byId = new Map(loaded.model.components.map((c) => [c.id, c]));
  const at = (minutes: number) => `+${formatDuration(minutes, w.units)}`;
  const lines: string[] = [];
  if (result.uncovered.length) {
    lines.push(w.uncovered(result.uncovered.length));
    for (const id of result.uncovered) lines.push(`  - ${label(byId.get(id), id)}`);
  } else lines.push(w.allCovered);
  for (const plan of loaded.model.plans) {
    const r = result.plans[plan.id];
    lines.push("", `${w.plan} ${plan.name && plan.name !== plan.id ? `${plan.name} (${plan.id})` : plan.id}`);
    lines.push(`  ${w.missing}: ${r.missing.length ? r.missing.join(", ") : w.none}`);
    if (r.unknownOwners.length) lines.push(`  ${w.unknownOwners}: ${r.unknownOwners.map((o) => `${o.step} → ${o.owner}`).join(", ")}`);
    for (const name of result.scenarios) {
      const s = r.scenarios[name];
      const state = s.activatedAt === null ? w.notActivated : `${w.activated} ${at(s.activatedAt)}, ${s.completedAt === null ? w.notCompleted : `${w.completed} ${at(s.completedAt)}`}`;
      lines.push(`  ${w.scenario} ${name}: ${state}`);
      for (const [id, svc] of Object.entries(s.services)) {
        const when = svc.downtimeMinutes === 0 ? w.notDown : svc.recoveredAt === null ? w.stillDown : `${w.recovered} ${at(svc.recoveredAt)}`;
        lines.push(`    ${label(byId.get(id), id)}: ${when}; ${w.rto(svc.rtoMet)}, ${w.mtpd(svc.mtpdMet)}`);
      }
      for (const wait of s.waiting) lines.push(`    ${wait.step} ${w.waits}: ${wait.for.join(", ")}`);
      if (s.capacityWaitMinutes > 0) lines.push(`    ${w.capacity}: ${formatDuration(s.capacityWaitMinutes, w.units)}`);
    }
  }
  lines.push("", result.passed ? w.passed : w.failed);
  return lines.join("\n");
}

/** The checks page's words in Korean. */
import type { en } from "./messages.en";

export const ko: Record<keyof typeof en, string> = {
  "nav.checks": "점검",
  "checks.title": "점검",
  "checks.subtitle": "모델의 checks 섹션에 따라 Continuum이 직접 실행하는 HTTP, TCP, DNS 점검입니다. 실패한 점검은 그 구성요소를 중단으로 표시합니다",
  "checks.none": "모델에 점검이 없습니다. 모델에 checks 섹션을 추가하세요(docs/incidents.md, Checks).",
  "checks.up": "정상",
  "checks.down": "중단",
  "checks.pending": "아직 판정 전",
  "checks.component": "구성요소",
  "checks.every": "{d}마다",
  "checks.thresholds": "{failures}번 연속 실패하면 중단, {successes}번 연속 성공하면 정상",
  "checks.uptime": "24시간 가동률",
  "checks.uptimeValue": "실행 {runs}회 중 {p}",
  "checks.noRuns": "아직 실행 전",
  "checks.lastRuns": "최근 {n}회 실행, 최신 순",
  "checks.runOk": "{at}: {ms}에 통과",
  "checks.runFailed": "{at}: {ms}에 실패",
  "checks.lastResult": "마지막 결과",
  "checks.error": "연결할 수 없음: {error}",
  "checks.ms": "{n}ms",
};

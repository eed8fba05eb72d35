/**
 * The engine's and the server's messages in the reader's language, at the edge: the engine words
 * a diagnostic in Korean from its code and params (model/messages-ko.ts); where it has no Korean
 * template, or the diagnostic came without the params the template needs, the Korean reader gets
 * the general Korean sentence for its code here, naming the field, never the English words.
 */
import { localizeDiagnostic, type Diagnostic } from "@continuum/engine";
import type { Lang } from "./messages";

/** What a message carries that its words depend on (a Diagnostic or an API problem field). */
export interface Worded {
  code?: string;
  message: string;
  hint?: string;
  field?: string;
  severity?: "error" | "warning";
  params?: Record<string, string | number>;
}

/** One Korean sentence per code, for diagnostics the engine cannot word in Korean itself. */
const KO_BY_CODE: Record<string, string> = {
  "aggregate-below-limit": "연간 한도(aggregate)가 사고당 한도(limit)보다 작습니다",
  "bad-appetite": "위험 선호도(risk appetite) 항목이 올바르지 않습니다",
  "bad-band": "위험 매트릭스의 구간이 올바르지 않습니다",
  "bad-bands": "위험 매트릭스의 구간이 올바르지 않습니다",
  "bad-basis": "영향 기준(basis)이 올바르지 않습니다",
  "bad-capacity": "capacity는 1 이상의 정수여야 합니다",
  "bad-cells": "위험 매트릭스의 칸(cells)이 올바르지 않습니다",
  "bad-color": "색상 값이 올바르지 않습니다",
  "bad-currency": "통화는 KRW 같은 ISO 4217 세 글자 코드여야 합니다",
  "bad-date": "날짜는 YYYY-MM-DD 형식의 실제 날짜여야 합니다",
  "bad-dependency": "의존 관계가 올바르지 않습니다",
  "bad-duration": "기간이 아닙니다: 90m, 1.5h, 2d, 1w처럼 쓰세요",
  "bad-event": "시나리오의 사건이 올바르지 않습니다",
  "bad-frequency": "빈도는 0 이상의 숫자(연간 발생 횟수)여야 합니다",
  "bad-group": "그룹이 올바르지 않습니다: 구성원(members)을 하나 이상 고르세요",
  "bad-id": "id는 영문 소문자, 숫자, . _ - 만 쓸 수 있습니다 (예: core-db)",
  "bad-level": "위험 등급이 올바르지 않습니다",
  "bad-levels": "위험 등급 목록이 올바르지 않습니다",
  "bad-mode": "모드는 active-active 또는 active-passive여야 합니다",
  "bad-money": "금액은 0 이상의 숫자여야 합니다",
  "bad-need": "필요 수(need)는 1 이상이고 구성원 수 이하인 정수여야 합니다",
  "bad-priority": "우선순위가 올바르지 않습니다",
  "bad-probability": "확률은 0과 1 사이이거나 1% 같은 백분율이어야 합니다",
  "bad-risk": "위험 항목이 올바르지 않습니다",
  "bad-status": "상태 값이 올바르지 않습니다",
  "bad-threat": "위협 종류가 올바르지 않습니다",
  "bad-tier": "등급(tier)은 1에서 4 사이여야 합니다",
  "bad-treatment": "대응 방식이 올바르지 않습니다",
  "bad-type": "값의 형식이 맞지 않습니다",
  "bad-units": "단위 수(units)는 1 이상의 정수여야 합니다",
  "bad-value": "허용되지 않는 값입니다",
  "bad-version": "형식 버전이 올바르지 않습니다 (continuum: 1)",
  capacity: "동시에 쓸 수 있는 단위가 부족합니다",
  conflict: "서로 맞지 않는 값이 있습니다",
  cycle: "의존 관계가 순환합니다: 어떤 구성요소도 자기 자신에 (간접적으로) 의존할 수 없습니다",
  dep: "의존 관계가 올바르지 않습니다",
  "duplicate-group": "같은 이름의 그룹이 두 번 있습니다",
  "duplicate-id": "같은 id가 두 번 쓰였습니다",
  "duplicate-key": "같은 키가 두 번 쓰였습니다",
  "duplicate-matrix": "위험 매트릭스가 두 번 있습니다",
  "duplicate-need": "같은 구성요소가 두 번 필요로 됩니다",
  "empty-impact": "영향 항목이 비어 있습니다",
  "empty-model": "모델에 구성요소가 없습니다",
  "missing-bands": "위험 매트릭스에 구간이 없습니다",
  "missing-duration": "기간을 입력하세요",
  "missing-field": "필수 항목이 비어 있습니다",
  "missing-frequency": "빈도(연간 발생 횟수)를 입력하세요",
  "missing-id": "id를 입력하세요",
  "missing-scenario": "시나리오 이름이 없습니다",
  "missing-title": "제목을 입력하세요",
  "missing-version": "형식 버전(continuum: 1)이 없습니다",
  "more-errors": "오류가 더 있습니다",
  "no-risks": "위험이 없습니다",
  "no-steps": "단계가 없습니다",
  "not-a-mapping": "키와 값의 묶음이어야 합니다",
  "not-a-scenario": "시나리오 파일이 아닙니다",
  "not-a-snapshot": "스냅샷 파일이 아닙니다",
  "not-finite": "유한한 숫자여야 합니다",
  "nul-character": "파일에 NUL 문자가 있습니다",
  rpo: "RPO를 맞출 수 없습니다",
  "rto-over-mtpd": "RTO가 MTPD보다 깁니다: RTO를 줄이거나 MTPD를 늘리세요",
  "rto-unreachable": "의존하는 구성요소의 재시작 시간 때문에 RTO를 맞출 수 없습니다",
  "start-not-standby": "대기(standby) 구성요소가 아닌 것을 시작합니다",
  "step-cycle": "단계의 순서가 순환합니다",
  syntax: "파일의 문법이 올바르지 않습니다",
  "too-deep": "중첩이 너무 깊습니다",
  "too-large-expanded": "펼친 내용이 너무 큽니다",
  "too-many": "항목이 너무 많습니다",
  "unknown-component": "없는 구성요소입니다",
  "unknown-group": "없는 그룹입니다",
  "unknown-key": "알 수 없는 키입니다",
  "unknown-kind": "알려진 종류가 아닙니다",
  "unknown-level": "없는 위험 등급입니다",
  "unknown-owner": "없는 담당입니다",
  "unknown-plan": "없는 계획입니다",
  "unknown-risk": "없는 위험입니다",
  "unknown-step": "없는 단계입니다",
  unused: "쓰이지 않는 항목입니다",
  "zero-limit": "한도가 0입니다",
};

/** The part of a field path a person recognises: `components[3].impact[0].perHour` → `impact[0].perHour`. */
function fieldName(field: string | undefined): string | undefined {
  if (!field) return undefined;
  return field.replace(/^(body\.)?(components|risks|insurance|plans)\[\d+\]\.?/, "").replace(/^(component|risk|policy)\./, "") || undefined;
}

/** `d` worded for `lang`: the engine's Korean, else this table's, else a general Korean sentence. */
export function inLanguage<T extends Worded>(d: T, lang: Lang): T {
  if (lang === "en") return d;
  if (d.code && d.params) {
    const worded = localizeDiagnostic({ ...d, severity: d.severity ?? "error", code: d.code } as Diagnostic, "ko");
    if (worded.message !== d.message) return { ...d, message: worded.message, hint: worded.hint === d.hint ? undefined : worded.hint };
  }
  if (/[가-힣]/.test(d.message)) return d; // already Korean (the server words some answers itself)
  const field = fieldName(d.field);
  const sentence = (d.code && KO_BY_CODE[d.code]) ?? (d.severity === "warning" ? "확인이 필요한 값입니다" : "입력한 값을 고쳐야 합니다");
  return { ...d, message: field ? `${field}: ${sentence}` : sentence, hint: undefined };
}

/** The codes with a general Korean sentence (for the test that every engine code has one). */
export const KOREAN_SENTENCE_CODES: readonly string[] = Object.keys(KO_BY_CODE);

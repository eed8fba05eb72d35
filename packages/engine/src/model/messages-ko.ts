/**
 * Diagnostics in Korean, from their stable code and params (the English message stays the
 * reference: a code without a template here, or a diagnostic without the params its template
 * needs, keeps its English words). Used by the command line (LANG=ko…) and the web.
 */
import type { Diagnostic, DiagnosticParams } from "./diagnostics.js";

export type DiagnosticLocale = "en" | "ko";

type Template = (p: DiagnosticParams, d: Diagnostic) => { message: string; hint?: string } | undefined;

const has = (p: DiagnosticParams, ...keys: string[]) => keys.every((k) => p[k] !== undefined);

const KO: Record<string, Template> = {
  "unknown-key": (p) =>
    !has(p, "key") ? undefined
    : p.meant !== undefined ? { message: `알 수 없는 키 "${p.key}"`, hint: `"${p.meant}"을(를) 쓰려던 것인가요?` }
    : { message: `알 수 없는 키 "${p.key}"는 무시됩니다`, hint: `여기서 쓰는 키: ${p.known ?? ""} (직접 정한 필드는 x- 로 시작하세요)` },
  "unknown-kind": (p) => (has(p, "kind", "meant") ? { message: `kind "${p.kind}"는 알려진 종류가 아닙니다`, hint: `"${p.meant}"을(를) 쓰려던 것인가요?` } : undefined),
  "unknown-component": (p) =>
    has(p, "id")
      ? { message: `"${p.id}"라는 구성요소가 없습니다`, hint: p.near ? `${String(p.near).split(", ").map((n) => `"${n}"`).join(" 또는 ")}을(를) 쓰려던 것인가요? 아니면 id가 "${p.id}"인 구성요소를 추가하세요` : `id가 "${p.id}"인 구성요소를 추가하거나 id를 고치세요` }
      : undefined,
  // the first place is in the English hint only (params hold no file or line, which differ by format)
  "duplicate-id": (p, d) => (has(p, "id") ? { message: `id "${p.id}"가 두 번 쓰였습니다`, hint: `${d.hint?.match(/the first is at (\S+);/)?.[1] ? `처음 쓰인 곳은 ${d.hint.match(/the first is at (\S+);/)![1]}입니다. ` : ""}id는 겹치지 않아야 합니다` } : undefined),
  "rto-over-mtpd": (p) => (has(p, "rto", "mtpd") ? { message: `rto(${p.rto})가 mtpd(${p.mtpd})보다 깁니다`, hint: "목표 복구 시간(RTO)은 최대 허용 중단 기간(MTPD) 안에 있어야 합니다: rto를 줄이거나 mtpd를 늘리세요" } : undefined),
  "bad-duration": (p) => (has(p, "field", "value") ? { message: `${p.field}: ${p.value}은(는) 기간이 아닙니다`, hint: "분은 숫자로, 또는 숫자와 단위 하나로 쓰세요: 90m, 1.5h, 2d, 1w (PT2H 같은 ISO 8601도 됩니다)" } : undefined),
  "bad-capacity": (p) => (has(p, "value") ? { message: `capacity는 1 이상의 정수여야 합니다. 받은 값: ${p.value}`, hint: "동시에 일할 수 있는 단위(사람, 라이선스, 콘솔)의 수" } : undefined),
  "units-over-capacity": (p) => (has(p, "step", "id", "units", "capacity") ? { message: `단계 "${p.step}"가 "${p.id}"의 ${p.units}단위를 쓰지만 그 capacity는 ${p.capacity}입니다`, hint: "units를 줄이거나 capacity를 늘리세요" } : undefined),
  "units-without-capacity": (p) => (has(p, "step", "id", "units") ? { message: `단계 "${p.step}"가 capacity가 없는 "${p.id}"의 ${p.units}단위를 씁니다`, hint: `"${p.id}"에 capacity를 주거나, 필요한 구성요소를 id만으로 쓰세요` } : undefined),
  "duplicate-need": (p) => (has(p, "step", "id") ? { message: `단계 "${p.step}"가 "${p.id}"를 두 번 필요로 합니다`, hint: "구성요소는 한 번만 쓰고, 더 많은 단위는 {id, units}로 쓰세요" } : undefined),
  "unknown-plan": (p) =>
    has(p, "id")
      ? { message: `"${p.id}"라는 계획이 없습니다`, hint: p.near ? `${String(p.near).split(", ").map((n) => `"${n}"`).join(" 또는 ")}을(를) 쓰려던 것인가요?` : `id가 "${p.id}"인 계획을 추가하거나 id를 고치세요` }
      : undefined,
  "bad-value": (p) => (has(p, "value", "known") ? { message: `"${p.value}"은(는) ${p.known} 중 하나가 아닙니다`, hint: p.meant !== undefined ? `"${p.meant}"을(를) 쓰려던 것인가요?` : undefined } : undefined),
  "missing-field": (p) => (has(p, "mapping", "key") ? { message: `${p.mapping}에 ${p.key}가 없습니다`, hint: `\`${p.key}:\`를 추가하세요` } : undefined),
  // the reason names the grammar's own words ([STATUS], pat(), ==): it stays in the hint as written
  "bad-condition": (p, d) => (has(p, "id", "condition") ? { message: `점검 "${p.id}"의 조건 "${p.condition}"을(를) 읽을 수 없습니다`, hint: `${p.reason ?? ""}${d.hint ? ` — ${d.hint}` : ""} (예: [STATUS] == 200, [BODY].status == UP, [RESPONSE_TIME] < 500)` } : undefined),
  "check-interval": (p) => (has(p, "id", "interval") ? { message: `점검 "${p.id}"의 간격 ${p.interval}은(는) 1초보다 짧습니다`, hint: "점검은 1초에 한 번까지만 돕니다: 1s 이상으로 쓰세요" } : undefined),
  "unknown-owner": (p) => (has(p, "step", "id") ? { message: `단계 "${p.step}"의 담당 "${p.id}"라는 구성요소가 없습니다`, hint: "단계를 맡는 팀(kind: team인 구성요소)의 id를 쓰세요" } : undefined),
};

/** The diagnostic in `locale` where a template and its params allow; otherwise as it is. */
export function localizeDiagnostic(d: Diagnostic, locale: DiagnosticLocale): Diagnostic {
  if (locale === "en" || !d.params) return d;
  const words = KO[d.code]?.(d.params, d);
  return words ? { ...d, message: words.message, hint: words.hint ?? d.hint } : d;
}

/** The codes that have Korean words (for tests and documentation). */
export const KOREAN_CODES: readonly string[] = Object.keys(KO);

/** `ko` for a Korean locale name such as ko_KR.UTF-8 or ko-KR, else `en`. */
export function diagnosticLocale(name: string | undefined): DiagnosticLocale {
  return name && /^ko([_-]|$)/i.test(name) ? "ko" : "en";
}

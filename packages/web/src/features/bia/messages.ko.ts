/** Korean words of the bia feature: typed against the English ones, so a missing translation is a compile error. */
import type { en } from "./messages.en";

export const ko: Record<keyof typeof en, string> = {
  "warn.rto-over-mtpd": "RTO가 MTPD 초과",
  "warn.rto-unreachable": "RTO 달성 불가",
  "warn.spof": "단일 장애점",
  "warn.rto-inversion": "RTO 역전",
  "warn.cycle": "순환 의존성",
  "warn.no-rto": "RTO 없음",
  "warn.no-mtpd": "MTPD 없음",
  "bia.title": "업무영향분석(BIA)",
  "bia.subtitle": "비즈니스 서비스별로 중단이 시간에 따라 초래하는 손실과 복구 목표 (ISO 22301 8.2.2).",
  "bia.services": "비즈니스 서비스",
  "bia.noServices": "아직 비즈니스 서비스가 없습니다. 구성요소에 business-service 유형이나 등급을 지정하세요.",
  "bia.lossAtMtpd": "MTPD 시점 손실",
  "bia.warnings": "경고",
  "bia.nWarnings": "경고 {n}건",
  "bia.oneWarning": "경고 1건",
  "bia.pick": "서비스를 선택하면 시간에 따른 영향을 볼 수 있습니다.",
  "bia.openComponent": "구성요소 열기",
  "bia.spofList": "단일 장애점",
  "bia.impactOverTime": "시간에 따른 영향",
  "bia.warnRtoOverMtpd": "RTO({rto})가 MTPD({mtpd})보다 깁니다.",
  "bia.warnSpof": "{n}개 구성요소가 단독으로 이 서비스를 멈출 수 있습니다: {list}",
  "bia.warnInversion": "RTO가 {depRto}인 {dep}에 의존하지만 자신의 RTO는 {rto}입니다.",
  "bia.warnNoRto": "등급이 있지만 RTO가 없습니다.",
  "bia.warnNoMtpd": "등급이 있지만 MTPD가 없습니다.",
};

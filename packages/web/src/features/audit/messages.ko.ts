/** 감사 기록 페이지의 한국어. */
import type { en } from "./messages.en";

export const ko: Record<keyof typeof en, string> = {
  "nav.audit": "감사 기록",
  "audit.title": "감사 기록",
  "audit.subtitle": "이 조직에서 누가 무엇을 했는지: 구성원, 역할, 초대, 비밀번호 재설정, API 토큰. 모델 변경은 개정 이력에 있습니다.",
  "audit.filters": "필터",
  "audit.action": "작업",
  "audit.allActions": "모든 작업",
  "audit.actor": "누가",
  "audit.actorHint": "이름이나 이메일의 일부",
  "audit.from": "시작",
  "audit.to": "끝",
  "audit.apply": "적용",
  "audit.clear": "지우기",
  "audit.when": "때",
  "audit.detail": "내용",
  "audit.address": "주소",
  "audit.none": "맞는 기록이 없습니다.",
  "audit.count": "기록 {n}건",
  "audit.more": "더 보기 ({n}건 더)",
};

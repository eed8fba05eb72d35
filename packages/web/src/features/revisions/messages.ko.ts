/** Korean words of the revisions feature: typed against the English ones, so a missing translation is a compile error. */
import type { en } from "./messages.en";

export const ko: Record<keyof typeof en, string> = {
  "revisions.title": "개정 이력",
  "revisions.subtitle": "모델의 모든 변경과 작성자, 시각, 설명 (ISO 22301 7.5.3).",
  "revisions.list": "이력",
  "revisions.none": "아직 개정이 없습니다.",
  "revisions.pickTwo": "A와 B를 골라 두 개정을 비교하거나, 개정을 클릭해 변경 내용을 보세요.",
  "revisions.summary": "요약",
  "revisions.current": "현재",
  "revisions.asA": "개정 {n}부터 비교",
  "revisions.asB": "개정 {n}까지 비교",
  "revisions.diffTitle": "개정 {a} → {b} 변경 내용",
  "revisions.revisionTitle": "개정 {n}",
  "revisions.first": "첫 개정입니다. 모든 내용이 추가되었습니다.",
  "revisions.same": "차이가 없습니다.",
  "revisions.added": "추가",
  "revisions.removed": "삭제",
  "revisions.field": "필드",
  "revisions.before": "이전",
  "revisions.after": "이후",
  "revisions.restore": "개정 {n} 복원",
  "revisions.restoreComment": "개정 {n} 복원",
  "revisions.restored": "개정 {n}을(를) 새 개정으로 복원했습니다.",
  "revisions.older": "이전 개정 더 보기",
};

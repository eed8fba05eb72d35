/** Korean words of the members feature: typed against the English ones, so a missing translation is a compile error. */
import type { en } from "./messages.en";

export const ko: Record<keyof typeof en, string> = {
  "account.title": "내 계정",
  "account.memberships": "조직과 역할",
  "account.password": "비밀번호 변경",
  "account.current": "현재 비밀번호",
  "account.new": "새 비밀번호",
  "account.change": "비밀번호 변경",
  "account.changed": "비밀번호가 변경되었습니다.",
  "members.title": "구성원",
  "members.subtitle": "이 조직의 모델을 누가 어떻게 보고 바꿀 수 있는지.",
  "members.list": "구성원",
  "members.role": "역할",
  "members.roleOf": "{name}의 역할",
  "members.actions": "작업",
  "members.add": "구성원 추가",
  "members.addButton": "구성원 추가",
  "members.added": "구성원을 추가했습니다.",
  "members.passwordHint": "새 사용자의 첫 비밀번호(나중에 바꿀 수 있음).",
  "members.removeConfirm": "{name}을(를) 이 조직에서 제거할까요?",
  "members.reset": "비밀번호 재설정",
  "members.resetPrompt": "{name}의 새 비밀번호({n}자 이상):",
  "members.resetDone": "비밀번호를 재설정했습니다.",
};

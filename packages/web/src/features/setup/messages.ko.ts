/** Korean words of the setup feature: typed against the English ones, so a missing translation is a compile error. */
import type { en } from "./messages.en";

export const ko: Record<keyof typeof en, string> = {
  "setup.title": "Continuum 설정",
  "setup.intro": "첫 관리자와 조직을 만듭니다. 기본 비밀번호는 없습니다. 이 계정이 유일한 입구입니다.",
  "setup.organization": "조직 이름",
  "setup.organizationHint": "예: 카카오. 조직은 나중에 더 추가할 수 있습니다.",
  "setup.organizationDemoHint": "선택 사항: 데모 조직(카카오와 2022년 판교 화재)을 바로 둘러볼 수 있습니다. 이름을 쓰면 그 옆에 내 조직을 만듭니다.",
  "setup.name": "이름",
  "setup.submit": "관리자 만들기",
  "login.title": "로그인",
  "login.intro": "조직의 연속성 모델에 로그인하세요.",
  "login.submit": "로그인",
  "login.missing": "이메일과 비밀번호를 입력하세요.",
  "login.wrong": "이메일 또는 비밀번호가 올바르지 않습니다.",
  "login.forgot": "비밀번호를 잊으셨나요? 조직 관리자가 재설정할 수 있습니다(여러 조직에 속해 있으면 사이트 관리자).",
};

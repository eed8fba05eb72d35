/** The contact directory's words in Korean. */
import type { en } from "./messages.en";

export const ko: Record<keyof typeof en, string> = {
  "directory.title": "비상 연락처",
  "directory.subtitle": "위기 때 모델의 사람들에게 연락하는 방법: 모델 텍스트가 아닌 기록이며, 관리자·편집자·대응자에게만 보입니다",
  "directory.empty": "아직 연락처가 없습니다. 아래에서 CSV를 가져오세요.",
  "directory.person": "사람",
  "directory.emails": "이메일",
  "directory.phones": "전화",
  "directory.languages": "언어",
  "directory.hours": "근무 시간",
  "directory.notInModel": "모델에 없는 사람",
  "directory.unreachable": "연락할 수 없는 모델의 사람 ({n}명): {list}",
  "directory.import": "CSV에서 가져오기",
  "directory.importHint": "열: person(모델의 사람 id), name, email, phone, language, workingHours, webhook. 한 칸에 여러 값은 ;로 구분합니다. 가져오기는 연락처 전체를 바꾸며, 문제가 하나라도 있으면 아무것도 바꾸지 않습니다.",
  "directory.file": "CSV 파일",
  "directory.csv": "CSV 내용",
  "directory.importButton": "연락처 전체 바꾸기",
  "directory.imported": "{n}명을 가져왔습니다.",
  "directory.forbidden": "이 역할로는 연락처를 볼 수 없습니다.",
  "directory.count": "{n}명",
};

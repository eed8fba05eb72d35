/** Korean words of the catalog feature: typed against the English ones, so a missing translation is a compile error. */
import type { en } from "./messages.en";

export const ko: Record<keyof typeof en, string> = {
  "catalog.title": "카탈로그",
  "catalog.subtitle": "모델의 모든 구성요소: 서비스, 프로세스, 애플리케이션, 사이트, 공급업체…",
  "catalog.new": "새 구성요소",
  "catalog.search": "검색",
  "catalog.searchPlaceholder": "ID, 이름 또는 설명",
  "catalog.clear": "필터 지우기",
  "catalog.count": "전체 {total}개 중 {from}–{to}",
  "catalog.empty": "아직 구성요소가 없습니다.",
  "catalog.noMatch": "조건에 맞는 구성요소가 없습니다.",
};

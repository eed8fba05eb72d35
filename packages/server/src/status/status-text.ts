/** Every word the public status page, its feed and its notices show, in English and Korean. */
import type { Localized, Phase, ServiceState } from "./service-states.js";

export const LANGS = ["en", "ko"] as const;
export type Lang = (typeof LANGS)[number];

export const EXERCISE_MARK = "EXERCISE / 훈련";

export interface StatusText {
  langName: string;
  title: (org: string) => string;
  skip: string;
  overall: Record<ServiceState, string>;
  state: Record<ServiceState, string>;
  phase: Record<Phase, string>;
  services: string;
  noServices: string;
  current: string;
  noCurrent: string;
  history: string;
  noHistory: string;
  more: (n: number) => string;
  updatedAt: string;
  asOf: (when: string) => string;
  feed: string;
  subscribe: string;
  subscribeIntro: string;
  channel: string;
  email: string;
  webhook: string;
  address: string;
  addressHint: string;
  whichServices: string;
  allServices: string;
  subscribeButton: string;
  otherLang: string;
  checkInbox: string;
  webhookCheck: string;
  confirmed: string;
  unsubscribed: string;
  linkInvalid: string;
  back: string;
  exerciseNote: string;
  declaredServices: string;
  staticNote: string;
  confirmSubject: (org: string) => string;
  confirmBody: (org: string, url: string) => string;
  unsubscribeLine: (url: string) => string;
  pageLine: (url: string) => string;
}

const en: StatusText = {
  langName: "English",
  title: (org) => `${org} status`,
  skip: "Skip to the services",
  overall: {
    operational: "All services are operating normally",
    maintenance: "Maintenance in progress",
    degraded: "Some services are degraded",
    "partial-outage": "Partial outage",
    "major-outage": "Major outage",
  },
  state: { operational: "Operational", maintenance: "Maintenance", degraded: "Degraded", "partial-outage": "Partial outage", "major-outage": "Major outage" },
  phase: { investigating: "Investigating", identified: "Identified", monitoring: "Monitoring", resolved: "Resolved" },
  services: "Services",
  noServices: "No services are listed yet.",
  current: "Current incidents",
  noCurrent: "No incidents right now.",
  history: "Past 90 days",
  noHistory: "No incidents in the past 90 days.",
  more: (n) => `${n} more not shown`,
  updatedAt: "Updated",
  asOf: (when) => `State as of ${when}`,
  feed: "Atom feed",
  subscribe: "Get notified",
  subscribeIntro: "We send a message when an update is posted. E-mail subscriptions are confirmed by a link we send you; webhooks receive a JSON POST (the first one holds the confirmation link).",
  channel: "How",
  email: "E-mail",
  webhook: "Webhook (JSON POST)",
  address: "E-mail address or webhook URL",
  addressHint: "for example name@example.com or https://hooks.example.com/status",
  whichServices: "Services (none ticked: all)",
  allServices: "All services",
  subscribeButton: "Subscribe",
  otherLang: "한국어",
  checkInbox: "Almost done: open the confirmation link we sent to confirm your subscription.",
  webhookCheck: "Almost done: your webhook received a confirmation link; open it to start receiving updates.",
  confirmed: "Your subscription is confirmed.",
  unsubscribed: "You are unsubscribed. You will receive no more messages.",
  linkInvalid: "This link is not valid (it may have been used already).",
  back: "Back to the status page",
  exerciseNote: "This is an exercise: a drill, not a real incident.",
  declaredServices: "Affected",
  staticNote: "This is a copy of the status page published outside our systems; it shows the state when it was exported.",
  confirmSubject: (org) => `Confirm your subscription to ${org} status`,
  confirmBody: (org, url) => `Someone (we hope you) asked to receive ${org} status updates at this address.\n\nTo confirm, open:\n${url}\n\nIf it was not you, ignore this message: nothing will be sent.`,
  unsubscribeLine: (url) => `Unsubscribe: ${url}`,
  pageLine: (url) => `Status page: ${url}`,
};

const ko: StatusText = {
  langName: "한국어",
  title: (org) => `${org} 서비스 상태`,
  skip: "서비스 목록으로 건너뛰기",
  overall: {
    operational: "모든 서비스가 정상 운영 중입니다",
    maintenance: "점검 중입니다",
    degraded: "일부 서비스의 성능이 저하되었습니다",
    "partial-outage": "일부 서비스 장애",
    "major-outage": "주요 서비스 장애",
  },
  state: { operational: "정상", maintenance: "점검 중", degraded: "성능 저하", "partial-outage": "부분 장애", "major-outage": "주요 장애" },
  phase: { investigating: "조사 중", identified: "원인 확인", monitoring: "모니터링 중", resolved: "해결됨" },
  services: "서비스",
  noServices: "아직 표시할 서비스가 없습니다.",
  current: "진행 중인 장애",
  noCurrent: "현재 진행 중인 장애가 없습니다.",
  history: "지난 90일",
  noHistory: "지난 90일 동안 장애가 없었습니다.",
  more: (n) => `표시하지 않은 ${n}건 더 있음`,
  updatedAt: "게시",
  asOf: (when) => `${when} 기준 상태`,
  feed: "Atom 피드",
  subscribe: "알림 받기",
  subscribeIntro: "새 소식이 게시되면 알려 드립니다. 이메일 구독은 보내 드리는 확인 링크로 확정됩니다. 웹훅은 JSON POST를 받으며, 첫 요청에 확인 링크가 들어 있습니다.",
  channel: "방법",
  email: "이메일",
  webhook: "웹훅 (JSON POST)",
  address: "이메일 주소 또는 웹훅 URL",
  addressHint: "예: name@example.com 또는 https://hooks.example.com/status",
  whichServices: "서비스 (선택하지 않으면 전체)",
  allServices: "전체 서비스",
  subscribeButton: "구독",
  otherLang: "English",
  checkInbox: "거의 끝났습니다. 보내 드린 확인 링크를 열면 구독이 확정됩니다.",
  webhookCheck: "거의 끝났습니다. 웹훅으로 보낸 확인 링크를 열면 알림이 시작됩니다.",
  confirmed: "구독이 확정되었습니다.",
  unsubscribed: "구독이 해지되었습니다. 더 이상 알림을 보내지 않습니다.",
  linkInvalid: "유효하지 않은 링크입니다 (이미 사용되었을 수 있습니다).",
  back: "상태 페이지로 돌아가기",
  exerciseNote: "훈련입니다. 실제 장애가 아닙니다.",
  declaredServices: "영향",
  staticNote: "외부에 게시된 상태 페이지 사본입니다. 내보낸 시점의 상태를 보여 줍니다.",
  confirmSubject: (org) => `${org} 서비스 상태 구독을 확인해 주세요`,
  confirmBody: (org, url) => `이 주소로 ${org} 서비스 상태 알림을 받겠다는 요청이 있었습니다.\n\n확인하려면 다음 링크를 여세요:\n${url}\n\n요청하지 않으셨다면 이 메시지를 무시하세요. 아무것도 보내지 않습니다.`,
  unsubscribeLine: (url) => `구독 해지: ${url}`,
  pageLine: (url) => `상태 페이지: ${url}`,
};

export const STATUS_TEXT: Record<Lang, StatusText> = { en, ko };

/** The text in the reader's language, else the other one (a responder may write in one language only). */
export function localized(text: Localized, lang: Lang): string {
  return (lang === "ko" ? (text.ko ?? text.en) : (text.en ?? text.ko)) ?? "";
}

/** A time as people read it on the page: date and minute in Korea's time zone (KST), which the page states. */
export function formatTime(iso: string, lang: Lang): string {
  const d = new Date(iso);
  const s = new Intl.DateTimeFormat(lang === "ko" ? "ko-KR" : "en-GB", { timeZone: "Asia/Seoul", year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hour12: false }).format(d);
  return `${s}\u00a0KST`;
}

/** The language asked for: `?lang=`, else the first of Accept-Language we speak, else English. */
export function pickLang(query: string | undefined, acceptLanguage: string | undefined): Lang {
  if (query === "ko" || query === "en") return query;
  const wanted = (acceptLanguage ?? "")
    .split(",")
    .map((part) => {
      const [tag, ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .filter((w) => w.tag && w.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const w of wanted) {
    if (w.tag.startsWith("ko")) return "ko";
    if (w.tag.startsWith("en")) return "en";
  }
  return "en";
}

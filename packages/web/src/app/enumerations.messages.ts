/**
 * Names of the model's enumerations (component kinds, impact categories, plan kinds) in both
 * languages. The keys come from the engine's own lists, so a kind or category the engine adds
 * is a compile error here until it has a name in English and Korean.
 */
import { IMPACT_CATEGORIES, KNOWN_KINDS, PLAN_KINDS } from "@continuum/engine";
import type { Lang } from "./messages";

export type Kind = (typeof KNOWN_KINDS)[number];
export type ImpactCategory = (typeof IMPACT_CATEGORIES)[number];
export type PlanKind = (typeof PLAN_KINDS)[number];

type Names<V extends string> = Record<Lang, Record<V, string>>;

const kinds: Names<Kind> = {
  en: {
    "business-service": "Business service", process: "Process", application: "Application", database: "Database",
    infrastructure: "Infrastructure", network: "Network", site: "Site", power: "Power", supplier: "Supplier",
    external: "External", person: "Person", team: "Team", tool: "Tool",
  },
  ko: {
    "business-service": "비즈니스 서비스", process: "프로세스", application: "애플리케이션", database: "데이터베이스",
    infrastructure: "인프라", network: "네트워크", site: "사이트", power: "전력", supplier: "공급업체",
    external: "외부", person: "인력", team: "팀", tool: "도구",
  },
};

const categories: Names<ImpactCategory> = {
  en: {
    financial: "Financial", customer: "Customer", regulatory: "Regulatory", reputational: "Reputational", safety: "Safety",
    operational: "Operational", contractual: "Contractual", environmental: "Environmental",
  },
  ko: {
    financial: "재무", customer: "고객", regulatory: "규제", reputational: "평판", safety: "안전",
    operational: "운영", contractual: "계약", environmental: "환경",
  },
};

const planKinds: Names<PlanKind> = {
  en: {
    contingency: "Contingency plan", "business-continuity": "Business continuity plan", "disaster-recovery": "Disaster recovery plan",
    crisis: "Crisis management plan", communication: "Communication plan",
  },
  ko: {
    contingency: "비상 대응 계획", "business-continuity": "사업 연속성 계획", "disaster-recovery": "재해 복구 계획",
    crisis: "위기 관리 계획", communication: "위기 소통 계획",
  },
};

type Prefixed<P extends string, V extends string> = { [K in V as `${P}.${K}`]: string };

function prefixed<P extends string, V extends string>(prefix: P, names: Record<V, string>): Prefixed<P, V> {
  return Object.fromEntries(Object.entries(names).map(([k, v]) => [`${prefix}.${k}`, v])) as Prefixed<P, V>;
}

export type EnumerationMessages = Prefixed<"kind", Kind> & Prefixed<"category", ImpactCategory> & Prefixed<"planKind", PlanKind>;

export function enumerationMessages(lang: Lang): EnumerationMessages {
  return { ...prefixed("kind", kinds[lang]), ...prefixed("category", categories[lang]), ...prefixed("planKind", planKinds[lang]) };
}

export function isKind(kind: string | undefined): kind is Kind {
  return kind !== undefined && (KNOWN_KINDS as readonly string[]).includes(kind);
}

export function isImpactCategory(category: string | undefined): category is ImpactCategory {
  return category !== undefined && (IMPACT_CATEGORIES as readonly string[]).includes(category);
}

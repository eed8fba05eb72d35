/** Korean and English: a typed dictionary (messages.ts), the choice persisted, Korean by default where the browser prefers it. */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { formatDuration, formatMoney, type DurationUnits } from "@continuum/engine";
import { messages, type Lang, type MessageKey } from "./messages";

export type { Lang, MessageKey };

const STORAGE_KEY = "continuum.lang";

/** The stored choice, else the first of the browser's languages we speak, else English. */
export function detectLang(languages: readonly string[] = navigator.languages ?? [navigator.language], stored?: string | null): Lang {
  const saved = stored === undefined ? safeStorage()?.getItem(STORAGE_KEY) : stored;
  if (saved === "ko" || saved === "en") return saved;
  for (const l of languages) {
    const base = l.toLowerCase().split("-")[0];
    if (base === "ko") return "ko";
    if (base === "en") return "en";
  }
  return "en";
}

function safeStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

export type Params = Record<string, string | number>;

export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  let text: string = messages[lang][key] ?? messages.en[key] ?? key;
  // English plurals, ICU-style: "{n, plural, one {# file} other {# files}}" (Korean needs none).
  text = text.replace(/\{(\w+), plural, one \{([^}]*)\} other \{([^}]*)\}\}/g, (m, name: string, one: string, other: string) => {
    const value = params?.[name];
    const n = typeof value === "number" ? value : Number(value);
    return Number.isNaN(n) ? m : (n === 1 ? one : other).replace(/#/g, `{${name}}`);
  });
  // A number stays with the words around it ("3 files", "Tier 1", "3개 파일"): its neighbouring spaces do not break.
  if (params) text = text.replace(/( ?)\{(\w+)\}( ?)/g, (m, before: string, name: string, after: string) => {
    if (!(name in params)) return m;
    const value = params[name];
    return typeof value === "number" ? `${before && "\u00a0"}${value}${after && "\u00a0"}` : `${before}${value}${after}`;
  });
  return text;
}

const UNITS: Record<Lang, DurationUnits> = {
  en: { d: "d", h: "h", m: "m", s: "s", sep: " " },
  ko: { d: "일", h: "시간", m: "분", s: "초", sep: " " },
};

/**
 * A figure never splits across lines: its spaces become no-break spaces (U+00A0), so `10시간 10분`
 * and `39억 원` wrap as one word (and `word-break: keep-all` keeps Korean words whole).
 */
export function nobreak(text: string): string {
  return text.replace(/[ \u202f]/g, "\u00a0");
}

/** `10h 10m` / `10시간 10분`; `∞` for unbounded; `—` for none. */
export function formatDurationIn(lang: Lang, minutes: number | undefined | null): string {
  if (minutes === undefined || minutes === null || Number.isNaN(minutes)) return "—";
  return nobreak(formatDuration(minutes, UNITS[lang]));
}

/** Short money for tables and axes: `1.2B ₩` / `12억 원`-style (만, 억, 조 in Korean). */
export function formatMoneyShortIn(lang: Lang, amount: number, currency = "KRW"): string {
  const abs = Math.abs(amount);
  const sym = currencySymbol(currency, lang);
  const trim = (x: number) => x.toFixed(Math.abs(x) >= 100 ? 0 : Math.abs(x) >= 10 ? 1 : 2).replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, ""); // 1.50 → 1.5, 100 stays 100
  if (lang === "ko") {
    const units: Array<[number, string]> = [[1e12, "조"], [1e8, "억"], [1e4, "만"]];
    for (const [size, suffix] of units) if (abs >= size) return nobreak(`${trim(amount / size)}${suffix} ${sym}`);
    return nobreak(`${trim(amount)} ${sym}`);
  }
  const units: Array<[number, string]> = [[1e12, "T"], [1e9, "B"], [1e6, "M"], [1e3, "k"]];
  for (const [size, suffix] of units) if (abs >= size) return nobreak(`${sym}${trim(amount / size)}${suffix}`);
  return nobreak(`${sym}${trim(amount)}`);
}

function currencySymbol(currency: string, lang: Lang): string {
  if (currency === "KRW") return lang === "ko" ? "원" : "₩";
  try {
    const parts = new Intl.NumberFormat(lang === "ko" ? "ko-KR" : "en-US", { style: "currency", currency }).formatToParts(0);
    return parts.find((p) => p.type === "currency")?.value ?? currency;
  } catch {
    return currency;
  }
}

/** `12.3%`, `0.05%`, `1.0e-4%`: one way for every probability the app shows. */
export function formatPercent(p: number): string {
  if (!Number.isFinite(p)) return "—";
  const pct = p * 100;
  if (pct === 0) return "0%";
  return Math.abs(p) >= 0.00001 ? `${Number(pct.toPrecision(3))}%` : `${pct.toExponential(1)}%`;
}

export interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  t(key: MessageKey, params?: Params): string;
  duration(minutes: number | undefined | null): string;
  money(amount: number, currency?: string): string;
  moneyShort(amount: number, currency?: string): string;
  number(n: number): string;
  /** A probability or share (0.123 → `12.3%`): three significant digits, tiny ones in exponent form. */
  percent(p: number): string;
  date(iso: string | number | Date | undefined | null): string;
}

const I18nContext = createContext<I18n | null>(null);

export function makeI18n(lang: Lang, setLang: (l: Lang) => void = () => {}): I18n {
  const locale = lang === "ko" ? "ko-KR" : "en-US";
  const numberFormat = new Intl.NumberFormat(locale);
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });
  return {
    lang,
    setLang,
    t: (key, params) => translate(lang, key, params),
    duration: (m) => formatDurationIn(lang, m),
    money: (amount, currency = "KRW") => nobreak(formatMoney(amount, currency, locale)),
    moneyShort: (amount, currency = "KRW") => formatMoneyShortIn(lang, amount, currency),
    number: (n) => nobreak(numberFormat.format(n)),
    percent: (p) => formatPercent(p),
    date: (iso) => {
      if (iso === undefined || iso === null || iso === "") return "—";
      const d = iso instanceof Date ? iso : new Date(iso);
      return Number.isNaN(d.getTime()) ? String(iso) : dateFormat.format(d);
    },
  };
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => detectLang());
  const setLang = useCallback((l: Lang) => {
    setLangState(l);
    safeStorage()?.setItem(STORAGE_KEY, l);
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const value = useMemo(() => makeI18n(lang, setLang), [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error("useI18n outside I18nProvider");
  return value;
}

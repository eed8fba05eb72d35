/** The plan check's names in words: a scenario (`site-loss:pangyo-idc` → "판교 데이터센터 lost for good") and a plan kind. */
import { PLAN_KINDS } from "@continuum/engine";
import type { I18n, MessageKey } from "../../app/i18n";

export function scenarioLabel(t: I18n["t"], scenario: string, names: Map<string, string>): string {
  if (!scenario.startsWith("site-loss:")) return scenario;
  const site = scenario.slice("site-loss:".length);
  return t("plans.siteLost", { site: names.get(site) ?? site });
}

/** A kind the engine knows has a name in both languages; another is shown as written. */
export function planKindLabel(t: I18n["t"], kind: string): string {
  return (PLAN_KINDS as readonly string[]).includes(kind) ? t(`planKind.${kind}` as MessageKey) : kind;
}

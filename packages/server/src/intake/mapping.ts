/**
 * Which components an alert marks down: the organization's mapping rules, tried in order (the
 * first that matches wins), else the default label (`component` for Alertmanager and Grafana,
 * `source` for PagerDuty, `subject` for CloudEvents). Pure, so the preview route and intake agree.
 */
import type { SignalSource } from "./payloads.js";

export interface MappingRule {
  name: string;
  /** only alerts from this source */
  source?: SignalSource;
  /** labels that must be equal */
  match?: Record<string, string>;
  /** labels that must match a regular expression (whole value) */
  matchRe?: Record<string, string>;
  components: string[];
}

export interface Mapping {
  components: string[];
  /** the rule that matched; null = the default label */
  rule: string | null;
}

const compiled = new WeakMap<MappingRule, Map<string, RegExp>>();
function regexps(rule: MappingRule): Map<string, RegExp> {
  let m = compiled.get(rule);
  if (!m) {
    m = new Map(Object.entries(rule.matchRe ?? {}).map(([k, v]) => [k, new RegExp(`^(?:${v})$`)]));
    compiled.set(rule, m);
  }
  return m;
}

export function ruleMatches(rule: MappingRule, source: SignalSource, labels: Record<string, string>): boolean {
  if (rule.source && rule.source !== source) return false;
  for (const [k, v] of Object.entries(rule.match ?? {})) if (labels[k] !== v) return false;
  for (const [k, re] of regexps(rule)) if (labels[k] === undefined || !re.test(labels[k])) return false;
  return true;
}

export function mapAlert(rules: readonly MappingRule[], source: SignalSource, labels: Record<string, string>, defaultLabel: string): Mapping {
  for (const rule of rules) if (ruleMatches(rule, source, labels)) return { components: rule.components, rule: rule.name };
  const named = labels[defaultLabel];
  return { components: named ? [named] : [], rule: null };
}

/** Why a rule cannot be used (a bad regular expression), or null. */
export function ruleProblem(rule: MappingRule): string | null {
  for (const [k, v] of Object.entries(rule.matchRe ?? {})) {
    try {
      new RegExp(v);
    } catch (e) {
      return `matchRe.${k}: ${(e as Error).message}`;
    }
  }
  if (!rule.match && !rule.matchRe && !rule.source) return "a rule needs at least one of source, match, matchRe";
  return null;
}

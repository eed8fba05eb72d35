/**
 * The model file format, declared once: every section, field, type, default, hint and cross-field
 * rule. The readers take their keys, typo candidates, enumerations and rules from here; the
 * published JSON Schema (schema/continuum.schema.json, `npm run schema -w @continuum/engine`), the
 * OpenAPI bodies of the server (`sectionSchemas`) and the TypeScript types of the file (`ModelFile`
 * and friends) are made from it. The contract: /work/shared/spec/continuity-model.md; for people:
 * docs/model-format.md.
 *
 * A new section is one declaration here (added to MODEL_FILE) plus its semantics in a reader.
 */
import {
  any, boolean, constant, date, duration, id, integer, list, map, money, number, object, oneOfWords, oneOrList, openObject, openWords, ref, text, textOrNumber, union,
  jsonSchemaOf, type Infer, type JsonSchema, type Node, type ObjectNode,
} from "./schema-kit.js";
import { CHECK_TYPES } from "./check-condition.js";

// ---- enumerations (the only copy: the web and the server take them from the engine) -----------

export const KNOWN_KINDS = [
  "business-service", "process", "application", "database", "infrastructure", "network",
  "site", "power", "supplier", "external", "person", "team", "tool",
] as const;

export const PLAN_KINDS = ["contingency", "business-continuity", "disaster-recovery", "crisis", "communication"] as const;

export const IMPACT_CATEGORIES = ["financial", "customer", "regulatory", "reputational", "safety", "operational", "contractual", "environmental"] as const;

export const GROUP_MODES = ["active-active", "active-passive"] as const;

export const THREATS = ["fire", "power", "flood", "earthquake", "cyber", "supplier", "pandemic", "people", "other"] as const;
export const TREATMENTS = ["accept", "mitigate", "transfer", "avoid"] as const;
export const ACTION_STATUSES = ["open", "done"] as const;
export const IMPACT_BASES = ["mean", "p50", "p90", "p95", "p99"] as const;
export const APPETITE_BASES = ["retained", "gross"] as const;

/** The elements of a plan document ISO 22301 8.4.4 and 8.4.5 ask for (what `plans check` reports as missing). */
export const PLAN_ELEMENTS = [
  "kind", "purpose", "scope", "activation-criteria", "roles", "resources", "interdependencies", "communications", "step-owners", "stand-down", "return-to-normal",
] as const;

/** The plan fields that make it a document (read as declared, kept in `Plan.document`). */
export const PLAN_DOCUMENT_FIELDS = ["purpose", "scope", "activationCriteria", "roles", "resources", "interdependencies", "communications", "standDown", "returnToNormal"] as const;

/** How often an exercise repeats: a whole number and a unit (months, years, weeks, days), e.g. 6mo, 1y. */
export const CYCLE_PATTERN = "^\\s*(\\d+)\\s*(mo|y|w|d)\\s*$";

export const EXERCISE_TYPES = ["tabletop", "walkthrough", "simulation", "live-failover"] as const;

/** What the plan priority is when none is written (lower runs first when capacity is short). */
export const DEFAULT_PLAN_PRIORITY = 100;

// ---- components -------------------------------------------------------------------------------------

const componentRef = (doc: string) => ref("component", { doc });
const idList = (doc: string) => list(componentRef("a component id"), { doc });
/** one id, or a list of them */
const idOrList = (doc: string) => oneOrList(componentRef("a component id"), { doc });

export const IMPACT_ENTRY = object("ImpactEntry", {
  from: duration({ doc: "minutes into an outage from which this entry applies", default: 0 }),
  perHour: money({ doc: "loss per hour from `from` until the next rate entry of the same category" }),
  once: money({ doc: "one-off loss once an outage reaches `from`" }),
  category: openWords(IMPACT_CATEGORIES, { doc: "the kind of impact (ISO 22317)" }),
  note: text({ doc: "free text" }),
}, { doc: "One entry of a component's impact curve: `perHour` (a rate) or `once` (a one-off cost), or both." });

export const GROUP = object("RedundancyGroup", {
  group: text({ doc: "the group's name (unique within the component; a plan step switches a manual group by it)" }),
  members: list(componentRef("a component that can stand in for the others"), { min: 1, unique: true, doc: "the components that can stand in for each other" }),
  need: integer({ min: 1, default: 1, doc: "how many members must be UP (active-passive: always 1)" }),
  mode: oneOfWords(GROUP_MODES, { default: "active-active", doc: "active-active: members run together; active-passive: one at a time, switched over on loss" }),
  failover: duration({ also: ["manual"], default: 0, doc: "active-passive only: how long switching to another member takes, or `manual` when only a plan step switches" }),
}, { required: ["members"], doc: "A redundancy group: the component needs `need` of its members UP." });

/** The values a component reader made, as far as the component rules look at them. */
type ComponentTargets = { rto?: number; mtpd?: number };

export const COMPONENT = object("Component", {
  id: id({ doc: "unique id: lowercase letters and digits, then also . _ -" }),
  name: textOrNumber({ doc: "display name" }),
  kind: openWords(KNOWN_KINDS, { doc: "what it is (a typo of a known kind gets a warning)" }),
  site: componentRef("the site it runs at: losing the site takes it down"),
  restart: duration({ default: 0, doc: "how long it takes to come back once what it needs is back" }),
  standby: boolean({ default: false, doc: "a cold standby: down until a plan step starts it" }),
  tier: integer({ min: 1, doc: "criticality, 1 = most critical" }),
  rto: duration({ doc: "recovery time objective" }),
  rpo: duration({ doc: "recovery point objective" }),
  mtpd: duration({ doc: "maximum tolerable period of disruption" }),
  mbco: textOrNumber({ doc: "minimum business continuity objective" }),
  impact: list(IMPACT_ENTRY, { doc: "what an outage costs over time" }),
  dependsOn: list(union([componentRef("a component it needs UP"), GROUP]), { doc: "what it needs UP: component ids and redundancy groups" }),
  owner: textOrNumber({ doc: "who is accountable" }),
  description: textOrNumber(),
  tags: list(text(), { doc: "free labels" }),
  labels: any({ doc: "kept as written" }),
  annotations: any({ doc: "kept as written" }),
  links: any({ doc: "kept as written" }),
  notes: textOrNumber({ doc: "free text" }),
  location: textOrNumber({ doc: "free text" }),
  capacity: integer({ min: 1, doc: "how many units (people, licences, consoles) can work at once; plan steps that need it hold units while they run" }),
  members: list(union([componentRef("a person component"), object("TeamMember", {
    id: componentRef("a person component"),
    role: text({ doc: "what the person does in the team" }),
  }, { required: ["id"] })]), { doc: "a team's people (person components, with roles)" }),
  alternates: list(componentRef("a person component"), { doc: "a team's stand-ins when members are not available" }),
}, {
  required: ["id"],
  doc: "Something the organization needs UP: a service, process, application, site, supplier, team …",
  rules: [
    {
      code: "rto-over-mtpd",
      field: "rto",
      doc: "rto ≤ mtpd: the recovery time objective lies inside the maximum tolerable period of disruption",
      holds: (c: ComponentTargets) => c.rto === undefined || c.mtpd === undefined || c.rto <= c.mtpd,
      message: (raw) => `rto (${String(raw.rto)}) is longer than mtpd (${String(raw.mtpd)})`,
      params: (raw) => ({ rto: String(raw.rto), mtpd: String(raw.mtpd) }),
      hint: "the recovery time objective must lie inside the maximum tolerable period of disruption: lower rto or raise mtpd",
    },
  ],
});

// ---- plans -----------------------------------------------------------------------------------------

export const NEED = object("CapacityNeed", {
  id: componentRef("a component with a capacity"),
  units: integer({ min: 1, default: 1, doc: "how many of its units the step holds while it runs (at most its capacity)" }),
}, { required: ["id"], doc: "A need that takes units of a component's capacity." });

export const STEP = object("PlanStep", {
  id: text({ doc: "unique within the plan" }),
  name: text(),
  duration: duration({ positive: true, doc: "how long the step takes once it runs (more than 0)" }),
  after: oneOrList(text({ doc: "a step id of the same plan" }), { doc: "steps that must be complete first" }),
  needs: oneOrList(union([componentRef("a component that must be UP while the step runs"), NEED]), { doc: "components that must be UP; `{id, units}` takes units of a capacity" }),
  does: object("StepEffects", {
    start: idOrList("standby components it starts"),
    switch: oneOrList(text({ doc: "the name of a redundancy group with failover: manual" }), { doc: "manual groups it switches over" }),
    repair: idOrList("components it brings back"),
  }, { doc: "what completing the step changes" }),
  owner: text({ doc: "the team (a component id) that does the step" }),
  description: text(),
}, { required: ["id", "duration"] });

const textOrTexts = (doc: string) => oneOrList(text(), { doc });

export const PLAN_ROLES = object("PlanRoles", {
  commander: componentRef("the person (or team) in charge"),
  deputy: componentRef("who takes charge when the commander cannot"),
  teams: list(object("PlanTeamRole", {
    team: componentRef("a team component"),
    role: text({ doc: "what the team does in this plan" }),
    alternates: list(componentRef("a team or person that stands in"), { doc: "stand-ins for the team" }),
  }, { required: ["team"] }), { doc: "the teams the plan calls on, with alternates" }),
}, { doc: "who runs the plan (8.4.2, 8.4.4)" });

export const PLAN_COMMUNICATION = object("PlanCommunication", {
  audience: text({ doc: "who is told: staff, customers, regulator, media …" }),
  channel: text({ doc: "how: status page, SMS, press release …" }),
  when: text({ doc: "at what point of the response" }),
  by: componentRef("the team or person who tells them"),
}, { required: ["audience"] });

export const RETURN_STEP = object("ReturnToNormalStep", {
  id: text({ doc: "unique within the plan's return-to-normal steps" }),
  name: text(),
  owner: componentRef("the team that does it"),
  duration: duration(),
}, { required: ["id"] });

export const PLAN = object("Plan", {
  id: id({ doc: "unique plan id" }),
  name: text(),
  kind: openWords(PLAN_KINDS),
  owner: text(),
  covers: idList("the components the plan recovers"),
  activation: object("PlanActivation", {
    when: oneOrList(componentRef("a component whose loss activates the plan"), { doc: "the plan activates when one of these goes down" }),
    after: duration({ default: 0, doc: "how long after the loss the plan activates" }),
  }),
  steps: list(STEP, { min: 1 }),
  description: text(),
  priority: integer({ default: DEFAULT_PLAN_PRIORITY, doc: "lower first when steps wait for the same capacity" }),
  purpose: text({ doc: "why the plan exists (8.4.4)" }),
  scope: text({ doc: "what and where it applies to" }),
  activationCriteria: textOrTexts("when the plan is invoked, in words (the simulation uses `activation`)"),
  roles: PLAN_ROLES,
  resources: list(componentRef("a component the plan relies on"), { doc: "the resources the plan needs (tools, sites, suppliers)" }),
  interdependencies: textOrTexts("other plans, organizations or services it interacts with"),
  communications: list(PLAN_COMMUNICATION, { doc: "who is told what, how and when" }),
  standDown: textOrTexts("when and how the response stands down"),
  returnToNormal: list(RETURN_STEP, { doc: "the steps back to normal operation (8.4.5)" }),
}, { required: ["id", "steps"] });

// ---- the exercise programme (8.5) -------------------------------------------------------------------

export const EXERCISE = object("Exercise", {
  id: id(),
  name: text(),
  type: oneOfWords(EXERCISE_TYPES, { doc: "tabletop, walkthrough, simulation or live-failover" }),
  scenario: union([text({ doc: "the name of a scenario, or `site-loss:<site id>`" }), object("ExerciseScenario", {
    lose: componentRef("a component (e.g. a site) lost for good"),
  }, { required: ["lose"] })], { doc: "the disaster it rehearses" }),
  plans: list(ref("plan", { doc: "a plan id" }), { doc: "the plans it exercises" }),
  services: list(componentRef("a service it exercises"), { doc: "services exercised (absent: those the plans cover)" }),
  objectives: textOrTexts("what the exercise must show"),
  participants: list(componentRef("a team or person"), { doc: "who takes part" }),
  date: date({ doc: "when (YYYY-MM-DD)" }),
  cycle: text({ pattern: CYCLE_PATTERN, doc: "how often it repeats: 6mo, 1y, 12mo …" }),
  evidenceShelfLife: text({ pattern: CYCLE_PATTERN, doc: "how long what a run of it measured counts as evidence (default 12mo)" }),
  description: text(),
}, { required: ["id", "type"] });

// ---- checks Continuum runs itself (issue 11; conditions in check-condition.ts) ---------------------

/** Go-style durations, as Gatus writes them: 30s, 1m, 1h30m, 500ms. */
export const CHECK_DURATION_PATTERN = "^(\\d+(\\.\\d+)?(ms|s|m|h))+$";
export const DNS_RECORD_TYPES = ["A", "AAAA", "CNAME", "MX", "NS", "TXT", "SRV", "PTR"] as const;

export const CHECK = object("Check", {
  id: id({ doc: "unique check id" }),
  name: text(),
  component: componentRef("the component it watches: when the check fails, this component is down"),
  type: oneOfWords(CHECK_TYPES, { doc: "http (a request), tcp (a connection) or dns (a query)" }),
  url: text({ pattern: "^https?://", doc: "http: the address, http:// or https://" }),
  method: text({ pattern: "^[A-Z]+$", default: "GET", doc: "http: the request method" }),
  headers: map(text(), { doc: "http: request headers" }),
  body: text({ doc: "http: the request body" }),
  insecure: boolean({ default: false, doc: "https: accept a certificate no known authority signed (self-signed); [CERTIFICATE_EXPIRATION] still reads it" }),
  host: text({ pattern: "^\\S+:\\d+$", doc: "tcp: host:port" }),
  query: text({ doc: "dns: the name to resolve" }),
  recordType: oneOfWords(DNS_RECORD_TYPES, { default: "A", doc: "dns: the record type asked for" }),
  server: text({ doc: "dns: the resolver, host or host:port (absent: the system's)" }),
  expected: oneOrList(text(), { doc: "dns: answers that must all be among the answers" }),
  conditions: list(text({ doc: "[STATUS] == 200, [BODY].status == UP, [RESPONSE_TIME] < 500, [CERTIFICATE_EXPIRATION] > 48h …" }), { doc: "Gatus-like conditions; all must hold" }),
  interval: text({ pattern: CHECK_DURATION_PATTERN, default: "1m", doc: "how often it runs (at least 1s)" }),
  timeout: text({ pattern: CHECK_DURATION_PATTERN, default: "10s", doc: "how long one run may take" }),
  failureThreshold: integer({ min: 1, default: 3, doc: "consecutive failures before the component is marked down" }),
  successThreshold: integer({ min: 1, default: 2, doc: "consecutive successes before it is up again" }),
  description: text(),
}, { required: ["id", "component", "type"], doc: "A check Continuum runs itself, like Gatus: its failures become signals." });
// ---- crisis communication (8.4.3): stakeholders, message templates, deadline clocks --------------

export const STAKEHOLDER_KINDS = ["employees", "responders", "executives", "customers", "small-businesses", "partners", "regulators", "media"] as const;
export const MESSAGE_CHANNELS = ["email", "slack", "teams", "sms", "voice", "print"] as const;
export const MESSAGE_LANGUAGES = ["ko", "en"] as const;
/** What a deadline clock counts from: the outage of a service, its restoration, or the declaration. */
export const CLOCK_STARTS = ["outage", "restoration", "declaration"] as const;

const bilingual = (doc: string) => object("BilingualText", { ko: text(), en: text() }, { doc: `${doc}: Korean and English` });

export const STAKEHOLDER_GROUP = object("StakeholderGroup", {
  id: id(),
  name: text(),
  kind: oneOfWords(STAKEHOLDER_KINDS, { doc: "employees, responders, executives, customers, small-businesses, partners, regulators or media" }),
  members: list(componentRef("a person or team (their contact details are in the server's directory)"), { doc: "people and teams in the group" }),
  addresses: list(text(), { doc: "addresses outside the directory: e-mail addresses or webhook URLs" }),
  channels: list(oneOfWords(MESSAGE_CHANNELS), { doc: "channels in the order they are tried (absent: email, then sms)" }),
  webhooks: list(object("StakeholderWebhook", {
    format: oneOfWords(["slack", "teams"] as const, { doc: "slack or teams (incoming webhook)" }),
    url: text({ pattern: "^https?://" }),
  }, { required: ["format", "url"] }), { doc: "chat channels told alongside the people" }),
  language: oneOfWords(MESSAGE_LANGUAGES, { default: "ko" }),
  callTree: object("CallTree", {
    template: ref("template", { doc: "the activation message" }),
    ackTimeout: duration({ positive: true, doc: "how long before an unanswered person is escalated (next channel, then alternate)" }),
    onDeclare: boolean({ default: true, doc: "activate when an incident is declared" }),
  }, { doc: "the group is activated and asked to acknowledge" }),
  description: text(),
}, { required: ["id", "kind"] });

export const MESSAGE_TEMPLATE = object("MessageTemplate", {
  id: id(),
  name: text(),
  audience: list(ref("stakeholder", { doc: "a stakeholder group id" }), { doc: "the groups it is written for" }),
  subject: bilingual("the subject"),
  body: bilingual("the text; {{services}}, {{since}}, {{recovery}}, {{cause}}, {{contact}}, {{incident}}, {{ack}} are filled in"),
}, { required: ["id", "subject", "body"] });

export const CLOCK_RULE = object("DeadlineClockRule", {
  id: id(),
  name: bilingual("what must be done by the deadline"),
  from: oneOfWords(CLOCK_STARTS, { doc: "outage (of a listed service), restoration or declaration" }),
  after: duration({ doc: "the threshold: how long after `from` the clock starts (0: at once)" }),
  within: duration({ doc: "the time allowed once it has started" }),
  services: list(componentRef("a service the rule is about"), { doc: "the services it watches (absent: every tier-1 service)" }),
  amber: duration({ doc: "turns amber this long before the deadline (default a quarter of `within`)" }),
  basis: text({ doc: "the rule it comes from (law, decree, policy)" }),
}, { required: ["id", "from", "within"] });

/** The communication sections: each entry checked against its declaration, kept in `model.extra`. */
export const COMMUNICATION_SECTIONS = {
  stakeholders: STAKEHOLDER_GROUP,
  templates: MESSAGE_TEMPLATE,
  clocks: CLOCK_RULE,
} as const;

// ---- risks, insurance, appetite, the risk matrix (docs/risk-model.md) ----------------------------

const PERCENTILES = "^p\\d{1,2}(\\.\\d+)?$";

export const RISK_ACTION = object("RiskAction", {
  id: id(),
  title: text(),
  action: text({ doc: "the same as title" }),
  owner: text(),
  due: date({ doc: "YYYY-MM-DD" }),
  status: oneOfWords(ACTION_STATUSES, { default: "open" }),
  notes: text(),
  description: text(),
}, { required: ["id"] });

export const RISK = object("Risk", {
  id: id(),
  name: textOrNumber(),
  threat: oneOfWords(THREATS, { default: "other" }),
  frequency: number({ min: 0, doc: "expected occurrences per year" }),
  strikes: oneOrList(componentRef("a component broken when it occurs"), { min: 1 }),
  strikesOneOf: oneOrList(componentRef("one of these is broken when it occurs"), { min: 1 }),
  duration: union([
    duration({ positive: true }),
    map(duration(), { keys: PERCENTILES, doc: "two percentiles: a lognormal, e.g. {p50: 10h, p90: 5d}" }),
    object("PertDuration", { min: duration(), mode: duration(), max: duration() }, { required: ["min", "mode", "max"] }),
  ], { doc: "how long the struck components stay broken" }),
  loss: union([money(), map(number(), { keys: PERCENTILES, doc: "two percentiles: a lognormal, e.g. {p5: 1e7, p95: 1e9}" })], { doc: "direct loss of one occurrence" }),
  owner: textOrNumber(),
  treatment: oneOfWords(TREATMENTS),
  actions: list(RISK_ACTION),
  description: text(),
  notes: any(),
  tags: any(),
  likelihood: any({ doc: "read by the risk register" }),
  impact: any({ doc: "read by the risk register" }),
  review: any(),
  controls: any(),
}, { required: ["id", "frequency"] });

export const POLICY = object("InsurancePolicy", {
  id: id(),
  name: text(),
  insurer: text(),
  covers: oneOrList(ref("risk", { doc: "a risk id" }), { doc: "the risks it covers (absent: every risk)" }),
  waitingPeriod: duration({ default: 0 }),
  deductible: money({ default: 0 }),
  limit: money({ doc: "per occurrence (absent: no limit)" }),
  aggregate: money({ doc: "per year (absent: no limit)" }),
  premium: money({ default: 0 }),
  description: text(),
  notes: any(),
  kind: any(),
}, { required: ["id"] });

export const APPETITE = object("RiskAppetite", {
  id: text(),
  name: text(),
  maxLoss: money({ doc: "the most the organization accepts to lose in a year with that probability" }),
  probability: union([number({ min: 0 }), text({ pattern: "^\\s*\\d+(\\.\\d+)?\\s*%\\s*$" })], { doc: "between 0 and 1, or a percentage such as 1%" }),
  returnPeriod: number({ doc: "years (above 1): the same as probability 1/returnPeriod" }),
  basis: oneOfWords(APPETITE_BASES, { default: "retained" }),
  description: text(),
}, { required: ["maxLoss"] });

const BAND = object("RiskBand", { id: text(), label: text(), upTo: number(), description: text() });
const LEVEL = object("RiskLevel", { id: text(), label: text(), color: text(), description: text() });

export const RISK_MATRIX = object("RiskMatrix", {
  likelihood: list(BAND, { doc: "bands of annual frequency, lowest first" }),
  impact: list(BAND, { doc: "bands of loss per occurrence, lowest first" }),
  impactBasis: oneOfWords(IMPACT_BASES, { default: "mean" }),
  levels: list(LEVEL),
  cells: list(list(text({ doc: "a level id" })), { doc: "as drawn: the most likely band first" }),
  description: text(),
}, { required: ["likelihood", "impact"] });

// ---- scenarios ------------------------------------------------------------------------------------

export const EVENT = object("ScenarioEvent", {
  at: duration({ doc: "when, from the start of the scenario" }),
  fail: componentRef("the component that fails"),
  for: duration({ doc: "how long it stays broken (absent or null: not repaired within the horizon)" }),
  activate: ref("plan", { doc: "a plan activated by hand" }),
  note: text(),
}, { required: ["at"] });

export const SCENARIO = object("Scenario", {
  scenario: text({ doc: "its name" }),
  name: text(),
  description: text(),
  horizon: duration({ positive: true, default: "30d" }),
  events: list(EVENT),
}, { required: ["scenario"], doc: "A disaster played against a model." });

// ---- sections later issues define: kept as written -----------------------------------------------

/** A section reserved for a later feature: a list of mappings, each kept as written. */
const reserved = (name: string, doc: string) => oneOrList(openObject(name), { doc: `${doc} (reserved: kept as written)` });

export const RESERVED_SECTIONS = {
  contacts: reserved("Contact", "people and how to reach them"),
  teams: reserved("Team", "teams and their members (a team is a component of kind team with members and alternates; this section is kept as written)"),
  reviews: reserved("Review", "management reviews"),
} as const;

// ---- the model file --------------------------------------------------------------------------------

export const MODEL_FILE = object("ModelFile", {
  continuum: constant([1, "1"] as const, { doc: "the format version: 1" }),
  organization: text({ doc: "the organization's name (the same in every file of a model)" }),
  currency: text({ pattern: "^[A-Z]{3}$", default: "KRW", doc: "ISO 4217 code of every amount of money" }),
  components: list(COMPONENT),
  plans: list(PLAN),
  description: text(),
  risks: oneOrList(RISK),
  insurance: oneOrList(POLICY),
  riskAppetite: oneOrList(APPETITE),
  riskMatrix: RISK_MATRIX,
  exercises: list(EXERCISE, { doc: "the exercise programme (8.5)" }),
  checks: list(CHECK, { doc: "checks Continuum runs itself (HTTP, TCP, DNS)" }),
  stakeholders: list(STAKEHOLDER_GROUP, { doc: "who is told in a crisis (8.4.3)" }),
  templates: list(MESSAGE_TEMPLATE, { doc: "messages in Korean and English" }),
  clocks: list(CLOCK_RULE, { doc: "deadline clocks (absent: the Korean rules shipped as defaults)" }),
  ...RESERVED_SECTIONS,
}, { doc: "A Continuum continuity model (one file, or one of the files of a model folder)." });

/** The top-level keys of a model file the general reader reads itself; the others are kept in `model.extra`. */
export const MODEL_CORE_SECTIONS = ["continuum", "organization", "currency", "components", "plans", "description"] as const;

// ---- TypeScript types of the file format (what a file may hold, before defaults) ---------------------

export type ModelFile = Infer<typeof MODEL_FILE>;
export type ComponentInput = Infer<typeof COMPONENT>;
export type RedundancyGroupInput = Infer<typeof GROUP>;
export type ImpactEntryInput = Infer<typeof IMPACT_ENTRY>;
export type PlanInput = Infer<typeof PLAN>;
export type PlanStepInput = Infer<typeof STEP>;
export type ScenarioInputFile = Infer<typeof SCENARIO>;
export type RiskInput = Infer<typeof RISK>;
export type InsurancePolicyInput = Infer<typeof POLICY>;
export type RiskAppetiteInput = Infer<typeof APPETITE>;
export type RiskMatrixInput = Infer<typeof RISK_MATRIX>;
export type ExerciseInput = Infer<typeof EXERCISE>;
export type CheckInput = Infer<typeof CHECK>;
export type StakeholderGroupInput = Infer<typeof STAKEHOLDER_GROUP>;
export type MessageTemplateInput = Infer<typeof MESSAGE_TEMPLATE>;
export type ClockRuleInput = Infer<typeof CLOCK_RULE>;

// ---- JSON Schemas ------------------------------------------------------------------------------------

export const SCHEMA_ID = "https://continuum.dev/schema/continuum.schema.json";

/**
 * The published JSON Schema of a model file (and of a scenario file: a document with `scenario:`
 * and no `components:`), draft-07 as editors read it.
 */
export function modelJsonSchema(): JsonSchema {
  const definitions: Record<string, JsonSchema> = {};
  const model = jsonSchemaOf(MODEL_FILE, definitions);
  const scenario = jsonSchemaOf(SCENARIO, definitions);
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: SCHEMA_ID,
    title: "Continuum continuity model",
    description: "A continuity model (components, plans, risks, insurance …) or a scenario. Generated from packages/engine/src/model/schema.ts: do not edit by hand.",
    if: { type: "object", required: ["scenario"], not: { required: ["components"] } },
    then: scenario,
    else: model,
    definitions: sortKeys(definitions),
  };
}

/** The sections of the model (and a scenario), for request bodies: plain schemas without references. */
export const SECTIONS: Record<string, Node> = {
  model: MODEL_FILE,
  component: COMPONENT,
  plan: PLAN,
  scenario: SCENARIO,
  risk: RISK,
  insurancePolicy: POLICY,
  riskAppetite: APPETITE,
  riskMatrix: RISK_MATRIX,
  exercise: EXERCISE,
  check: CHECK,
  stakeholderGroup: STAKEHOLDER_GROUP,
  messageTemplate: MESSAGE_TEMPLATE,
  clockRule: CLOCK_RULE,
};

/** JSON Schemas of section bodies (no `$ref`: each written out in place), e.g. for the server's OpenAPI. */
export function sectionSchemas(): Record<keyof typeof SECTIONS, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  for (const [name, node] of Object.entries(SECTIONS)) out[name] = jsonSchemaOf(node);
  return out;
}

function sortKeys(o: Record<string, JsonSchema>): Record<string, JsonSchema> {
  return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
}

/** Every mapping declared, by name (for documentation and tests). */
export function declaredMappings(): Map<string, ObjectNode<any, any>> {
  const found = new Map<string, ObjectNode<any, any>>();
  const walk = (n: Node) => {
    switch (n.kind) {
      case "object":
        if (found.has(n.name)) return;
        found.set(n.name, n);
        for (const f of Object.values(n.fields as Record<string, Node>)) walk(f);
        return;
      case "list":
      case "map":
        return walk(n.of);
      case "union":
        return n.of.forEach(walk);
    }
  };
  walk(MODEL_FILE);
  walk(SCENARIO);
  return found;
}

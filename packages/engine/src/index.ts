export * from "./duration.js";
export * from "./money.js";
export * from "./model/types.js";
export * from "./model/diagnostics.js";
export { localizeDiagnostic, diagnosticLocale, KOREAN_CODES, type DiagnosticLocale } from "./model/messages-ko.js";
export { DOCUMENT_LIMITS, guardJsonText } from "./model/document-guard.js";
export { readModel, type ModelReading, type ReadPath } from "./model/read-model.js";
// the format, declared once: JSON Schemas, the types of what a file holds, its enumerations
export {
  modelJsonSchema, sectionSchemas, declaredMappings, SCHEMA_ID, GROUP_MODES, APPETITE_BASES, DEFAULT_PLAN_PRIORITY, MODEL_CORE_SECTIONS, RESERVED_SECTIONS,
  MODEL_FILE, COMPONENT as COMPONENT_FORMAT, PLAN as PLAN_FORMAT, EXERCISE as EXERCISE_FORMAT, type ExerciseInput, STEP as STEP_FORMAT, SCENARIO as SCENARIO_FORMAT, RISK as RISK_FORMAT,
  type ModelFile, type ComponentInput, type RedundancyGroupInput, type ImpactEntryInput, type PlanInput, type PlanStepInput, type ScenarioInputFile,
  type RiskInput, type InsurancePolicyInput, type RiskAppetiteInput, type RiskMatrixInput,
  STAKEHOLDER_KINDS, MESSAGE_CHANNELS, type StakeholderGroupInput, type MessageTemplateInput, type ClockRuleInput,
} from "./model/schema.js";
export { keysOf, jsonSchemaOf, type Infer, type JsonSchema, type Node as FormatNode, type ObjectNode as FormatMapping } from "./model/schema-kit.js";
export { readScenario, failureScenario, DEFAULT_HORIZON, type ScenarioReading } from "./model/read-scenario.js";
export { parseSource, type SourceFile, type ParsedSource } from "./model/source.js";
export { MODE_ACTIVE_ACTIVE, MODE_ACTIVE_PASSIVE, MODE_MANUAL } from "./model/layout.js";
export { compileModel, type CompiledModel, type CompiledPlan, type CompiledStep } from "./compile/compiled-model.js";
export { writeSnapshot, readSnapshot, readSnapshotHeader, isSnapshot, SnapshotError, SNAPSHOT_FORMAT, type SnapshotHeader, type SnapshotSources } from "./compile/snapshot.js";
export { Simulator, type CapacityWaitRecord, type SimulationInput, type SimulationRun, type Failure, type PlanRecord, type StepRecord } from "./simulation/simulator.js";
export { scenarioInput } from "./simulation/scenario-input.js";
export { simulationJSON, capacityWaitsJSON, LossTable, byCodeUnit, type CapacityWaitJSON, type CapacityWaitsJSON, type SimulationJSON, type ComponentResultJSON, type OutageJSON, type PlanResultJSON, type StepResultJSON } from "./simulation/result.js";
export { compileImpact, outageLoss, lossBetween, type ImpactCurve } from "./compile/impact.js";
export { singlePointsOfFailure, spofJSON, tiered, type SpofOptions } from "./analysis/spof.js";
export { stronglyConnected, cyclePath, restartChains, chainPath, unreferenced } from "./analysis/structure.js";
export { modelWarnings } from "./analysis/model-warnings.js";
export { siteLosses, sitesOf, type SiteLoss, type SiteLossOptions, type SiteServiceImpact } from "./analysis/sites.js";
export { rtoInversions, type RtoInversion } from "./analysis/rto-inversions.js";
export { dependenciesOf, dependentsIndex, type RelatedComponent } from "./analysis/relations.js";
export { playScenario } from "./simulation/play.js";
export * from "./load.js";
export * from "./risk/index.js";
export { convertBackstageCatalog, isBackstageCatalog, parseEntityRef, type BackstageOptions } from "./format/backstage.js";
export { idFrom, type Conversion, type ModelDocument } from "./format/model-text.js";
export { convertCsv, parseCsv, type CsvOptions } from "./format/csv.js";
export { withCapacities } from "./simulation/capacity-change.js";
export { businessClock, type BusinessClock, type ClockSignal, type ClockOptions, type ServiceClock, type PlanClock, type StepClock } from "./analysis/business-clock.js";
export { groupSignalComponents, type SignalGroup } from "./analysis/signal-grouping.js";
export { checkPlans, missingElements, siteLossScenarios, siteLossName, type PlanCheckResultJSON, type PlanCheckJSON, type PlanScenarioJSON, type CoveredServiceJSON, type PlanElement } from "./analysis/plan-check.js";
export { exerciseCoverage, exercisesOf, parseCycle, addCycle, type Cycle, type ExerciseCoverageJSON, type PlannedExerciseJSON } from "./analysis/exercise-coverage.js";
export { exerciseCalendar, escapeText, foldLine } from "./analysis/exercise-calendar.js";
export { exerciseBaseline, exerciseScenario, exerciseServices, type ExerciseBaselineJSON, type BaselineStepJSON, type BaselineServiceJSON, type InjectJSON, type InjectKind } from "./analysis/exercise-baseline.js";
export { exerciseMeasures, stepKey, type ExerciseActuals, type ExerciseMeasuresJSON, type MeasureJSON, type ServiceMeasureJSON, type StepMeasureJSON } from "./analysis/exercise-measures.js";
export { recoveryProof, expiresOn, DEFAULT_SHELF_LIFE, type RecoveryEvidence, type RecoveryTarget, type RecoveryAnswer, type ServiceProofJSON } from "./analysis/recovery-evidence.js";
export { parseCondition, formatOperand, goDurationMs, CHECK_TYPES, OPERATORS, PLACEHOLDERS, PLACEHOLDERS_BY_TYPE, type Condition, type Operand, type Operator, type Placeholder, type CheckType } from "./model/check-condition.js";
export { checksOf, MIN_CHECK_INTERVAL_MS, type CheckDefinition } from "./model/checks.js";
export { checkVerdict, matchPattern, type CheckVerdict, type ConditionOutcome, type ProbeObservation } from "./analysis/check-verdict.js";
export { renderMessage, messageValues, readableTime, MESSAGE_VARIABLES, EXERCISE_MARK, type RenderedMessage, type MessageLanguage, type MessageValues, type MessageVariable, type IncidentFacts } from "./analysis/crisis-messages.js";
export { deadlineClocks, deadlineRules, KOREAN_DEADLINE_RULES, type DeadlineClock, type DeadlineRule, type DeadlineState, type DeadlineInput } from "./analysis/deadline-clocks.js";
export { capXml, capProblems, capTime, CAP_NAMESPACE, type CapAlert, type CapInfo } from "./analysis/cap-alert.js";
export { readContactsCsv, type ContactRecord, type ContactProblem } from "./format/contacts-csv.js";

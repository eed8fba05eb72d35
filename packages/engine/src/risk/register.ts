/**
 * The risk register (ISO 22301 8.2.3): each risk's quantitative results placed on the
 * organization's likelihood × impact matrix, treatment actions that are overdue, and the risk
 * appetite read off the loss exceedance curve. Pure functions; format: docs/risk-model.md.
 */
import type { Simulator } from "../simulation/simulator.js";
import { occurrenceLosses, type PreparedRisks } from "./monte-carlo.js";
import { DEFAULT_LEVELS, scoredCells, type Appetite, type ImpactBasis, type Risk, type RiskAction, type RiskBand, type RiskMatrix } from "./read-risks.js";
import { quantiles, type ExceedancePoint } from "./statistics.js";

/** The distribution of the loss of one occurrence. */
export interface OccurrenceLoss {
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
}

/** A risk placed on the matrix. */
export interface RiskCell {
  /** index into matrix.likelihood (0 = the least likely band) */
  likelihood: number;
  /** index into matrix.impact (0 = the smallest) */
  impact: number;
  /** index into matrix.levels */
  level: number;
}

export interface RiskAssessment extends RiskCell {
  id: string;
  name?: string;
  threat: string;
  /** expected occurrences per year (the model's Poisson rate) */
  frequency: number;
  loss: OccurrenceLoss;
  /** frequency × mean loss per occurrence (exact for a Poisson count) */
  expectedAnnualLoss: number;
  /** the value the impact bands were compared with (the matrix's impactBasis) */
  impactValue: number;
}

/** The band a value falls in: the first whose `upTo` is at least the value; above every bound, the last. */
export function bandIndex(bands: readonly RiskBand[], value: number): number {
  for (let k = 0; k < bands.length - 1; k++) {
    const upTo = bands[k].upTo;
    if (upTo !== undefined && value <= upTo) return k;
  }
  return bands.length - 1;
}

/** The value of an occurrence loss the matrix's impact bands measure. */
export function impactValue(matrix: Pick<RiskMatrix, "impactBasis">, loss: OccurrenceLoss): number {
  return loss[matrix.impactBasis];
}

/** The cell of a risk of this annual frequency whose occurrence loss is `loss` (on the matrix's basis). */
export function riskCell(matrix: RiskMatrix, frequency: number, loss: number): RiskCell {
  const likelihood = bandIndex(matrix.likelihood, frequency);
  const impact = bandIndex(matrix.impact, loss);
  return { likelihood, impact, level: matrix.cells[likelihood]?.[impact] ?? 0 };
}

/** Summary of sampled occurrence losses (type 7 percentiles, as everywhere else). */
export function occurrenceLossSummary(values: Float64Array): OccurrenceLoss {
  if (!values.length) return { mean: 0, p50: 0, p90: 0, p95: 0, p99: 0 };
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  const [p50, p90, p95, p99] = quantiles(values, [0.5, 0.9, 0.95, 0.99]);
  return { mean: sum / values.length, p50, p90, p95, p99 };
}

const DEFAULT_LIKELIHOOD: RiskBand[] = [
  { id: "rare", label: "Rare", upTo: 0.01 },
  { id: "unlikely", label: "Unlikely", upTo: 0.05 },
  { id: "possible", label: "Possible", upTo: 0.2 },
  { id: "likely", label: "Likely", upTo: 1 },
  { id: "almost-certain", label: "Almost certain" },
];

/**
 * The matrix used when the model has none: 5 × 5, likelihood by the bands above (once in 100
 * years or rarer … more than once a year), impact by decades below the largest loss per occurrence
 * (`scale`): up to scale/10⁴, /10³, /10², /10, above.
 */
export function defaultRiskMatrix(scale: number, impactBasis: ImpactBasis = "mean"): RiskMatrix {
  const top = scale > 0 ? Math.pow(10, Math.ceil(Math.log10(scale))) : 1;
  const labels = ["Minor", "Moderate", "Significant", "Major", "Severe"];
  const impact: RiskBand[] = labels.map((label, k) => (k < 4 ? { id: label.toLowerCase(), label, upTo: top / Math.pow(10, 4 - k) } : { id: label.toLowerCase(), label }));
  const levels = DEFAULT_LEVELS.map((l) => ({ ...l }));
  return { likelihood: DEFAULT_LIKELIHOOD.map((b) => ({ ...b })), impact, impactBasis, levels, cells: scoredCells(5, 5, levels.length) };
}

export interface AssessOptions {
  /** occurrences drawn per risk (default 2000) */
  occurrences?: number;
  seed?: number;
  /** the organization's matrix; default: the model's, else defaultRiskMatrix */
  matrix?: RiskMatrix;
  simulator?: Simulator;
  /** called after each risk with the number of risks done */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Every risk of the prepared model measured (frequency, loss per occurrence from `occurrences`
 * occurrences played through the engine, expected annual loss) and placed on the matrix.
 */
export function assessRisks(prep: PreparedRisks, options: AssessOptions = {}): { matrix: RiskMatrix; defaulted: boolean; risks: RiskAssessment[] } {
  const count = options.occurrences ?? 2000;
  const seed = options.seed ?? 1;
  const measured = prep.riskModel.risks.map((risk, r) => {
    const loss = occurrenceLossSummary(occurrenceLosses(prep, r, count, seed, options.simulator));
    options.onProgress?.(r + 1, prep.riskModel.risks.length);
    return { risk, loss };
  });
  const given = options.matrix ?? prep.riskModel.matrix;
  const matrix = given ?? defaultRiskMatrix(Math.max(0, ...measured.map((m) => m.loss.mean)));
  const risks = measured.map(({ risk, loss }) => {
    const value = impactValue(matrix, loss);
    return {
      id: risk.id,
      name: risk.name,
      threat: risk.threat,
      frequency: risk.frequency,
      loss,
      expectedAnnualLoss: risk.frequency * loss.mean,
      impactValue: value,
      ...riskCell(matrix, risk.frequency, value),
    };
  });
  return { matrix, defaulted: !given, risks };
}

/** An open action whose due date is before `today` (YYYY-MM-DD). */
export function isOverdue(action: RiskAction, today: string): boolean {
  return action.status === "open" && action.due !== undefined && action.due < today;
}

export function overdueActions(risk: Pick<Risk, "actions">, today: string): RiskAction[] {
  return (risk.actions ?? []).filter((a) => isOverdue(a, today));
}

/** Today as YYYY-MM-DD (UTC). */
export function todayISO(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

export interface AppetiteOnCurve {
  /** the loss exceeded with the statement's probability, read off the curve (log-linear between points) */
  lossAtProbability: number;
  /** the probability of exceeding maxLoss, read off the curve */
  probabilityOfExceeding: number;
  within: boolean;
  /** the curve reaches down to the statement's probability */
  covered: boolean;
}

/**
 * A risk appetite statement ("at most maxLoss lost with probability p in a year") checked against a
 * loss exceedance curve (points by decreasing probability): within when the curve's loss at p is at
 * most maxLoss. Uses the retained loss unless the statement's basis is gross.
 */
export function appetiteOnCurve(curve: readonly ExceedancePoint[], appetite: Pick<Appetite, "maxLoss" | "probability" | "basis">): AppetiteOnCurve {
  const lossOf = (p: ExceedancePoint) => (appetite.basis === "gross" ? p.loss : p.retainedLoss);
  if (!curve.length) return { lossAtProbability: NaN, probabilityOfExceeding: NaN, within: false, covered: false };
  const last = curve[curve.length - 1];
  const covered = last.probability <= appetite.probability * (1 + 1e-9);
  // the loss at the stated probability (interpolated in log p)
  let lossAt = lossOf(last);
  for (let k = 0; k < curve.length; k++) {
    const pt = curve[k];
    if (pt.probability <= appetite.probability) {
      if (k === 0 || pt.probability === appetite.probability) lossAt = lossOf(pt);
      else {
        const a = curve[k - 1];
        const t = (Math.log(a.probability) - Math.log(appetite.probability)) / (Math.log(a.probability) - Math.log(pt.probability));
        lossAt = lossOf(a) + t * (lossOf(pt) - lossOf(a));
      }
      break;
    }
  }
  // the probability of exceeding maxLoss: between the last point at or below it and the first above it
  let probability = 0;
  const j = curve.findIndex((pt) => lossOf(pt) > appetite.maxLoss);
  if (j === 0) probability = curve[0].probability;
  else if (j > 0) {
    const a = curve[j - 1];
    const b = curve[j];
    const span = lossOf(b) - lossOf(a);
    const t = span > 0 ? (appetite.maxLoss - lossOf(a)) / span : 1;
    probability = Math.exp(Math.log(a.probability) + t * (Math.log(b.probability) - Math.log(a.probability)));
  }
  return { lossAtProbability: lossAt, probabilityOfExceeding: probability, within: lossAt <= appetite.maxLoss, covered };
}

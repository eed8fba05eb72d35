/**
 * The loss exceedance curve on log scales: for each annual loss, the probability that a year loses
 * more; the risk appetite statement as a line (at most maxLoss with probability p).
 */
import { useId } from "react";
import type { ExceedancePoint } from "@continuum/engine";
import { useI18n } from "../../app/i18n";

export interface CurveSeries {
  label: string;
  points: ExceedancePoint[];
  /** which loss to draw */
  basis: "gross" | "retained";
  color: string;
  dashed?: boolean;
}

export interface AppetiteMark {
  maxLoss: number;
  probability: number;
  label: string;
  within: boolean;
}

const log10 = Math.log10;

export function ExceedanceCurve({ series, appetite, currency = "KRW", height = 340 }: { series: CurveSeries[]; appetite?: AppetiteMark; currency?: string; height?: number }) {
  const { t, moneyShort } = useI18n();
  const titleId = useId();
  const width = 960;
  const pad = { l: 70, r: 24, t: 30, b: 40 };
  const lossOf = (s: CurveSeries, p: ExceedancePoint) => (s.basis === "gross" ? p.loss : p.retainedLoss);
  const losses = series.flatMap((s) => s.points.map((p) => lossOf(s, p))).filter((v) => v > 0);
  if (appetite) losses.push(appetite.maxLoss);
  const probs = series.flatMap((s) => s.points.map((p) => p.probability));
  if (appetite) probs.push(appetite.probability);
  // reduce, not Math.min(...list): a long list would overflow the stack
  const xMin = Math.floor(log10(Math.max(1, losses.reduce((a, b) => Math.min(a, b), Infinity))));
  const xMax = Math.ceil(log10(losses.reduce((a, b) => Math.max(a, b), 10)));
  const yMin = Math.floor(log10(probs.reduce((a, b) => Math.min(a, b), 0.1)));
  const x = (v: number) => pad.l + ((log10(v) - xMin) / Math.max(1, xMax - xMin)) * (width - pad.l - pad.r);
  const y = (p: number) => pad.t + ((0 - log10(p)) / Math.max(1, -yMin)) * (height - pad.t - pad.b);
  const xTicks: number[] = [];
  for (let k = xMin; k <= xMax; k++) xTicks.push(10 ** k);
  const yTicks: number[] = [];
  for (let k = 0; k >= yMin; k--) yTicks.push(10 ** k);
  const pct = (p: number) => (p >= 0.01 ? `${Math.round(p * 100)}%` : `${Number((p * 100).toPrecision(2))}%`);
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} className="chart-svg" role="img" aria-labelledby={titleId} data-testid="exceedance-curve">
        <title id={titleId}>{t("risk.curveTitle")}</title>
        {yTicks.map((p) => (
          <g key={p}>
            <line x1={pad.l} x2={width - pad.r} y1={y(p)} y2={y(p)} className="grid" />
            <text x={pad.l - 6} y={y(p)} className="tick" textAnchor="end" dominantBaseline="middle">{pct(p)}</text>
          </g>
        ))}
        {xTicks.map((v) => (
          <g key={v}>
            <line x1={x(v)} x2={x(v)} y1={pad.t} y2={height - pad.b} className="grid" />
            <text x={x(v)} y={height - pad.b + 18} className="tick" textAnchor="middle">{moneyShort(v, currency)}</text>
          </g>
        ))}
        {series.map((s, k) => {
          const pts = s.points.filter((p) => lossOf(s, p) > 0);
          const d = pts.map((p, i) => `${i ? "L" : "M"}${x(lossOf(s, p)).toFixed(1)},${y(p.probability).toFixed(1)}`).join("");
          return <path key={k} d={d} fill="none" stroke={s.color} strokeWidth={2.4} strokeDasharray={s.dashed ? "7 5" : undefined} data-series={s.label} />;
        })}
        {appetite ? (
          <g data-testid="appetite-line" className={appetite.within ? "appetite within" : "appetite over"}>
            <line x1={x(appetite.maxLoss)} x2={x(appetite.maxLoss)} y1={pad.t} y2={height - pad.b} stroke="#6b2fb3" strokeWidth={1.6} strokeDasharray="4 3" />
            <line x1={pad.l} x2={width - pad.r} y1={y(appetite.probability)} y2={y(appetite.probability)} stroke="#6b2fb3" strokeWidth={1.6} strokeDasharray="4 3" />
            <circle cx={x(appetite.maxLoss)} cy={y(appetite.probability)} r={5} fill="#6b2fb3" />
            <text x={x(appetite.maxLoss) + (x(appetite.maxLoss) > width * 0.55 ? -8 : 8)} y={y(appetite.probability) - 8} className="tick appetite-label" textAnchor={x(appetite.maxLoss) > width * 0.55 ? "end" : "start"}>{appetite.label}</text>
          </g>
        ) : null}
        <line x1={pad.l} x2={width - pad.r} y1={height - pad.b} y2={height - pad.b} className="axis" />
        <text x={width - pad.r} y={height - 4} className="tick" textAnchor="end">{t("risk.axisLoss")}</text>
        <text x={pad.l - 62} y={14} className="tick">{t("risk.axisProbability")}</text>
      </svg>
      <figcaption className="legend">
        {series.map((s, k) => (
          <span key={k}><span className={`swatch${s.dashed ? " swatch-dashed" : ""}`} style={{ background: s.color }} aria-hidden="true" />{s.label}</span>
        ))}
        {appetite ? <span><span className="swatch" style={{ background: "#6b2fb3" }} aria-hidden="true" />{t("risk.appetite")}</span> : null}
      </figcaption>
    </figure>
  );
}

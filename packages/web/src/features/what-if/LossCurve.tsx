/** Loss over time during a what-if: the cumulative cost of every outage, as the hours go by. */
import { useId } from "react";
import { useI18n } from "../../app/i18n";
import { linear, niceTicks, timeTicks } from "../../ui/charts/scale";

export interface LossSeries {
  label: string;
  t: number[];
  loss: number[];
  color?: string;
}

export function LossCurve({ series, currency = "KRW", height = 240 }: { series: LossSeries[]; currency?: string; height?: number }) {
  const { t, duration, moneyShort } = useI18n();
  const titleId = useId();
  const width = 960;
  const pad = { l: 84, r: 20, t: 16, b: 34 };
  const maxT = Math.max(1, ...series.map((s) => s.t[s.t.length - 1] ?? 0));
  const maxY = Math.max(1, ...series.flatMap((s) => s.loss));
  const yTicks = niceTicks(maxY, 5);
  const yMax = yTicks[yTicks.length - 1] || maxY;
  const x = linear(0, maxT, pad.l, width - pad.r);
  const y = linear(0, yMax, height - pad.b, pad.t);
  const colors = ["#c92a2a", "#1f4e8c", "#2a9d8f", "#8e5bd6"];
  const final = series[0]?.loss[series[0].loss.length - 1] ?? 0;
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} className="chart-svg" role="img" aria-labelledby={titleId} data-testid="loss-curve">
        <title id={titleId}>{t("whatif.lossLabel", { total: moneyShort(final, currency), at: duration(maxT) })}</title>
        {yTicks.map((v) => (
          <g key={v}>
            <line x1={pad.l} x2={width - pad.r} y1={y(v)} y2={y(v)} className="grid" />
            <text x={pad.l - 6} y={y(v)} className="tick" textAnchor="end" dominantBaseline="middle">{moneyShort(v, currency)}</text>
          </g>
        ))}
        {timeTicks(maxT, 8).map((m) => (
          <text key={m} x={x(m)} y={height - pad.b + 18} className="tick" textAnchor="middle">{duration(m)}</text>
        ))}
        {series.map((s, k) => {
          const color = s.color ?? colors[k % colors.length];
          const line = s.t.map((m, i) => `${i ? "L" : "M"}${x(m).toFixed(1)},${y(s.loss[i]).toFixed(1)}`).join("");
          return (
            <g key={k}>
              {k === 0 ? <path d={`${line}L${x(s.t[s.t.length - 1]).toFixed(1)},${y(0)}L${x(s.t[0]).toFixed(1)},${y(0)}Z`} fill={color} fillOpacity={0.12} /> : null}
              <path d={line} fill="none" stroke={color} strokeWidth={2.2} strokeDasharray={k === 0 ? undefined : "6 4"} />
            </g>
          );
        })}
        <line x1={pad.l} x2={width - pad.r} y1={height - pad.b} y2={height - pad.b} className="axis" />
      </svg>
      {series.length > 1 ? (
        <figcaption className="legend">
          {series.map((s, k) => (
            <span key={k}><span className="swatch" style={{ background: s.color ?? colors[k % colors.length] }} aria-hidden="true" />{s.label}</span>
          ))}
        </figcaption>
      ) : null}
    </figure>
  );
}

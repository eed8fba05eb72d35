/**
 * What an outage of a service costs as it goes on, by impact category (financial, customer,
 * regulatory, reputational, safety): a table at round durations and a stacked SVG chart with the
 * RTO and MTPD marked.
 */
import { useId, useMemo } from "react";
import { compileImpact, IMPACT_CATEGORIES, outageLoss, type ImpactEntry } from "@continuum/engine";
import { useI18n } from "../../app/i18n";
import { categoryLabel } from "../labels";
import { minutes, type FileImpact } from "../../model/model";
import { categoryColor, linear, niceTicks, timeTicks } from "./scale";
import { ScrollArea } from "../ScrollArea";

interface Curves {
  categories: string[];
  /** cumulative loss of an outage of `m` minutes, per category */
  at(category: string, m: number): number;
  breakpoints: number[];
}

/** Impact entries in file format or engine form, one curve per category. */
export function impactCurves(impact: ReadonlyArray<FileImpact | ImpactEntry>): Curves {
  const entries: ImpactEntry[] = impact.map((e) => ({
    from: typeof e.from === "number" ? e.from : minutes(e.from) ?? 0,
    perHour: e.perHour,
    once: e.once,
    category: e.category ?? "financial",
  }));
  const byCategory = new Map<string, ImpactEntry[]>();
  for (const e of entries) {
    const list = byCategory.get(e.category!) ?? [];
    list.push(e);
    byCategory.set(e.category!, list);
  }
  const order = [...IMPACT_CATEGORIES, ...[...byCategory.keys()].filter((c) => !(IMPACT_CATEGORIES as readonly string[]).includes(c)).sort()];
  const categories = order.filter((c) => byCategory.has(c));
  const compiled = new Map(categories.map((c) => [c, compileImpact(byCategory.get(c)!)]));
  return {
    categories,
    at: (c, m) => outageLoss(compiled.get(c)!, m),
    breakpoints: [...new Set(entries.map((e) => e.from))].sort((a, b) => a - b),
  };
}

const STANDARD_POINTS = [60, 240, 480, 1440, 4320, 10080];

export function ImpactTable({ impact, currency = "KRW", rto, mtpd }: { impact: ReadonlyArray<FileImpact | ImpactEntry>; currency?: string; rto?: number; mtpd?: number }) {
  const { t, duration, money } = useI18n();
  const curves = useMemo(() => impactCurves(impact), [impact]);
  const points = useMemo(() => {
    const set = new Set(STANDARD_POINTS);
    if (rto !== undefined && rto > 0) set.add(rto);
    if (mtpd !== undefined && mtpd > 0) set.add(mtpd);
    return [...set].sort((a, b) => a - b);
  }, [rto, mtpd]);
  if (!curves.categories.length) return null;
  return (
    <ScrollArea>
      <table className="table compact impact-table" data-testid="impact-table">
        <caption className="visually-hidden">{t("bia.tableCaption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("bia.outageOf")}</th>
            {curves.categories.map((c) => (
              <th scope="col" className="num" key={c}>
                <span className="swatch" style={{ background: categoryColor(c) }} aria-hidden="true" />
                {categoryLabel(t, c)}
              </th>
            ))}
            {curves.categories.length > 1 ? <th scope="col" className="num">{t("bia.total")}</th> : null}
          </tr>
        </thead>
        <tbody>
          {points.map((m) => {
            const values = curves.categories.map((c) => curves.at(c, m));
            const marks = [m === rto ? t("common.rto") : "", m === mtpd ? t("common.mtpd") : ""].filter(Boolean).join(", ");
            return (
              <tr key={m} className={m === mtpd ? "row-mtpd" : m === rto ? "row-rto" : ""}>
                <th scope="row">
                  {duration(m)} {marks ? <span className="badge badge-info">{marks}</span> : null}
                </th>
                {values.map((v, k) => <td className="num" key={k}>{money(v, currency)}</td>)}
                {values.length > 1 ? <td className="num strong">{money(values.reduce((a, b) => a + b, 0), currency)}</td> : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </ScrollArea>
  );
}

export function ImpactChart({ impact, currency = "KRW", rto, mtpd, height = 260 }: { impact: ReadonlyArray<FileImpact | ImpactEntry>; currency?: string; rto?: number; mtpd?: number; height?: number }) {
  const { t, duration, moneyShort } = useI18n();
  const titleId = useId();
  const curves = useMemo(() => impactCurves(impact), [impact]);
  const width = 960;
  const pad = { l: 78, r: 16, t: 14, b: 34 };
  const last = curves.breakpoints[curves.breakpoints.length - 1] ?? 0;
  const maxT = Math.max(1440, (mtpd ?? 0) * 1.5, (rto ?? 0) * 2, last * 1.5);
  // even samples plus each breakpoint and the instant before it, so steps (one-off costs) stay steps
  const samples = 160;
  const ts = [...new Set([...Array.from({ length: samples + 1 }, (_, k) => (maxT * k) / samples), ...curves.breakpoints.filter((b) => b > 0 && b < maxT).flatMap((b) => [b - 1e-6, b])])].sort((a, b) => a - b);
  // stacked: cumulative per category
  const stacks = curves.categories.map((c) => ts.map((m) => curves.at(c, m)));
  const totals = ts.map((_, k) => stacks.reduce((s, row) => s + row[k], 0));
  const maxY = totals.reduce((a, b) => Math.max(a, b), 1);
  const yTicks = niceTicks(maxY, 5);
  const yMax = yTicks[yTicks.length - 1] || maxY;
  const x = linear(0, maxT, pad.l, width - pad.r);
  const y = linear(0, yMax, height - pad.b, pad.t);
  const xTicks = timeTicks(maxT, 6);
  const base = ts.map(() => 0);
  const areas = stacks.map((row) => {
    const lower = [...base];
    const upper = row.map((v, k) => (base[k] += v));
    const top = ts.map((m, k) => `${x(m).toFixed(1)},${y(upper[k]).toFixed(1)}`).join(" L");
    const bottom = ts.map((m, k) => `${x(m).toFixed(1)},${y(lower[k]).toFixed(1)}`).reverse().join(" L");
    return `M${top} L${bottom} Z`;
  });
  if (!curves.categories.length) return null;
  const label = t("bia.chartLabel", { total: moneyShort(totals[totals.length - 1], currency), at: duration(maxT) });
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={titleId} className="chart-svg" data-testid="impact-chart">
        <title id={titleId}>{label}</title>
        {yTicks.map((v) => (
          <g key={v}>
            <line x1={pad.l} x2={width - pad.r} y1={y(v)} y2={y(v)} className="grid" />
            <text x={pad.l - 6} y={y(v)} className="tick" textAnchor="end" dominantBaseline="middle">{moneyShort(v, currency)}</text>
          </g>
        ))}
        {xTicks.map((m) => (
          <text key={m} x={x(m)} y={height - pad.b + 18} className="tick" textAnchor="middle">{duration(m)}</text>
        ))}
        {areas.map((d, k) => (
          <path key={curves.categories[k]} d={d} fill={categoryColor(curves.categories[k], k)} fillOpacity={0.75} stroke={categoryColor(curves.categories[k], k)} strokeWidth={1} />
        ))}
        {rto !== undefined && rto <= maxT ? (
          <g className="mark mark-rto">
            <line x1={x(rto)} x2={x(rto)} y1={pad.t} y2={height - pad.b} />
            <text x={x(rto) + 4} y={pad.t + 10}>{t("common.rto")} {duration(rto)}</text>
          </g>
        ) : null}
        {mtpd !== undefined && mtpd <= maxT ? (
          <g className="mark mark-mtpd">
            <line x1={x(mtpd)} x2={x(mtpd)} y1={pad.t} y2={height - pad.b} />
            <text x={x(mtpd) + 4} y={pad.t + 24}>{t("common.mtpd")} {duration(mtpd)}</text>
          </g>
        ) : null}
        <line x1={pad.l} x2={width - pad.r} y1={height - pad.b} y2={height - pad.b} className="axis" />
      </svg>
      <figcaption className="legend">
        {curves.categories.map((c, k) => (
          <span key={c}>
            <span className="swatch" style={{ background: categoryColor(c, k) }} aria-hidden="true" />
            {categoryLabel(t, c)}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

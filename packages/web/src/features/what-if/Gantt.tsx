/**
 * The what-if timeline: one row per business service, its outages as bars, the RTO and MTPD of
 * each outage marked, and the part of an outage past them coloured.
 */
import { useId } from "react";
import { useI18n } from "../../app/i18n";
import type { ServiceRow } from "../../model/protocol";
import { linear, timeTicks } from "../../ui/charts/scale";

export interface GanttEvent {
  label: string;
  start: number;
  end: number | null;
}

export function Gantt({ rows, until, horizon, events = [] }: { rows: ServiceRow[]; until: number; horizon: number; events?: GanttEvent[] }) {
  const { t, duration } = useI18n();
  const titleId = useId();
  const width = 960;
  const labelW = 230;
  const rowH = 34;
  const top = 26 + (events.length ? 10 + events.length * 17 : 0);
  const height = top + rows.length * rowH + 30;
  const x = linear(0, until, labelW, width - 20);
  const clip = (m: number) => Math.min(m, until);
  const ticks = timeTicks(until, 8);
  return (
    <svg viewBox={`0 0 ${width} ${height}`} className="chart-svg gantt" role="img" aria-labelledby={titleId} data-testid="gantt">
      <title id={titleId}>{t("whatif.ganttLabel", { n: rows.length })}</title>
      {ticks.map((m) => (
        <g key={m}>
          <line x1={x(m)} x2={x(m)} y1={top - 6} y2={height - 26} className="grid" />
          <text x={x(m)} y={height - 10} className="tick" textAnchor="middle">{duration(m)}</text>
        </g>
      ))}
      <text x={labelW} y={14} className="tick strong">{t("whatif.failures")}</text>
      {events.map((e, k) => {
        const y0 = 24 + k * 17;
        const end = e.end === null ? until : clip(e.end);
        return (
          <g key={k} className="gantt-event">
            <text x={labelW - 8} y={y0 + 9} textAnchor="end">{e.label.length > 28 ? `${e.label.slice(0, 27)}…` : e.label}</text>
            <rect x={x(e.start)} y={y0 + 1} width={Math.max(2, x(end) - x(e.start))} height={10} rx={2} />
            <title>{`${e.label}: ${duration(e.start)} → ${e.end === null ? t("whatif.notRepaired") : duration(e.end)}`}</title>
          </g>
        );
      })}
      {rows.map((r, k) => {
        const y0 = top + k * rowH;
        const mid = y0 + rowH / 2;
        const breach = r.mtpdBreached ? "mtpd" : r.rtoBreached ? "rto" : "ok";
        return (
          <g key={r.id} className={`gantt-row gantt-${breach}`} data-service={r.id}>
            {k % 2 === 0 ? <rect x={0} y={y0} width={width} height={rowH} className="band" /> : null}
            <text x={labelW - 8} y={mid + 2} textAnchor="end" dominantBaseline="middle" className="row-label">
              {(r.name ?? r.id).length > 26 ? `${(r.name ?? r.id).slice(0, 25)}…` : r.name ?? r.id}
              {r.tier ? ` · T${r.tier}` : ""}
            </text>
            {r.outages.map((o, j) => {
              const end = o.end ?? horizon;
              const x0 = x(clip(o.start));
              const x1 = x(clip(end));
              const rtoAt = r.rto !== undefined ? o.start + r.rto : undefined;
              const mtpdAt = r.mtpd !== undefined ? o.start + r.mtpd : undefined;
              // mark names only where they do not run into each other or the row label
              const roomy = rtoAt !== undefined && mtpdAt !== undefined ? x(mtpdAt) - x(rtoAt) > 34 : true;
              const labelRto = j === 0 && roomy && rtoAt !== undefined && x(rtoAt) - labelW > 14;
              const labelMtpd = j === 0 && roomy && mtpdAt !== undefined && x(mtpdAt) - labelW > 14;
              return (
                <g key={j}>
                  <rect x={x0} y={mid - 5} width={Math.max(2, x1 - x0)} height={13} rx={3} className="bar" />
                  {rtoAt !== undefined && rtoAt < end && rtoAt < until ? <rect x={x(rtoAt)} y={mid - 5} width={Math.max(1, x1 - x(rtoAt))} height={13} className="bar-rto" /> : null}
                  {mtpdAt !== undefined && mtpdAt < end && mtpdAt < until ? <rect x={x(mtpdAt)} y={mid - 5} width={Math.max(1, x1 - x(mtpdAt))} height={13} className="bar-mtpd" /> : null}
                  {rtoAt !== undefined && rtoAt <= until ? (
                    <g className="mark mark-rto">
                      <line x1={x(rtoAt)} x2={x(rtoAt)} y1={mid - 13} y2={mid + 10} />
                      {labelRto ? <text x={x(rtoAt) + 3} y={mid - 9} className="mark-label">{t("common.rto")}</text> : null}
                    </g>
                  ) : null}
                  {mtpdAt !== undefined && mtpdAt <= until ? (
                    <g className="mark mark-mtpd">
                      <line x1={x(mtpdAt)} x2={x(mtpdAt)} y1={mid - 13} y2={mid + 10} />
                      {labelMtpd ? <text x={x(mtpdAt) + 3} y={mid - 9} className="mark-label">{t("common.mtpd")}</text> : null}
                    </g>
                  ) : null}
                  {o.end === null ? <text x={Math.min(x1, width - 22) - 2} y={mid + 2} textAnchor="end" dominantBaseline="middle" className="bar-note">{t("whatif.notRecovered")} ▶</text> : null}
                  <title>
                    {`${r.name ?? r.id}: ${t("whatif.down")} ${duration(o.start)} → ${o.end === null ? t("whatif.notRecovered") : duration(o.end)} (${duration(end - o.start)})` +
                      (r.rto !== undefined ? ` · ${t("common.rto")} ${duration(r.rto)}` : "") +
                      (r.mtpd !== undefined ? ` · ${t("common.mtpd")} ${duration(r.mtpd)}` : "")}
                  </title>
                </g>
              );
            })}
          </g>
        );
      })}
    </svg>
  );
}

export interface PlanStepRow {
  plan: string;
  step: string;
  /** the step's last run (null: never started) and its end (null: not complete) */
  start: number | null;
  end: number | null;
  /** when it waited for people or tools, and for whom (names) */
  waits: Array<{ from: number; to: number | null; who: string[] }>;
}

/**
 * The plan view of a what-if: one row per step, its (last) run as a bar and every span it was
 * ready but waited for people or tools as a hatched bar naming whom it waited for.
 */
export function PlanGantt({ rows, until, horizon }: { rows: readonly PlanStepRow[]; until: number; horizon: number }) {
  const { t, duration } = useI18n();
  const titleId = useId();
  const width = 960;
  const labelW = 230;
  const rowH = 26;
  const top = 12;
  const height = top + rows.length * rowH + 30;
  const x = linear(0, until, labelW, width - 20);
  const clip = (m: number) => Math.min(m, until);
  const ticks = timeTicks(until, 8);
  return (
    <svg viewBox={`0 0 ${width} ${height}`} className="chart-svg gantt plan-gantt" role="img" aria-labelledby={titleId} data-testid="plan-gantt">
      <title id={titleId}>{t("whatif.planGanttLabel", { n: rows.length })}</title>
      {ticks.map((m) => (
        <g key={m}>
          <line x1={x(m)} x2={x(m)} y1={top - 6} y2={height - 26} className="grid" />
          <text x={x(m)} y={height - 10} className="tick" textAnchor="middle">{duration(m)}</text>
        </g>
      ))}
      {rows.map((r, k) => {
        const y0 = top + k * rowH;
        const mid = y0 + rowH / 2;
        const label = `${r.plan} / ${r.step}`;
        return (
          <g key={label} className="plan-row" data-step={label}>
            {k % 2 === 0 ? <rect x={0} y={y0} width={width} height={rowH} className="band" /> : null}
            <text x={labelW - 8} y={mid + 2} textAnchor="end" dominantBaseline="middle" className="row-label">{label.length > 27 ? `${label.slice(0, 26)}…` : label}</text>
            {r.waits.map((w, j) => {
              const to = clip(w.to ?? horizon);
              const who = w.who.join(", ");
              return (
                <g key={j} className="plan-wait" data-testid="capacity-wait">
                  <rect x={x(clip(w.from))} y={mid - 6} width={Math.max(2, x(to) - x(clip(w.from)))} height={12} rx={2} />
                  {x(to) - x(clip(w.from)) > 60 ? <text x={x(clip(w.from)) + 4} y={mid + 1} dominantBaseline="middle" className="bar-note">{t("whatif.waitsForShort", { who })}</text> : null}
                  <title>{t("whatif.stepWaitedFor", { step: label, who, from: duration(w.from), to: w.to === null ? t("whatif.notRecovered") : duration(w.to), d: duration((w.to ?? horizon) - w.from) })}</title>
                </g>
              );
            })}
            {r.start !== null ? (
              <g className={r.end === null ? "plan-run plan-running" : "plan-run"}>
                <rect x={x(clip(r.start))} y={mid - 6} width={Math.max(2, x(clip(r.end ?? horizon)) - x(clip(r.start)))} height={12} rx={2} />
                <title>{`${label}: ${duration(r.start)} → ${r.end === null ? t("whatif.notCompleted") : duration(r.end)}`}</title>
              </g>
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}

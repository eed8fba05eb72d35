/**
 * The checks Continuum runs itself: each with its status, uptime over 24 hours and its last runs
 * (a bar, newest first, each run with its time and verdict), and why the last run failed.
 * Cards, not a table: it reads on a phone.
 */
import { useCallback, useEffect, useState } from "react";
import { Badge, ErrorBox, Loading, PageHeader } from "../../ui/ui";
import { useI18n } from "../../app/i18n";
import { checksApi, type CheckStatus } from "./checks-api";
import "./checks.css";

/** The list re-reads at this pace (checks run every few seconds to minutes). */
const REFRESH_MS = 10_000;

export function ChecksPage({ org }: { org: string }) {
  const { t } = useI18n();
  const [items, setItems] = useState<CheckStatus[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => {
    checksApi.list(org).then((r) => {
      setItems(r.items);
      setError(null);
    }, setError);
  }, [org]);
  useEffect(() => {
    load();
    const timer = setInterval(load, REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  return (
    <div className="checks">
      <PageHeader title={t("checks.title")} subtitle={t("checks.subtitle")} />
      {error ? <ErrorBox error={error} /> : null}
      {items === null ? (
        <Loading />
      ) : items.length === 0 ? (
        <p className="card">{t("checks.none")}</p>
      ) : (
        <ul className="check-list" data-testid="check-list">
          {items.map((c) => (
            <CheckCard key={c.id} check={c} />
          ))}
        </ul>
      )}
    </div>
  );
}

function CheckCard({ check: c }: { check: CheckStatus }) {
  const { t, date, number, percent, duration } = useI18n();
  const ms = (n: number) => t("checks.ms", { n: number(Math.round(n)) });
  const last = c.recent[0];
  const state = c.state === "up" ? <Badge kind="good">{t("checks.up")}</Badge> : c.state === "down" ? <Badge kind="bad">{t("checks.down")}</Badge> : <Badge>{t("checks.pending")}</Badge>;
  return (
    <li className={`card check-card ${c.state}`} data-testid={`check-${c.id}`}>
      <div className="check-head">
        <h2 className="check-name">{c.name}</h2>
        {state}
      </div>
      <p className="check-target">
        <span className="check-type">{c.type.toUpperCase()}</span> <code>{c.target}</code>
      </p>
      <dl className="check-facts">
        <div>
          <dt>{t("checks.component")}</dt>
          <dd>{c.component}</dd>
        </div>
        <div>
          <dt>{t("checks.uptime")}</dt>
          <dd>{c.uptime24h === null ? t("checks.noRuns") : t("checks.uptimeValue", { p: percent(c.uptime24h / 100), runs: number(c.runs24h) })}</dd>
        </div>
      </dl>
      <p className="check-rule">
        {t("checks.every", { d: duration(c.intervalMs / 60_000) })} · {t("checks.thresholds", { failures: number(c.failureThreshold), successes: number(c.successThreshold) })}
      </p>
      {c.recent.length ? (
        <div className="check-runs">
          <span className="check-runs-label">{t("checks.lastRuns", { n: number(c.recent.length) })}</span>
          <ol className="run-bar">
            {c.recent.map((r) => {
              const words = t(r.success ? "checks.runOk" : "checks.runFailed", { at: date(r.startedAt), ms: ms(r.responseTimeMs) });
              return (
                <li key={r.id} className={r.success ? "ok" : "failed"} title={words}>
                  <span className="visually-hidden">{words}</span>
                </li>
              );
            })}
          </ol>
        </div>
      ) : null}
      {last ? (
        <details className="check-last" open={!last.success}>
          <summary>
            {t("checks.lastResult")}: {t(last.success ? "checks.runOk" : "checks.runFailed", { at: date(last.startedAt), ms: ms(last.responseTimeMs) })}
          </summary>
          {last.error && !last.conditions.length ? <p>{t("checks.error", { error: last.error })}</p> : null}
          <ul className="check-conditions">
            {last.conditions.map((o, i) => (
              <li key={i} className={o.success ? "ok" : "failed"}>
                <span aria-hidden="true">{o.success ? "✓" : "✗"}</span> <code>{o.resolved}</code>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </li>
  );
}

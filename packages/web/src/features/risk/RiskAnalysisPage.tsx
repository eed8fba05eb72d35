/**
 * Risk analysis: the Monte Carlo simulation of years runs in a Web Worker in this browser (the
 * engine is pure), with progress, years and seed chosen here. The loss exceedance curve on log
 * scales with the risk appetite and its verdict; the expected annual loss and the bad years;
 * contributions by risk and by business service; the cost of risk with and without each policy;
 * and the same years on a changed model (another revision, or files from disk).
 */
import { useEffect, useState, type FormEvent } from "react";
import type { AppetiteResult, RiskStatistics } from "@continuum/engine";
import { ExceedanceCurve, type CurveSeries } from "./ExceedanceCurve";
import { Badge, DiagnosticList, Empty, ErrorBox, Loading, PageHeader, Section, Stat } from "../../ui/ui";
import { api, orgPath, type Page, type RevisionSummary } from "../../app/api";
import { EngineError } from "../../model/engine";
import { useI18n, type MessageKey, formatPercent as pct } from "../../app/i18n";
import { useOrgModel } from "../../model/orgdata";
import { fileSource, revisionSource, riskEngine, useCurrentSource, type ModelSource } from "./risk";
import { useTitle } from "../../app/title";
import type { RiskRun } from "./risk-protocol";
import { ScrollArea } from "../../ui/ScrollArea";
import { MoreRows } from "../../ui/MoreList";

const YEAR_CHOICES = [1000, 10000, 20000, 50000, 100000];

interface RunState {
  progress: number;
  run?: RiskRun;
  error?: unknown;
  busy: boolean;
}

const idle: RunState = { progress: 0, busy: false };

export function RiskAnalysisPage({ org }: { org: string }) {
  const { t, number } = useI18n();
  useTitle(t("riska.title"));
  const orgModel = useOrgModel();
  const source = useCurrentSource();
  const [years, setYears] = useState(20000);
  const [seed, setSeed] = useState(1);
  const [state, setState] = useState<RunState>(idle);
  const [revisions, setRevisions] = useState<RevisionSummary[]>([]);
  const [compareWith, setCompareWith] = useState("");
  const [files, setFiles] = useState<FileList | null>(null);
  const [compared, setCompared] = useState<RunState & { label?: string }>(idle);

  useEffect(() => {
    api.get<Page<RevisionSummary>>(`${orgPath(org, "revisions")}?limit=50`).then((p) => setRevisions(p.items ?? []), () => setRevisions([]));
  }, [org, orgModel.revision]);

  const hasRisks = Array.isArray((orgModel.model as { risks?: unknown[] } | undefined)?.risks) && ((orgModel.model as { risks?: unknown[] }).risks?.length ?? 0) > 0;

  const run = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!source) return;
    setState({ progress: 0, busy: true });
    setCompared(idle);
    try {
      const result = await riskEngine.simulate(source, years, seed, (p) => setState((s) => ({ ...s, progress: p })));
      setState({ progress: 1, busy: false, run: result });
    } catch (err) {
      setState({ progress: 0, busy: false, error: err });
    }
  };

  const compare = async (e: FormEvent) => {
    e.preventDefault();
    let other: ModelSource;
    setCompared({ progress: 0, busy: true });
    try {
      if (files && files.length) other = await fileSource(files);
      else if (compareWith) other = await revisionSource(org, Number(compareWith));
      else return setCompared(idle);
      const result = await riskEngine.simulate(other, state.run!.statistics.years, state.run!.statistics.seed, (p) => setCompared((s) => ({ ...s, progress: p })));
      setCompared({ progress: 1, busy: false, run: result, label: other.label });
    } catch (err) {
      setCompared({ progress: 0, busy: false, error: err });
    }
  };

  if (orgModel.status === "loading" || (orgModel.status === "ready" && !orgModel.model)) return <Loading />;
  if (orgModel.status === "error") return <ErrorBox error={new Error(orgModel.error)} />;
  const stats = state.run?.statistics;
  const currency = stats?.currency ?? (orgModel.model as { currency?: string } | undefined)?.currency ?? "KRW";

  return (
    <>
      <PageHeader title={t("riska.title")} subtitle={t("riska.subtitle")} />
      {!hasRisks ? (
        <Empty>{t("riska.noRisks")}</Empty>
      ) : (
        <>
          <section className="card">
            <form className="row wrap align-end risk-controls" onSubmit={(e) => void run(e)}>
              <div className="field">
                <label htmlFor="risk-years">{t("riska.years")}</label>
                <select id="risk-years" value={years} onChange={(e) => setYears(Number(e.target.value))}>
                  {YEAR_CHOICES.map((y) => (
                    <option key={y} value={y}>{number(y)}</option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="risk-seed">{t("riska.seed")}</label>
                <input id="risk-seed" type="number" min={0} step={1} value={seed} onChange={(e) => setSeed(Math.max(0, Math.floor(Number(e.target.value) || 0)))} />
              </div>
              <button type="submit" className="btn btn-primary" data-testid="run-risk" disabled={state.busy || !source}>
                {state.busy ? t("riska.running", { p: Math.round(state.progress * 100) }) : t("riska.run")}
              </button>
              {state.busy ? <Progress value={state.progress} /> : null}
              {stats && !state.busy ? (
                <span className="muted small" data-testid="risk-done">
                  {t("riska.done", { years: number(stats.years), ms: Math.round(state.run!.ms), seed: stats.seed })}
                </span>
              ) : null}
            </form>
            {state.error ? <RunError error={state.error} /> : null}
          </section>
          {stats ? <Results stats={stats} currency={currency} /> : null}
          {stats ? (
            <Section title={t("riska.compare")}>
              <p className="muted small">{t("riska.compareIntro")}</p>
              <form className="row wrap align-end" onSubmit={(e) => void compare(e)}>
                <div className="field">
                  <label htmlFor="compare-revision">{t("riska.compareRevision")}</label>
                  <select id="compare-revision" value={compareWith} onChange={(e) => setCompareWith(e.target.value)}>
                    <option value="">—</option>
                    {revisions.filter((r) => r.number !== orgModel.revision).map((r) => (
                      <option key={r.number} value={r.number}>r{r.number} {r.comment ? `— ${r.comment.slice(0, 60)}` : ""}</option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor="compare-file">{t("riska.compareFile")}</label>
                  <input id="compare-file" type="file" accept=".yaml,.yml,.json" multiple onChange={(e) => setFiles(e.target.files)} data-testid="compare-file" />
                </div>
                <button type="submit" className="btn" data-testid="run-compare" disabled={compared.busy || (!compareWith && !(files && files.length))}>
                  {compared.busy ? t("riska.running", { p: Math.round(compared.progress * 100) }) : t("riska.compareRun")}
                </button>
                {compared.busy ? <Progress value={compared.progress} /> : null}
              </form>
              {compared.error ? <RunError error={compared.error} /> : null}
              {compared.run ? <Comparison a={stats} b={compared.run.statistics} label={compared.label ?? ""} currency={currency} /> : null}
            </Section>
          ) : null}
        </>
      )}
    </>
  );
}

function Progress({ value }: { value: number }) {
  return (
    <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(value * 100)} data-testid="risk-progress">
      <div className="progress-bar" style={{ width: `${Math.round(value * 100)}%` }} />
    </div>
  );
}

function RunError({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (error instanceof EngineError && error.diagnostics.length)
    return (
      <div className="alert alert-error" role="alert">
        <strong>{t("riska.invalid")}</strong>
        <DiagnosticList items={error.diagnostics} limit={20} />
      </div>
    );
  return <ErrorBox error={error} />;
}

function appetiteText(t: ReturnType<typeof useI18n>["t"], moneyShort: (n: number, c?: string) => string, a: AppetiteResult, currency: string) {
  return t("riska.appetiteStatement", {
    loss: moneyShort(a.maxLoss, currency),
    basis: a.basis === "gross" ? t("riska.basisGross") : t("riska.basisRetained"),
    p: pct(a.probability),
  });
}

function Results({ stats, currency }: { stats: RiskStatistics; currency: string }) {
  const { t, moneyShort } = useI18n();
  const m = (v: number) => moneyShort(v, currency);
  const appetite = stats.appetite[0];
  const rows: Array<[MessageKey, keyof RiskStatistics["annualLoss"]]> = [
    ["riska.eal", "expected"],
    ["riska.median", "median"],
    ["riska.p90", "p90"],
    ["riska.p99", "p99"],
    ["riska.p999", "p999"],
  ];
  const series: CurveSeries[] = [
    { label: t("riska.gross"), points: stats.exceedanceCurve, basis: "gross", color: "#c92a2a" },
  ];
  if (stats.insurance.policies.length) series.push({ label: t("riska.retained"), points: stats.exceedanceCurve, basis: "retained", color: "#1f4e8c" });
  const services = stats.services.filter((s) => s.expectedAnnualLoss > 0).sort((a, b) => b.expectedAnnualLoss - a.expectedAnnualLoss);
  const risks = [...stats.risks].sort((a, b) => b.expectedAnnualLoss - a.expectedAnnualLoss);
  return (
    <div data-testid="risk-results" className="risk-results">
      <div className="stats">
        <Stat label={t("riska.eal")} value={m(stats.annualLoss.expected)} />
        <Stat label={t("riska.p99")} value={m(stats.annualLoss.p99)} tone="warn" />
        <Stat label={`${t("riska.p99")} · ${t("riska.after")}`} value={m(stats.retainedLoss.p99)} />
        <Stat label={t("riska.expectedCost")} value={m(stats.costOfRisk.withInsurance.expected)} />
      </div>
      <Section title={t("riska.curve")}>
        <p className="muted small">{t("riska.curveIntro")}</p>
        {appetite ? (
          <div className={`alert ${appetite.within ? "alert-success" : "alert-error"} appetite-verdict`} data-testid="appetite-verdict" data-within={appetite.within}>
            <strong>{appetite.within ? t("riska.within") : t("riska.over")}</strong> — {appetiteText(t, moneyShort, appetite, currency)}.{" "}
            {t("riska.appetiteDetail", {
              T: Math.round(1 / appetite.probability),
              loss: m(appetite.lossAtProbability),
              max: m(appetite.maxLoss),
              p: pct(appetite.probabilityOfExceeding),
            })}
            {!appetite.reliable ? <div className="small">{t("riska.unreliable")}</div> : null}
          </div>
        ) : (
          <p className="muted">{t("riska.noAppetite")}</p>
        )}
        <ExceedanceCurve
          series={series}
          currency={currency}
          appetite={appetite ? { maxLoss: appetite.maxLoss, probability: appetite.probability, within: appetite.within, label: appetiteText(t, moneyShort, appetite, currency) } : undefined}
        />
        <ScrollArea><table className="table compact" data-testid="risk-summary">
          <thead>
            <tr>
              <th scope="col">{t("riska.summary")}</th>
              <th scope="col" className="num">{t("riska.before")}</th>
              <th scope="col" className="num">{t("riska.after")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([label, key]) => (
              <tr key={key}>
                <th scope="row">{t(label)}</th>
                <td className="num">{m(stats.annualLoss[key] as number)}</td>
                <td className="num">{m(stats.retainedLoss[key] as number)}</td>
              </tr>
            ))}
          </tbody>
        </table></ScrollArea>
      </Section>
      <div className="risk-columns">
        <Section title={t("riska.byRisk")}>
          <ScrollArea><table className="table compact" data-testid="by-risk">
            <thead>
              <tr>
                <th scope="col">{t("risk.risk")}</th>
                <th scope="col" className="num">{t("risk.eal")}</th>
                <th scope="col" className="num">{t("riska.share")}</th>
                <th scope="col" className="num">{t("riska.tailShare")}</th>
              </tr>
            </thead>
            <tbody>
              {risks.map((r) => (
                <tr key={r.id}>
                  <td className="risk-name">{r.name ?? r.id}</td>
                  <td className="num">{m(r.expectedAnnualLoss)}</td>
                  <td className="num"><Bar value={r.share} />{pct(r.share)}</td>
                  <td className="num"><Bar value={r.tailShare} tone="bad" />{pct(r.tailShare)}</td>
                </tr>
              ))}
            </tbody>
          </table></ScrollArea>
        </Section>
        <Section title={t("riska.byService")}>
          <ScrollArea><table className="table compact" data-testid="by-service">
            <thead>
              <tr>
                <th scope="col">{t("common.service")}</th>
                <th scope="col" className="num">{t("risk.eal")}</th>
                <th scope="col" className="num">{t("riska.share")}</th>
              </tr>
            </thead>
            <tbody>
              <MoreRows items={services} limit={12} colSpan={3} render={(s) => (
                <tr key={s.id}>
                  <td className="risk-name">{s.name ?? s.id}</td>
                  <td className="num">{m(s.expectedAnnualLoss)}</td>
                  <td className="num"><Bar value={s.share} />{pct(s.share)}</td>
                </tr>
              )} />
              {stats.directLoss.expectedAnnualLoss > 0 ? (
                <tr>
                  <td className="muted">{t("riska.direct")}</td>
                  <td className="num">{m(stats.directLoss.expectedAnnualLoss)}</td>
                  <td className="num"><Bar value={stats.directLoss.share} />{pct(stats.directLoss.share)}</td>
                </tr>
              ) : null}
            </tbody>
          </table></ScrollArea>
        </Section>
      </div>
      {stats.insurance.policies.length ? (
        <Section title={t("riska.insurance")}>
          <p className="muted small">{t("riska.insuranceIntro")}</p>
          <ScrollArea>
            <table className="table compact" data-testid="insurance-table">
              <thead>
                <tr>
                  <th scope="col">{t("riska.policy")}</th>
                  <th scope="col" className="num">{t("riska.premium")}</th>
                  <th scope="col" className="num">{t("riska.recovery")}</th>
                  <th scope="col" className="num">{t("riska.lossRatio")}</th>
                  <th scope="col" className="num">{t("riska.costWithout")}</th>
                  <th scope="col" className="num">{t("riska.saving")}</th>
                  <th scope="col" className="num">{t("riska.savingP99")}</th>
                </tr>
              </thead>
              <tbody>
                {stats.insurance.policies.map((p) => (
                  <tr key={p.id}>
                    <td className="risk-name">{p.name ?? p.id}</td>
                    <td className="num">{m(p.premium)}</td>
                    <td className="num">{m(p.expectedRecovery)}</td>
                    <td className="num">{p.lossRatio === null ? "—" : p.lossRatio.toFixed(2)}</td>
                    <td className="num">{m(p.costOfRiskWithout)}</td>
                    <td className="num"><Signed value={p.expectedSaving} text={m(p.expectedSaving)} /></td>
                    <td className="num"><Signed value={p.p99Saving} text={m(p.p99Saving)} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollArea>
          <ScrollArea><table className="table compact cost-table">
            <thead>
              <tr>
                <th scope="col" />
                <th scope="col" className="num">{t("riska.expectedCost")}</th>
                <th scope="col" className="num">{t("riska.p99Cost")}</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">{t("riska.allPolicies")}</th>
                <td className="num">{m(stats.costOfRisk.withInsurance.expected)}</td>
                <td className="num">{m(stats.costOfRisk.withInsurance.p99)}</td>
              </tr>
              <tr>
                <th scope="row">{t("riska.noInsurance")}</th>
                <td className="num">{m(stats.costOfRisk.withoutInsurance.expected)}</td>
                <td className="num">{m(stats.costOfRisk.withoutInsurance.p99)}</td>
              </tr>
            </tbody>
          </table></ScrollArea>
        </Section>
      ) : null}
    </div>
  );
}

function Bar({ value, tone }: { value: number; tone?: "bad" }) {
  return (
    <span className={`share-bar${tone ? ` share-bar-${tone}` : ""}`} aria-hidden="true">
      <span style={{ width: `${Math.max(0, Math.min(1, value)) * 100}%` }} />
    </span>
  );
}

function Signed({ value, text }: { value: number; text: string }) {
  text = text.replace(/^([^\d−+-]*)-/, "−$1"); // ₩-473M → −₩473M
  return <span className={value > 0 ? "good-text" : value < 0 ? "bad-text" : ""}>{value > 0 && !/^[+−-]/.test(text) ? "+" : ""}{text}</span>;
}

function Comparison({ a, b, label, currency }: { a: RiskStatistics; b: RiskStatistics; label: string; currency: string }) {
  const { t, moneyShort } = useI18n();
  const m = (v: number) => moneyShort(v, currency);
  const rows: Array<[string, number, number]> = [
    [t("riska.eal"), a.annualLoss.expected, b.annualLoss.expected],
    [t("riska.p90"), a.annualLoss.p90, b.annualLoss.p90],
    [t("riska.p99"), a.annualLoss.p99, b.annualLoss.p99],
    [`${t("riska.p99")} · ${t("riska.after")}`, a.retainedLoss.p99, b.retainedLoss.p99],
    [t("riska.expectedCost"), a.costOfRisk.withInsurance.expected, b.costOfRisk.withInsurance.expected],
    [t("riska.p99Cost"), a.costOfRisk.withInsurance.p99, b.costOfRisk.withInsurance.p99],
  ];
  const appetiteA = a.appetite[0];
  const appetiteB = b.appetite[0];
  const series: CurveSeries[] = [
    { label: `${t("riska.current")} · ${t("riska.gross")}`, points: a.exceedanceCurve, basis: "gross", color: "#c92a2a" },
    { label: `${t("riska.changed")} (${label}) · ${t("riska.gross")}`, points: b.exceedanceCurve, basis: "gross", color: "#2a9d8f", dashed: true },
  ];
  return (
    <div data-testid="compare-results" className="risk-results">
      <ScrollArea><table className="table compact" data-testid="risk-compare-table">
        <thead>
          <tr>
            <th scope="col">{t("riska.figure")}</th>
            <th scope="col" className="num">{t("riska.current")}</th>
            <th scope="col" className="num">{t("riska.changed")} <span className="muted small">({label})</span></th>
            <th scope="col" className="num">{t("riska.difference")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([name, x, y]) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              <td className="num">{m(x)}</td>
              <td className="num">{m(y)}</td>
              <td className="num"><Signed value={x - y} text={`${y - x > 0 ? "+" : y - x < 0 ? "−" : ""}${m(Math.abs(y - x))}`} /></td>
            </tr>
          ))}
          {appetiteA || appetiteB ? (
            <tr>
              <th scope="row">{t("riska.appetite")}</th>
              <td className="num">{appetiteA ? <Badge kind={appetiteA.within ? "good" : "bad"}>{appetiteA.within ? t("riska.within") : t("riska.over")}</Badge> : "—"}</td>
              <td className="num" data-testid="compare-appetite">{appetiteB ? <Badge kind={appetiteB.within ? "good" : "bad"}>{appetiteB.within ? t("riska.within") : t("riska.over")}</Badge> : "—"}</td>
              <td />
            </tr>
          ) : null}
        </tbody>
      </table></ScrollArea>
      <ExceedanceCurve
        series={series}
        currency={currency}
        appetite={appetiteA ? { maxLoss: appetiteA.maxLoss, probability: appetiteA.probability, within: appetiteA.within, label: appetiteText(t, moneyShort, appetiteA, currency) } : undefined}
      />
    </div>
  );
}

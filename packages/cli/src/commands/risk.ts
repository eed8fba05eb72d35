/**
 * `continuum risk MODEL`: what disruptions cost per year across every risk of the model, and
 * what the insurance is worth (docs/risk-model.md). Years are simulated in parallel on worker
 * threads; the figures depend only on the model, --years and --seed, never on --threads.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import {
  formatProbability,
  loadModel,
  mergeYearResults,
  PreparedRisks,
  readRisks,
  riskStatistics,
  simulateYears,
  splitYears,
  type LoadedModel,
  type RiskModel,
  type RiskStatistics,
  type YearResults,
} from "@continuum/engine";
import { parseArgs, UsageError } from "../args.js";
import { readModelFiles } from "../files.js";
import { printDiagnostics, summarize } from "../model-input.js";
import { render, type Block, type Cell, type Format } from "../report/document.js";
import { processOutput, Progress, type Output } from "../terminal.js";
import type { RiskWorkerInput, RiskWorkerMessage } from "../risk-worker.js";
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE, type Command } from "./command.js";

const DEFAULT_YEARS = 100_000;
const DEFAULT_SEED = 1;
const MAX_YEARS = 100_000_000;

export const risk: Command = {
  name: "risk",
  summary: "what disruptions cost per year (Monte Carlo over the model's risks) and what insurance is worth",
  help: `Usage: continuum risk MODEL [--years N] [--seed S] [--threads T] [--json | --format text|markdown]

Simulates many years of the risks in the model (\`risks:\`): each year draws how often each
threat strikes; each occurrence is played through the model as its own disaster and costs
what its outages cost; direct-loss risks cost their drawn loss. Insurance (\`insurance:\`)
pays per occurrence after its waiting period and deductible, up to its limit and annual
aggregate. The report gives the expected annual loss, the 1-in-10, 1-in-100 and 1-in-1000
year losses, the risks and services behind them, what each policy pays back against its
premium, the cost of risk with and without each policy, and the risk appetite verdict.
Format and method: docs/risk-model.md.

Options:
  --years N        simulated years (default ${DEFAULT_YEARS.toLocaleString("en-US")})
  --seed S         random seed, a whole number (default ${DEFAULT_SEED}); the same seed gives
                   the same figures on any machine and any number of threads
  --threads T      worker threads (default: the number of CPUs)
  --json           every figure as JSON on stdout
  --format FORMAT  text (default) or markdown

Exit status: 0 ok, 1 model invalid, 2 usage error.

Examples:
  continuum risk examples/pangyo-2022/model.yaml --years 100000 --seed 1
  continuum risk model.yaml --json | jq '.annualLoss.expected, .returnPeriods'`,
  async run(argv, output) {
    const { positional, flags } = parseArgs(argv, { years: { value: true }, seed: { value: true }, threads: { value: true }, json: {}, format: { value: true } }, "risk");
    if (positional.length !== 1) throw new UsageError("risk takes one MODEL", "risk");
    const format = (flags.format as string | undefined) ?? "text";
    if (format !== "text" && format !== "markdown" && format !== "json") throw new UsageError(`--format must be text, markdown or json, not ${format}`, "risk");
    const years = wholeNumber(flags.years, "years", DEFAULT_YEARS, 1, MAX_YEARS);
    const seed = wholeNumber(flags.seed, "seed", DEFAULT_SEED, 0, Number.MAX_SAFE_INTEGER);
    const threads = wholeNumber(flags.threads, "threads", availableParallelism(), 1, 256);
    return riskRun({ path: positional[0], years, seed, threads, json: flags.json === true || format === "json", format: format === "markdown" ? "markdown" : "text" }, output);
  },
};

/** The same command as a function (argv without the command name), returning the exit status. */
export async function riskCommand(argv: string[], output: Output = processOutput()): Promise<number> {
  try {
    return await risk.run(argv, output);
  } catch (e) {
    if (e instanceof UsageError) {
      output.err(`continuum risk: ${e.message}\nRun \`continuum risk --help\` for usage.`);
      return EXIT_USAGE;
    }
    throw e;
  }
}

function wholeNumber(value: string | boolean | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const text = String(value).replace(/[_,]/g, "");
  const n = Number(text);
  if (!/^\d+(\.\d+)?(e\d+)?$/i.test(text) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be a whole number from ${min.toLocaleString("en-US")} to ${max.toLocaleString("en-US")}, not ${String(value)}`, "risk");
  }
  return n;
}

interface RiskRun {
  path: string;
  years: number;
  seed: number;
  threads: number;
  json: boolean;
  format: Format;
}

async function riskRun(opts: RiskRun, output: Output): Promise<number> {
  const files = readModelFiles(opts.path, "risk");
  const { loaded, diagnostics } = loadModel(files, { warnings: false });
  if (!loaded) {
    printDiagnostics(diagnostics, output);
    output.err(`${opts.path}: invalid model (${summarize(diagnostics)})`);
    return EXIT_INVALID;
  }
  const reading = readRisks(loaded.model, files);
  printDiagnostics(reading.diagnostics.filter((d) => d.severity === "warning"), output);
  if (!reading.riskModel) {
    printDiagnostics(reading.diagnostics.filter((d) => d.severity === "error"), output);
    output.err(`${opts.path}: invalid risks or insurance (${summarize(reading.diagnostics)})`);
    return EXIT_INVALID;
  }
  const prep = new PreparedRisks(loaded.compiled, reading.riskModel);
  const progress = new Progress(output.interactive, "Simulating years");
  const started = Date.now();
  const slices = splitYears(opts.years, opts.threads);
  let results: YearResults;
  try {
    if (slices.length <= 1) {
      results = simulateYears(prep, { seed: opts.seed, from: 0, to: opts.years, progressEvery: 500, onProgress: (done) => progress.update(done, opts.years) });
    } else {
      const done = new Array<number>(slices.length).fill(0);
      const parts = await Promise.all(
        slices.map((slice, k) =>
          runWorker({ files, seed: opts.seed, from: slice.from, to: slice.to }, (n) => {
            done[k] = n;
            progress.update(done.reduce((a, b) => a + b, 0), opts.years);
          }),
        ),
      );
      results = mergeYearResults(parts);
    }
  } finally {
    progress.done();
  }
  const stats = riskStatistics(results, prep);
  const seconds = (Date.now() - started) / 1000;
  if (opts.json) output.out(JSON.stringify({ organization: loaded.model.organization ?? null, ...stats }, null, 2));
  else output.out(render(riskReport(loaded, reading.riskModel, stats, { seconds, threads: Math.max(1, slices.length) }), opts.format, output.color));
  return EXIT_OK;
}

function runWorker(input: RiskWorkerInput, onProgress: (done: number) => void): Promise<YearResults> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("../risk-worker.js", import.meta.url), { workerData: { kind: "continuum-risk", ...input }, execArgv: workerExecArgv() });
    let settled = false;
    worker.on("message", (m: RiskWorkerMessage) => {
      if (m.type === "progress") onProgress(m.done);
      else if (m.type === "result") {
        settled = true;
        onProgress(input.to - input.from);
        resolve(m.result);
        void worker.terminate();
      } else {
        settled = true;
        reject(new Error(m.message));
        void worker.terminate();
      }
    });
    worker.on("error", (e) => {
      if (!settled) reject(e);
      settled = true;
    });
    worker.on("exit", (code) => {
      if (!settled) reject(new Error(`a simulation worker stopped (exit ${code})`));
      settled = true;
    });
  });
}

/** Node's options for the workers: the parent's, without those that only make sense for it (an -e script). */
function workerExecArgv(): string[] {
  const out: string[] = [];
  const argv = process.execArgv;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "-e" || a === "--eval" || a === "-p" || a === "--print") i++;
    else if (!/^--(eval|print|input-type)(=|$)/.test(a)) out.push(a);
  }
  return out;
}

// ---- the report ------------------------------------------------------------------------------

/** 1.23B KRW, 230B KRW, 600M KRW: three significant digits. */
function short(amount: number, currency: string): string {
  const abs = Math.abs(amount);
  const units: Array<[number, string]> = [[1e12, "T"], [1e9, "B"], [1e6, "M"], [1e3, "k"]];
  const [size, suffix] = units.find(([u]) => abs >= u) ?? [1, ""];
  const x = amount / size;
  const digits = Math.abs(x) >= 100 ? 0 : Math.abs(x) >= 10 ? 1 : 2;
  const text = x.toFixed(digits).replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "");
  return `${text}${suffix} ${currency}`;
}

function percent(x: number): string {
  if (x === 0) return "0%";
  const p = x * 100;
  if (p >= 99.95 && p < 100) return ">99.9%";
  if (p < 0.1) return "<0.1%";
  return `${p >= 10 ? p.toFixed(0) : p.toFixed(1)}%`;
}

function howOften(frequency: number): string {
  if (frequency === 0) return "never";
  if (frequency >= 1) return `${Number(frequency.toPrecision(3))} a year`;
  return `once in ${Number((1 / frequency).toPrecision(3)).toLocaleString("en-US")} years`;
}

function riskReport(loaded: LoadedModel, rm: RiskModel, s: RiskStatistics, run: { seconds: number; threads: number }): Block[] {
  const m = (x: number) => short(x, s.currency);
  const org = loaded.model.organization;
  const blocks: Block[] = [{ kind: "heading", level: 1, text: `Risk quantification${org ? ` — ${org}` : ""}` }];
  if (!rm.risks.length) {
    blocks.push({ kind: "para", text: "The model has no risks yet. Add a `risks:` section (how often each threat strikes which components and for how long); see docs/risk-model.md." });
    return blocks;
  }
  const insured = rm.policies.length > 0;
  blocks.push({
    kind: "para",
    text: `${s.years.toLocaleString("en-US")} simulated years (seed ${s.seed}) of ${rm.risks.length} risk(s)${insured ? ` and ${rm.policies.length} insurance polic${rm.policies.length > 1 ? "ies" : "y"}` : ""}; each disruption played through the continuity model. Money in ${s.currency}.`,
  });

  // 1. the headline
  blocks.push({ kind: "heading", level: 2, text: "What disruptions cost in a year" });
  const rp = (T: number) => s.returnPeriods.find((r) => r.years === T);
  const row = (label: string, gross: number, net: number, tone?: "strong"): Cell[] => (insured ? [{ text: label, tone }, { text: m(gross), tone }, { text: m(net), tone }] : [{ text: label, tone }, { text: m(gross), tone }]);
  const rows: Cell[][] = [row("Expected annual loss (the average year)", s.annualLoss.expected, s.retainedLoss.expected, "strong"), row("Typical year (median)", s.annualLoss.median, s.retainedLoss.median)];
  for (const [T, name] of [
    [10, "Bad year (1 in 10)"],
    [100, "Severe year (1 in 100)"],
    [1000, "Extreme year (1 in 1,000)"],
  ] as const) {
    const r = rp(T);
    if (r) rows.push(row(name, r.loss, r.retainedLoss));
    else rows.push(insured ? [name, { text: `needs ≥ ${T.toLocaleString("en-US")} years`, tone: "dim" }, ""] : [name, { text: `needs ≥ ${T.toLocaleString("en-US")} years`, tone: "dim" }]);
  }
  rows.push(row("Worst simulated year", s.annualLoss.max, s.retainedLoss.max));
  blocks.push({ kind: "table", head: insured ? ["", "Before insurance", "After insurance"] : ["", "Loss"], align: ["left", "right", "right"], rows });
  blocks.push({
    kind: "para",
    text: `${percent(s.annualLoss.probabilityOfLoss)} of years have some loss. "1 in 100" is the loss exceeded in 1% of years; over a 10-year plan the chance of at least one such year is ${percent(1 - Math.pow(0.99, 10))}.`,
  });

  // 2. risks
  blocks.push({ kind: "heading", level: 2, text: "Which risks drive it" });
  const risks = [...s.risks].sort((a, b) => b.expectedAnnualLoss - a.expectedAnnualLoss || (a.id < b.id ? -1 : 1));
  blocks.push({
    kind: "table",
    head: ["Risk", "Threat", "How often", "Loss when it happens (mean)", "Expected per year", "Share", "Share of the worst 1% of years"],
    align: ["left", "left", "left", "right", "right", "right", "right"],
    rows: risks.slice(0, 15).map((r): Cell[] => [
      r.name ? `${r.name} (${r.id})` : r.id,
      r.threat,
      howOften(r.frequency),
      r.occurrences ? m(r.meanLossPerOccurrence) : { text: "did not occur", tone: "dim" },
      m(r.expectedAnnualLoss),
      { text: percent(r.share), tone: r.share >= 0.25 ? "strong" : undefined },
      { text: percent(r.tailShare), tone: r.tailShare >= 0.25 ? "bad" : undefined },
    ]),
  });
  if (risks.length > 15) blocks.push({ kind: "para", text: `… and ${risks.length - 15} more (see --json).` });

  // 3. services
  const services = s.services.filter((x) => x.expectedAnnualLoss > 0).sort((a, b) => b.expectedAnnualLoss - a.expectedAnnualLoss || (a.id < b.id ? -1 : 1));
  if (services.length || s.directLoss.expectedAnnualLoss > 0) {
    blocks.push({ kind: "heading", level: 2, text: "Where the money is lost" });
    const comps = new Map(loaded.model.components.map((c) => [c.id, c]));
    const srows: Cell[][] = services.slice(0, 15).map((x) => {
      const c = comps.get(x.id);
      return [c?.name ? `${c.name} (${x.id})` : x.id, c?.tier ? `tier ${c.tier}` : (c?.kind ?? ""), m(x.expectedAnnualLoss), percent(x.share)];
    });
    if (s.directLoss.expectedAnnualLoss > 0) srows.push([{ text: "Direct losses (not service outages)", tone: "dim" }, "", m(s.directLoss.expectedAnnualLoss), percent(s.directLoss.share)]);
    blocks.push({ kind: "table", head: ["Service", "", "Expected per year", "Share"], align: ["left", "left", "right", "right"], rows: srows });
  }

  // 4. insurance
  if (insured) {
    blocks.push({ kind: "heading", level: 2, text: "What the insurance is worth" });
    blocks.push({
      kind: "table",
      head: ["Policy", "Premium", "Expected recovery", "Recovered per 1 of premium", "Chance of a claim in a year", "Pays in a 1-in-100 year", "Verdict"],
      align: ["left", "right", "right", "right", "right", "right", "left"],
      rows: s.insurance.policies.map((p): Cell[] => {
        const verdict: Cell =
          p.expectedSaving >= 0
            ? { text: `pays back more than it costs, on average (+${m(p.expectedSaving)} a year)`, tone: "good" }
            : p.p99Saving > 0
              ? { text: `costs ${m(-p.expectedSaving)} a year more than it pays on average, but cuts the 1-in-100 cost of risk by ${m(p.p99Saving)}`, tone: "warn" }
              : { text: `costs ${m(-p.expectedSaving)} a year more than it pays, and does not lower the 1-in-100 year`, tone: "bad" };
        return [p.name ? `${p.name} (${p.id})` : p.id, m(p.premium), m(p.expectedRecovery), p.lossRatio === null ? "—" : p.lossRatio.toFixed(2), percent(p.probabilityOfClaim), m(p.recovery.p99), verdict];
      }),
    });
    const notes: string[] = [];
    for (const p of s.insurance.policies) {
      if (p.probabilityAggregateExhausted > 0) notes.push(`${p.id}: its annual aggregate runs out in ${percent(p.probabilityAggregateExhausted)} of years.`);
      if (p.limitHits > 0) notes.push(`${p.id}: the per-occurrence limit cut ${p.limitHits.toLocaleString("en-US")} claim(s) in ${s.years.toLocaleString("en-US")} years.`);
    }
    if (notes.length) blocks.push({ kind: "list", items: notes });

    blocks.push({ kind: "heading", level: 2, text: "Cost of risk (retained loss + premiums)" });
    const crow = (label: string, x: { expected: number; p99: number }, tone?: "strong"): Cell[] => [{ text: label, tone }, { text: m(x.expected), tone }, { text: m(x.p99), tone }];
    blocks.push({
      kind: "table",
      head: ["", "Expected per year", "In a 1-in-100 year"],
      align: ["left", "right", "right"],
      rows: [
        crow("With every policy", s.costOfRisk.withInsurance, "strong"),
        crow("With no insurance", s.costOfRisk.withoutInsurance),
        ...rm.policies.map((p) => crow(`Without ${p.id}`, s.costOfRisk.withoutPolicy[p.id])),
      ],
    });
  }

  // 5. appetite
  blocks.push({ kind: "heading", level: 2, text: "Risk appetite" });
  if (!s.appetite.length) {
    blocks.push({ kind: "para", text: "No risk appetite is set. State one in the model, e.g. `riskAppetite: {maxLoss: 10000000000, probability: 1%}` (at most 10B lost after insurance with 1% probability in a year)." });
  } else {
    blocks.push({
      kind: "list",
      items: s.appetite.map((a): Cell[] => [
        a.within ? { text: "WITHIN", tone: "good" } : { text: "EXCEEDED", tone: "bad" },
        ` ${a.name ? `${a.name}: ` : ""}at most ${m(a.maxLoss)} lost${a.basis === "retained" ? " after insurance" : ""} with probability ${formatProbability(a.probability)} in a year. `,
        `The simulated probability of losing more is ${formatProbability(a.probabilityOfExceeding)}; the loss at ${formatProbability(a.probability)} is ${m(a.lossAtProbability)}.`,
        a.reliable ? "" : { text: " (too few simulated years to judge: run more with --years)", tone: "warn" },
      ]),
    });
  }

  // 6. how it was computed
  const caveats: Array<Cell[] | string> = [];
  const stuck = s.risks.filter((r) => r.unrecovered > 0);
  if (stuck.length) {
    caveats.push([
      { text: "Some disruptions never recover on their own in the model", tone: "warn" },
      ` (circular waits, e.g. a tool needed to recover what it runs on): ${stuck.map((r) => `${r.id} ${r.unrecovered.toLocaleString("en-US")}×`).join(", ")}. Their loss is counted until ${Math.round(s.simulation.recoveryAllowanceMinutes / 1440)} days after the repair; check \`continuum simulate\` on such a failure.`,
    ]);
  }
  caveats.push("Each occurrence is played alone, from a healthy organization: occurrences in one year do not overlap or compound.");
  caveats.push(`Simulated in ${run.seconds.toFixed(1)} s on ${run.threads} thread(s); the figures depend only on the model, --years and --seed.`);
  blocks.push({ kind: "heading", level: 2, text: "How this was computed" });
  blocks.push({ kind: "list", items: caveats });
  return blocks;
}

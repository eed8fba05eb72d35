/**
 * The post-exercise report as a PDF, in Korean or English. The Korean text is set in Pretendard
 * (the web app's font, from the `pretendard` package), embedded as a subset with its Unicode map,
 * so the text is searchable and copyable (`pdftotext` reads it back in the tests).
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import PDFDocument from "pdfkit";
import type { ExerciseMeasuresJSON } from "@continuum/engine";
import type { ExerciseRun } from "./exercise-runs-repository.js";
import { REPORT_WORDS, type ReportLang } from "./report-words.js";
import type { RunState } from "./run-state.js";

const require = createRequire(import.meta.url);
const FONT_DIR = join(dirname(require.resolve("pretendard/package.json")), "dist/public/static");
const FONTS = { regular: join(FONT_DIR, "Pretendard-Regular.otf"), bold: join(FONT_DIR, "Pretendard-Bold.otf") };

export interface ReportInput {
  run: ExerciseRun;
  state: RunState;
  measures: ExerciseMeasuresJSON;
  minuteNow: number;
}

export function exerciseReportPdf({ run, state, measures }: ReportInput, lang: ReportLang): Promise<Buffer> {
  const w = REPORT_WORDS[lang];
  const doc = new PDFDocument({ size: "A4", margin: 48, info: { Title: `${w.title} — ${run.exercise.name ?? run.exerciseId}`, Subject: w.marking } });
  doc.registerFont("regular", FONTS.regular);
  doc.registerFont("bold", FONTS.bold);
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const d = w.duration_;
  const heading = (text: string) => doc.moveDown(0.8).font("bold").fontSize(13).fillColor("#111").text(text).moveDown(0.2).font("regular").fontSize(10);
  const line = (text: string) => doc.font("regular").fontSize(10).fillColor("#222").text(text);
  const names = new Map([...run.baseline.steps.map((s) => [`${s.plan}/${s.id}`, s.name ?? s.id] as const), ...run.baseline.services.map((s) => [s.id, s.name ?? s.id] as const)]);

  doc.font("bold").fontSize(18).fillColor("#111").text(w.title);
  doc.font("bold").fontSize(10).fillColor("#b42318").text(w.marking);
  doc.moveDown(0.4).font("bold").fontSize(13).fillColor("#111").text(`${w.run(run.number)}: ${run.exercise.name ?? run.exerciseId} (${run.exerciseId})`);
  line(`${w.facts.type}: ${w.types[run.exercise.type] ?? run.exercise.type} · ${w.facts.scenario}: ${run.baseline.scenario} · ${w.facts.revision}: ${run.revision} · ${w.facts.speed}: ×${run.speed}`);
  line(`${w.facts.started}: ${run.startedAt.toISOString().slice(0, 16).replace("T", " ")} UTC (${run.startedBy}) · ${w.facts.finished}: ${run.finishedAt ? `${run.finishedAt.toISOString().slice(0, 16).replace("T", " ")} UTC (${run.finishedBy})` : w.facts.notFinished}`);
  const objectives = run.exercise.objectives === undefined || run.exercise.objectives === null ? [] : ([] as string[]).concat(run.exercise.objectives as string | string[]);
  if (objectives.length) line(`${w.facts.objectives}: ${objectives.join("; ")}`);

  heading(w.measures);
  line(`${w.notify}: ${d(measures.notify.measured)}`);
  line(`${w.activate}: ${w.measured} ${d(measures.activate.measured)}, ${w.predicted} ${measures.activate.predicted === null ? w.never : d(measures.activate.predicted)}`);

  heading(w.services);
  if (!measures.services.length) line(w.none);
  for (const s of measures.services) {
    const within = s.withinRto === null ? w.notRecovered : s.withinRto ? w.yes : w.no;
    line(`${names.get(s.service)} (${s.service}): ${w.measured} ${s.measured === null ? w.notRecovered : d(s.measured)}, ${w.predicted} ${s.predicted === null ? w.never : d(s.predicted)}, ${w.rto} ${d(s.rto)} — ${w.withinRto}: ${within}`);
  }

  heading(w.steps);
  for (const s of measures.steps) {
    line(
      `${names.get(`${s.plan}/${s.step}`)} (${s.plan}/${s.step}): ${w.start} ${d(s.start.measured)} (${w.predicted} ${s.start.predicted === null ? w.never : d(s.start.predicted)}), ` +
        `${w.end} ${d(s.end.measured)} (${w.predicted} ${s.end.predicted === null ? w.never : d(s.end.predicted)}), ${w.duration} ${d(s.duration.measured)} / ${d(s.duration.predicted)}`,
    );
  }

  heading(w.decisions);
  if (!state.decisions.length) line(w.none);
  for (const x of state.decisions) {
    line(`[${d(x.minute)}] ${x.decision} — ${w.by} ${x.who}${x.options.length ? `; ${w.options}: ${x.options.join(" / ")}` : ""}${x.rationale ? `; ${w.rationale}: ${x.rationale}` : ""}`);
  }

  heading(w.findings);
  if (!state.findings.length) line(w.none);
  for (const f of state.findings) line(`• ${f.text}${f.steps.length ? ` (${w.about}: ${f.steps.join(", ")})` : ""}`);

  heading(w.injects);
  const sent = state.injects.filter((i) => i.deliveredAt !== null);
  if (!sent.length) line(w.none);
  for (const i of sent) line(`[${d(i.deliveredAt)}] ${w.inject[i.kind](i.ref)}`);
  doc.end();
  return done;
}

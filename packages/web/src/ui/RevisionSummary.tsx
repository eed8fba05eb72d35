/** What a revision changed, in a few words: `components +2 −1 ~3 · scenarios +1`. */
import { useI18n, type MessageKey } from "../app/i18n";
import type { RevisionSummary as Revision } from "../app/api";

type Counts = { added?: number; removed?: number; changed?: number };

export function summaryParts(summary: Revision["summary"]): Array<{ what: string; counts: Counts }> | string {
  if (!summary) return "";
  if (typeof summary === "string") return summary;
  const out: Array<{ what: string; counts: Counts }> = [];
  for (const what of ["components", "plans", "scenarios"]) {
    const c = (summary as Record<string, unknown>)[what] as Counts | undefined;
    if (c && (c.added || c.removed || c.changed)) out.push({ what, counts: c });
  }
  if ((summary as Record<string, unknown>).settings === true) out.push({ what: "settings", counts: {} });
  return out;
}

export function RevisionSummaryText({ summary, kind }: { summary: Revision["summary"]; kind?: string }) {
  const { t } = useI18n();
  const parts = summaryParts(summary);
  const kindLabel = kind && ["import", "edit", "restore", "scenario", "demo"].includes(kind) ? t(`revisionKind.${kind}` as MessageKey) : kind;
  if (typeof parts === "string") return <span className="small muted">{[kindLabel, parts].filter(Boolean).join(" · ")}</span>;
  return (
    <span className="small muted revision-summary">
      {kindLabel ? <span className="badge">{kindLabel}</span> : null}{" "}
      {parts.map((p, k) => (
        <span key={p.what}>
          {k ? " · " : ""}
          {t(`revisionPart.${p.what}` as MessageKey)}
          {p.counts.added ? <span className="better"> +{p.counts.added}</span> : null}
          {p.counts.removed ? <span className="worse"> −{p.counts.removed}</span> : null}
          {p.counts.changed ? <span> ~{p.counts.changed}</span> : null}
        </span>
      ))}
    </span>
  );
}

/**
 * Readiness at a glance (ISO 22301 9.1 monitoring and evaluation, 9.3 management review): tier-1
 * services with single points of failure, sites whose loss breaks an MTPD, RTO inversions,
 * components with no owner, and what changed since the last review.
 */
import { useCallback, useEffect, useMemo, useState } from "react";
import { Badge, DiagnosticList, Empty, ErrorBox, Loading, Notice, PageHeader, Section, Stat, TextField } from "../../ui/ui";
import { api, ApiError, authorName, canEdit, orgPath, type Page, type RevisionDiff, type RevisionSummary } from "../../app/api";
import { useI18n } from "../../app/i18n";
import { useAnalysis, useOrgModel } from "../../model/orgdata";
import { Link } from "../../app/router";
import { useSession } from "../../app/session";
import { useTitle } from "../../app/title";
import { RevisionSummaryText } from "../../ui/RevisionSummary";
import { EngineRejected } from "../../ui/EngineRejected";
import { N1Table } from "../../ui/N1Table";
import { ScrollArea } from "../../ui/ScrollArea";
import { MoreList, MoreRows } from "../../ui/MoreList";
import { RecoveryProofSection } from "../exercises/RecoveryProof";

interface Review {
  id?: string | number;
  revision: number;
  author?: RevisionSummary["author"];
  createdAt: string;
  comment?: string;
}

export function DashboardPage({ org }: { org: string }) {
  const { t, duration, number } = useI18n();
  useTitle(t("dashboard.title"));
  const orgModel = useOrgModel();
  const session = useSession();
  const { analysis, error: analysisError, loading } = useAnalysis();
  const model = orgModel.info?.model;
  const base = `/o/${encodeURIComponent(org)}`;
  const link = (id: string, label?: string) => <Link to={`${base}/components/${encodeURIComponent(id)}`}>{label ?? id}</Link>;
  const names = useMemo(() => new Map((model?.components ?? []).map((c) => [c.id, c.name ?? c.id])), [model]);

  const facts = useMemo(() => {
    const comps = model?.components ?? [];
    const services = comps.filter((c) => c.kind === "business-service" || (c.tier ?? 0) > 0);
    const tier1 = services.filter((c) => c.tier === 1);
    const unowned = comps.filter((c) => !c.owner);
    return { comps, services, tier1, unowned };
  }, [model]);

  if (orgModel.status === "loading" || (orgModel.status === "ready" && !orgModel.info)) return <Loading />;
  if (orgModel.status === "error") return <ErrorBox error={new Error(orgModel.error)} />;
  if (orgModel.info && !orgModel.info.ok) return <EngineRejected diagnostics={orgModel.info.diagnostics} />;
  const editor = canEdit(session.role(org));
  const others = (session.me?.memberships ?? []).filter((m) => m.organization.slug !== org);
  if (!facts.comps.length) {
    return (
      <>
        <PageHeader title={t("dashboard.title")} />
        <Section title={t("dashboard.welcome")}>
          <p>{t("dashboard.emptyModel")}</p>
          {editor ? (
            <div className="row wrap">
              <Link className="btn btn-primary" to={`${base}/components/new`}>{t("dashboard.buildNow")}</Link>
              <Link className="btn" to={`${base}/import`}>{t("dashboard.importNow")}</Link>
            </div>
          ) : <p className="muted">{t("dashboard.askEditor")}</p>}
          {others.length ? (
            <p className="explore">
              {t("dashboard.explore")}{" "}
              {others.map((m, k) => (
                <span key={m.organization.slug}>{k ? ", " : ""}<Link to={`/o/${encodeURIComponent(m.organization.slug)}/dashboard`}>{m.organization.name}</Link>{m.organization.slug === session.demo ? ` (${t("dashboard.demo")})` : ""}</span>
              ))}
            </p>
          ) : null}
        </Section>
        <ReviewSection org={org} editor={editor} />
      </>
    );
  }

  const tier1Spof = facts.tier1.map((s) => ({ s, spof: analysis?.spof[s.id] ?? [] })).filter((x) => x.spof.length);
  const mtpdSites = (analysis?.n1Sites ?? []).filter((s) => s.mtpdBroken.length);
  const inversions = analysis?.rtoInversions ?? [];
  const warnings = orgModel.info?.diagnostics ?? [];
  return (
    <>
      <PageHeader title={t("dashboard.title")} subtitle={t("dashboard.subtitle", { n: orgModel.revision ?? "—" })} />
      {analysisError ? <ErrorBox error={new Error(analysisError)} /> : null}
      <div className="stats" data-testid="dashboard-stats">
        <Stat label={t("dashboard.components")} value={number(facts.comps.length)} to={`${base}/components`} />
        <Stat label={t("dashboard.services")} value={number(facts.services.length)} to={`${base}/bia`} />
        <Stat label={t("dashboard.tier1Spof")} value={analysis ? number(tier1Spof.length) : "…"} tone={analysis ? (tier1Spof.length ? "bad" : "good") : undefined} />
        <Stat label={t("dashboard.mtpdSites")} value={analysis ? number(mtpdSites.length) : "…"} tone={analysis ? (mtpdSites.length ? "bad" : "good") : undefined} />
        <Stat label={t("dashboard.inversions")} value={analysis ? number(inversions.length) : "…"} tone={analysis ? (inversions.length ? "warn" : "good") : undefined} />
        <Stat label={t("dashboard.unowned")} value={number(facts.unowned.length)} tone={facts.unowned.length ? "warn" : "good"} />
      </div>
      {loading ? <Loading label={t("bia.analysing")} /> : null}
      <div className="grid-2">
        <Section title={t("dashboard.tier1SpofTitle")}>
          {!analysis ? null : tier1Spof.length === 0 ? <Empty>{facts.tier1.length ? t("dashboard.noSpof") : t("dashboard.noTier1")}</Empty> : (
            <ul className="issue-list" data-testid="tier1-spof">
              {tier1Spof.map(({ s, spof }) => (
                <li key={s.id}>
                  <strong>{link(s.id, s.name ?? s.id)}</strong> <Badge kind="bad">{t("dashboard.nSpof", { n: spof.length })}</Badge>
                  <div className="small"><MoreList items={spof} limit={10} render={(x) => link(x, names.get(x))} /></div>
                </li>
              ))}
            </ul>
          )}
        </Section>
        <Section title={t("dashboard.mtpdSitesTitle")}>
          {!analysis ? null : mtpdSites.length === 0 ? <Empty>{analysis.n1Sites.length ? t("dashboard.noMtpdSites") : t("whatif.noSites")}</Empty> : (
            <ul className="issue-list" data-testid="mtpd-sites">
              {mtpdSites.map((s) => (
                <li key={s.site}>
                  <strong>{link(s.site, s.name ?? s.site)}</strong> <Badge kind="bad">{t("dashboard.breaksN", { n: s.mtpdBroken.length })}</Badge>
                  <div className="small"><MoreList items={s.mtpdBroken} limit={10} render={(x) => link(x, names.get(x))} /></div>
                  {s.downForGood.length ? <div className="small muted">{t("dashboard.downForGood", { list: s.downForGood.map((x) => names.get(x) ?? x).join(", ") })}</div> : null}
                </li>
              ))}
            </ul>
          )}
          <p><Link to={`${base}/what-if`}>{t("dashboard.openWhatIf")} →</Link></p>
        </Section>
        <Section title={t("dashboard.inversionsTitle")}>
          {!analysis ? null : inversions.length === 0 ? <Empty>{t("dashboard.noInversions")}</Empty> : (
            <ScrollArea><table className="table compact" data-testid="inversions">
              <thead><tr><th scope="col">{t("common.component")}</th><th scope="col" className="num">{t("common.rto")}</th><th scope="col">{t("dashboard.needs")}</th><th scope="col" className="num">{t("common.rto")}</th></tr></thead>
              <tbody>
                <MoreRows items={inversions} limit={30} colSpan={4} render={(inv, k) => (
                  <tr key={k}>
                    <td>{link(inv.service, names.get(inv.service))}</td>
                    <td className="num">{duration(inv.serviceRto)}</td>
                    <td>{link(inv.dependency, names.get(inv.dependency))}</td>
                    <td className="num worse">{duration(inv.dependencyRto)}</td>
                  </tr>
                )} />
              </tbody>
            </table></ScrollArea>
          )}
        </Section>
        <Section title={t("dashboard.unownedTitle")}>
          {facts.unowned.length === 0 ? <Empty>{t("dashboard.allOwned")}</Empty> : (
            <>
              <p className="small"><MoreList items={facts.unowned} limit={25} render={(c) => link(c.id, c.name ?? c.id)} /></p>
            </>
          )}
        </Section>
      </div>
      {warnings.length ? (
        <Section title={t("dashboard.engineWarnings", { n: warnings.length })}>
          <DiagnosticList items={warnings} limit={20} />
        </Section>
      ) : null}
      <Section title={t("whatif.n1Title")}>
        <N1Table org={org} currency={model?.currency ?? "KRW"} names={names} compact />
      </Section>
      <RecoveryProofSection org={org} />
      <ReviewSection org={org} editor={editor} />
    </>
  );
}

/** Changes since the last review (ISO 22301 9.3): the revisions after it and their diff. */
function ReviewSection({ org, editor }: { org: string; editor: boolean }) {
  const { t, date } = useI18n();
  const orgModel = useOrgModel();
  const [reviews, setReviews] = useState<Review[] | null | undefined>();
  const [revisions, setRevisions] = useState<RevisionSummary[] | undefined>();
  const [diff, setDiff] = useState<RevisionDiff | undefined>();
  const [comment, setComment] = useState("");
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState(false);
  const base = `/o/${encodeURIComponent(org)}`;

  const load = useCallback(async () => {
    api.get<Page<RevisionSummary>>(orgPath(org, "revisions")).then((p) => setRevisions(p.items ?? []), () => setRevisions([]));
    try {
      const p = await api.get<Page<Review> | Review[]>(orgPath(org, "reviews"));
      setReviews(Array.isArray(p) ? p : p.items ?? []);
    } catch (e) {
      setReviews(e instanceof ApiError && (e.status === 404 || e.status === 405) ? null : []);
    }
  }, [org]);
  useEffect(() => void load(), [load, orgModel.revision]);

  const last = reviews?.length ? [...reviews].sort((a, b) => b.revision - a.revision)[0] : undefined;
  const current = orgModel.revision;
  useEffect(() => {
    setDiff(undefined);
    if (!last || current === undefined || last.revision >= current) return;
    api.get<RevisionDiff>(orgPath(org, "revisions", last.revision, "diff", current)).then(setDiff, () => setDiff(undefined));
  }, [org, last, current]);

  const markReviewed = async () => {
    setError(undefined);
    try {
      await api.post(orgPath(org, "reviews"), { comment: comment.trim() || t("dashboard.reviewedComment") });
      setDone(true);
      setComment("");
      await load();
    } catch (e) {
      setError(e);
    }
  };

  if (revisions === undefined || reviews === undefined) return <Section title={t("dashboard.sinceReview")}><Loading /></Section>;
  // never reviewed: every revision counts as new (the rows below say how many more there are)
  const since = last ? revisions.filter((r) => r.number > last.revision) : revisions;
  return (
    <Section title={t("dashboard.sinceReview")}>
      {reviews === null ? <p className="muted small">{t("dashboard.noReviewApi")}</p> : last ? (
        <p>{t("dashboard.lastReview", { n: last.revision, when: date(last.createdAt), who: authorName(last.author) })}</p>
      ) : (
        <p>{t("dashboard.neverReviewed")}</p>
      )}
      {diff ? (
        <p data-testid="review-diff">
          <Badge kind="good">+{diff.added.length}</Badge> <Badge kind="bad">−{diff.removed.length}</Badge> <Badge kind="info">~{diff.changed.length}</Badge>{" "}
          {t("dashboard.diffSummary", { added: diff.added.length, removed: diff.removed.length, changed: diff.changed.length })}
        </p>
      ) : null}
      {since.length === 0 ? <Empty>{t("dashboard.noChanges")}</Empty> : (
        <ScrollArea><table className="table compact">
          <thead><tr><th scope="col">#</th><th scope="col">{t("revisions.when")}</th><th scope="col">{t("revisions.author")}</th><th scope="col">{t("common.comment")}</th></tr></thead>
          <tbody>
            <MoreRows items={since} limit={15} colSpan={4} render={(r) => (
              <tr key={r.number}>
                <td><Link to={`${base}/revisions?show=${r.number}`}>#{r.number}</Link></td>
                <td>{date(r.createdAt)}</td>
                <td>{authorName(r.author)}</td>
                <td>{r.comment || "—"} <RevisionSummaryText summary={r.summary} kind={r.kind} /></td>
              </tr>
            )} />
          </tbody>
        </table></ScrollArea>
      )}
      {editor && reviews !== null && current !== undefined ? (
        <form className="row wrap align-end" onSubmit={(e) => { e.preventDefault(); void markReviewed(); }}>
          <TextField label={t("common.comment")} value={comment} onChange={(e) => setComment(e.target.value)} />
          <button type="submit" className="btn">{t("dashboard.markReviewed", { n: current })}</button>
        </form>
      ) : null}
      {done ? <Notice kind="success">{t("dashboard.reviewRecorded")}</Notice> : null}
      <ErrorBox error={error} />
    </Section>
  );
}

/**
 * Revisions (ISO 22301 7.5.3 control of documented information): every change with author, time
 * and comment; the difference between two; restoring an old one (a new revision, nothing lost).
 */
import { useCallback, useEffect, useState } from "react";
import { Badge, Empty, ErrorBox, Loading, Notice, PageHeader, Section, TextField } from "../../ui/ui";
import { api, authorName, canEdit, orgPath, type Page, type RevisionDiff, type RevisionSummary } from "../../app/api";
import { useI18n } from "../../app/i18n";
import { useOrgModel } from "../../model/orgdata";
import { Link, setSearch, useLocation } from "../../app/router";
import { useSession } from "../../app/session";
import { useTitle } from "../../app/title";
import { RevisionSummaryText } from "../../ui/RevisionSummary";
import { ScrollArea } from "../../ui/ScrollArea";

function show(v: unknown): string {
  if (v === undefined) return "—";
  if (typeof v === "string") return v;
  return JSON.stringify(v);
}

export function RevisionsPage({ org }: { org: string }) {
  const { t, date } = useI18n();
  useTitle(t("revisions.title"));
  const session = useSession();
  const orgModel = useOrgModel();
  const editor = canEdit(session.role(org));
  const { search } = useLocation();
  const [items, setItems] = useState<RevisionSummary[] | undefined>();
  const [error, setError] = useState<unknown>();
  const shown = search.get("show") ? Number(search.get("show")) : undefined;
  const a = search.get("a") ? Number(search.get("a")) : undefined;
  const b = search.get("b") ? Number(search.get("b")) : undefined;

  const [next, setNext] = useState<string | null | undefined>();
  const load = useCallback(() => {
    api.get<Page<RevisionSummary>>(orgPath(org, "revisions")).then((p) => {
      setItems(p.items ?? []);
      setNext(p.nextCursor);
    }, setError);
  }, [org]);
  const older = () => {
    if (!next) return;
    api.get<Page<RevisionSummary>>(orgPath(org, "revisions") + `?cursor=${encodeURIComponent(next)}`).then((p) => {
      setItems((items) => [...(items ?? []), ...(p.items ?? [])]);
      setNext(p.nextCursor);
    }, setError);
  };
  useEffect(load, [load, orgModel.revision]);

  if (error) return <><PageHeader title={t("revisions.title")} /><ErrorBox error={error} /></>;
  if (!items) return <Loading />;
  const sorted = [...items].sort((x, y) => y.number - x.number);
  let from = a;
  let to = b;
  if (shown !== undefined && (from === undefined || to === undefined)) {
    const prev = sorted.find((r) => r.number < shown);
    from = prev?.number;
    to = shown;
  }
  return (
    <>
      <PageHeader title={t("revisions.title")} subtitle={t("revisions.subtitle")} />
      {sorted.length === 0 ? <Empty>{t("revisions.none")}</Empty> : (
        <Section title={t("revisions.list")}>
          <p className="muted small">{t("revisions.pickTwo")}</p>
          <ScrollArea>
            <table className="table" data-testid="revisions-table">
              <thead>
                <tr>
                  <th scope="col">A</th>
                  <th scope="col">B</th>
                  <th scope="col">{t("revisions.number")}</th>
                  <th scope="col">{t("revisions.when")}</th>
                  <th scope="col">{t("revisions.author")}</th>
                  <th scope="col">{t("common.comment")}</th>
                  <th scope="col">{t("revisions.summary")}</th>
                </tr>
              </thead>
              <tbody>
                {sorted.map((r) => (
                  <tr key={r.number} className={r.number === to ? "selected" : ""}>
                    <td><input type="radio" name="rev-a" aria-label={t("revisions.asA", { n: r.number })} checked={from === r.number} onChange={() => setSearch({ a: String(r.number), b: String(to ?? sorted[0].number), show: "" })} /></td>
                    <td><input type="radio" name="rev-b" aria-label={t("revisions.asB", { n: r.number })} checked={to === r.number} onChange={() => setSearch({ b: String(r.number), a: String(from ?? r.number), show: "" })} /></td>
                    <td>
                      <a href={`?show=${r.number}`} onClick={(e) => { e.preventDefault(); setSearch({ show: String(r.number), a: "", b: "" }); }}>#{r.number}</a>
                      {r.number === orgModel.revision ? <> <Badge kind="info">{t("revisions.current")}</Badge></> : null}
                    </td>
                    <td>{date(r.createdAt)}</td>
                    <td>{authorName(r.author)}</td>
                    <td>{r.comment || <span className="muted">—</span>}</td>
                    <td><RevisionSummaryText summary={r.summary} kind={r.kind} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollArea>
          {next ? <button type="button" className="btn" onClick={older}>{t("revisions.older")}</button> : null}
        </Section>
      )}
      {to !== undefined ? <DiffView org={org} from={from} to={to} editor={editor} current={orgModel.revision} onRestored={async () => { await orgModel.reload(); load(); }} /> : null}
    </>
  );
}

function DiffView({ org, from, to, editor, current, onRestored }: { org: string; from?: number; to: number; editor: boolean; current?: number; onRestored: () => Promise<void> }) {
  const { t } = useI18n();
  const [diff, setDiff] = useState<RevisionDiff | undefined>();
  const [error, setError] = useState<unknown>();
  const [comment, setComment] = useState("");
  const [restored, setRestored] = useState(false);
  const [restoreError, setRestoreError] = useState<unknown>();
  const base = `/o/${encodeURIComponent(org)}`;
  useEffect(() => {
    setDiff(undefined);
    setError(undefined);
    setRestored(false);
    if (from === undefined || from === to) return;
    api.get<RevisionDiff>(orgPath(org, "revisions", from, "diff", to)).then(setDiff, setError);
  }, [org, from, to]);

  const restore = async () => {
    setRestoreError(undefined);
    try {
      await api.post(orgPath(org, "revisions", to, "restore"), { comment: comment.trim() || t("revisions.restoreComment", { n: to }) });
      setRestored(true);
      await onRestored();
    } catch (e) {
      setRestoreError(e);
    }
  };

  return (
    <Section title={from !== undefined && from !== to ? t("revisions.diffTitle", { a: from, b: to }) : t("revisions.revisionTitle", { n: to })}>
      <ErrorBox error={error} />
      {from === undefined ? <p className="muted">{t("revisions.first")}</p> : null}
      {from !== undefined && from !== to && !diff && !error ? <Loading /> : null}
      {diff ? (
        <div data-testid="diff">
          {diff.added.length === 0 && diff.removed.length === 0 && diff.changed.length === 0 ? <Empty>{t("revisions.same")}</Empty> : null}
          {diff.added.length ? <p><Badge kind="good">{t("revisions.added")}</Badge> {diff.added.map((id, k) => <span key={id}>{k ? ", " : ""}<Link to={`${base}/components/${encodeURIComponent(id)}`}>{id}</Link></span>)}</p> : null}
          {diff.removed.length ? <p><Badge kind="bad">{t("revisions.removed")}</Badge> {diff.removed.join(", ")}</p> : null}
          {diff.changed.length ? (
            <table className="table compact diff-table">
              <thead><tr><th scope="col">{t("common.component")}</th><th scope="col">{t("revisions.field")}</th><th scope="col">{t("revisions.before")}</th><th scope="col">{t("revisions.after")}</th></tr></thead>
              <tbody>
                {diff.changed.flatMap((c) =>
                  c.fields.map((f, k) => (
                    <tr key={`${c.id}-${f.field}`}>
                      {k === 0 ? <th scope="rowgroup" rowSpan={c.fields.length}><Link to={`${base}/components/${encodeURIComponent(c.id)}`}>{c.id}</Link></th> : null}
                      <td><code>{f.field}</code></td>
                      <td className="diff-before"><code>{show(f.before)}</code></td>
                      <td className="diff-after"><code>{show(f.after)}</code></td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          ) : null}
        </div>
      ) : null}
      {editor && to !== current ? (
        <form className="row wrap align-end restore" onSubmit={(e) => { e.preventDefault(); void restore(); }}>
          <TextField label={t("common.comment")} value={comment} onChange={(e) => setComment(e.target.value)} />
          <button type="submit" className="btn btn-primary">{t("revisions.restore", { n: to })}</button>
        </form>
      ) : null}
      {restored ? <Notice kind="success">{t("revisions.restored", { n: to })}</Notice> : null}
      <ErrorBox error={restoreError} />
    </Section>
  );
}

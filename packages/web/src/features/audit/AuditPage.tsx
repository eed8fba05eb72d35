/**
 * The organization's audit log for admins and auditors: newest first, filtered by action, by who
 * and by dates, a page at a time with the count of what is not shown yet.
 */
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { Empty, ErrorBox, Loading, Notice, PageHeader, Section, SelectField, TextField } from "../../ui/ui";
import { ScrollArea } from "../../ui/ScrollArea";
import { api, orgPath, query } from "../../app/api";
import { useI18n } from "../../app/i18n";
import { useSession } from "../../app/session";
import { useTitle } from "../../app/title";

interface AuditEvent {
  id: number;
  at: string;
  actor: string;
  action: string;
  detail: Record<string, unknown>;
  ip: string | null;
}

interface Filter {
  action: string;
  actor: string;
  from: string;
  to: string;
}

const EMPTY: Filter = { action: "", actor: "", from: "", to: "" };

/** A date field (yyyy-mm-dd, the person's day) as the instant it starts; `to` is the day after, exclusive. */
const dayStart = (day: string, plus = 0) => {
  if (!day) return undefined;
  const d = new Date(`${day}T00:00:00`);
  d.setDate(d.getDate() + plus);
  return d.toISOString();
};

const detailText = (detail: Record<string, unknown>) =>
  Object.entries(detail)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(", ") : typeof v === "object" && v !== null ? JSON.stringify(v) : String(v)}`)
    .join(" · ");

export function AuditPage({ org }: { org: string }) {
  const { t, date } = useI18n();
  useTitle(t("audit.title"));
  const session = useSession();
  const role = session.role(org);
  const [draft, setDraft] = useState<Filter>(EMPTY);
  const [filter, setFilter] = useState<Filter>(EMPTY);
  const [events, setEvents] = useState<AuditEvent[]>();
  const [actions, setActions] = useState<string[]>([]);
  const [total, setTotal] = useState(0);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>();

  const load = useCallback(
    (after: string | null) => {
      setError(undefined);
      const q = query({ limit: 50, action: filter.action || undefined, actor: filter.actor.trim() || undefined, from: dayStart(filter.from), to: dayStart(filter.to, 1), cursor: after ?? undefined });
      api.get<{ items: AuditEvent[]; total: number; nextCursor: string | null; actions: string[] }>(`${orgPath(org, "audit")}${q}`).then((p) => {
        setEvents((old) => (after ? [...(old ?? []), ...p.items] : p.items));
        setTotal(p.total);
        setCursor(p.nextCursor);
        setActions(p.actions);
      }, setError);
    },
    [org, filter],
  );
  useEffect(() => load(null), [load]);

  if (role !== "admin" && role !== "auditor") return <><PageHeader title={t("audit.title")} /><Notice kind="warning">{t("error.forbidden")}</Notice></>;

  const apply = (e: FormEvent) => {
    e.preventDefault();
    setEvents(undefined);
    setFilter(draft);
  };
  const clear = () => {
    setDraft(EMPTY);
    setEvents(undefined);
    setFilter(EMPTY);
  };

  return (
    <>
      <PageHeader title={t("audit.title")} subtitle={t("audit.subtitle")} />
      <Section title={t("audit.filters")}>
        <form onSubmit={apply} className="form-grid" data-testid="audit-filters">
          <SelectField label={t("audit.action")} name="action" value={draft.action} onChange={(e) => setDraft({ ...draft, action: e.target.value })}>
            <option value="">{t("audit.allActions")}</option>
            {actions.map((a) => <option key={a} value={a}>{a}</option>)}
          </SelectField>
          <TextField label={t("audit.actor")} name="actor" value={draft.actor} onChange={(e) => setDraft({ ...draft, actor: e.target.value })} hint={t("audit.actorHint")} maxLength={254} autoComplete="off" />
          <TextField label={t("audit.from")} name="from" type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
          <TextField label={t("audit.to")} name="to" type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
          <div className="row">
            <button type="submit" className="btn btn-primary">{t("audit.apply")}</button>
            <button type="button" className="btn btn-quiet" onClick={clear}>{t("audit.clear")}</button>
          </div>
        </form>
      </Section>
      <ErrorBox error={error} />
      <Section title={events ? t("audit.count", { n: total }) : t("audit.title")}>
        {!events ? <Loading /> : events.length === 0 ? <Empty>{t("audit.none")}</Empty> : (
          <ScrollArea>
            <table className="table compact stack-narrow" data-testid="audit-events">
              <thead><tr><th scope="col">{t("audit.when")}</th><th scope="col">{t("audit.actor")}</th><th scope="col">{t("audit.action")}</th><th scope="col">{t("audit.detail")}</th><th scope="col">{t("audit.address")}</th></tr></thead>
              <tbody>
                {events.map((e) => (
                  <tr key={e.id}>
                    <td>{date(e.at)}</td>
                    <td data-label={t("audit.actor")}>{e.actor}</td>
                    <td data-label={t("audit.action")}><code>{e.action}</code></td>
                    <td data-label={t("audit.detail")} style={{ overflowWrap: "anywhere" }}>{detailText(e.detail) || "—"}</td>
                    <td data-label={t("audit.address")}>{e.ip ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {cursor ? <button type="button" className="btn btn-quiet" onClick={() => load(cursor)}>{t("audit.more", { n: total - events.length })}</button> : null}
          </ScrollArea>
        )}
      </Section>
    </>
  );
}

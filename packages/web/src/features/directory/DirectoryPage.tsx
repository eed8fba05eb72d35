/**
 * The contact directory: people's phones, e-mail addresses, languages and working hours, linked to
 * the model's persons, imported from CSV. Only the roles that reach people see it (the server
 * refuses the others); a CSV with problems is refused whole, each problem with its line and column.
 */
import { useEffect, useState, type FormEvent } from "react";
import { canEdit } from "../../app/api";
import { useI18n } from "../../app/i18n";
import { useSession } from "../../app/session";
import { Empty, ErrorBox, Loading, Notice, PageHeader, Section, TextAreaField } from "../../ui/ui";
import { MoreItems } from "../../ui/MoreList";
import { directoryApi, type Directory } from "./directory-api";
import "./directory.css";

export function DirectoryPage({ org }: { org: string }) {
  const { t } = useI18n();
  const role = useSession().role(org);
  const allowed = role === "admin" || role === "editor" || role === "responder";
  const [directory, setDirectory] = useState<Directory | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [csv, setCsv] = useState("");
  const [importError, setImportError] = useState<unknown>(null);
  const [imported, setImported] = useState<number | null>(null);
  const load = () => directoryApi.list(org).then(setDirectory, setError);
  useEffect(() => {
    if (allowed) void load();
  }, [org, allowed]);

  if (!allowed) return <Notice kind="warning">{t("directory.forbidden")}</Notice>;
  if (error) return <ErrorBox error={error} />;
  if (!directory) return <Loading />;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setImported(null);
    directoryApi.replace(org, csv).then((r) => {
      setImportError(null);
      setImported(r.imported);
      setCsv("");
      void load();
    }, setImportError);
  };

  return (
    <div className="directory">
      <PageHeader title={t("directory.title")} subtitle={t("directory.subtitle")} />
      <Section title={t("directory.count", { n: directory.total })}>
        {directory.unreachable.length ? <Notice kind="warning">{t("directory.unreachable", { n: directory.unreachable.length, list: directory.unreachable.join(", ") })}</Notice> : null}
        {directory.contacts.length ? (
          <ul className="contact-list">
          <MoreItems
            items={directory.contacts}
            limit={50}
            render={(c) => (
              <li key={c.person} className="contact card-row" data-testid="contact">
                <strong>{c.name ?? c.modelName ?? c.person}</strong> <code className="small">{c.person}</code>
                {!c.inModel ? <span className="badge badge-warn">{t("directory.notInModel")}</span> : null}
                <dl className="contact-fields small">
                  {c.emails.length ? (<><dt>{t("directory.emails")}</dt><dd>{c.emails.join(", ")}</dd></>) : null}
                  {c.phones.length ? (<><dt>{t("directory.phones")}</dt><dd>{c.phones.map((p) => <a key={p} href={`tel:${p}`}>{p} </a>)}</dd></>) : null}
                  {c.languages.length ? (<><dt>{t("directory.languages")}</dt><dd>{c.languages.join(", ")}</dd></>) : null}
                  {c.workingHours ? (<><dt>{t("directory.hours")}</dt><dd>{c.workingHours}</dd></>) : null}
                </dl>
              </li>
            )}
          />
          </ul>
        ) : (
          <Empty>{t("directory.empty")}</Empty>
        )}
      </Section>
      {canEdit(role) ? (
        <Section title={t("directory.import")}>
          <p className="small muted">{t("directory.importHint")}</p>
          <form className="stack" onSubmit={submit}>
            <label className="file-field">
              {t("directory.file")}
              <input type="file" accept=".csv,text/csv" onChange={(e) => void e.target.files?.[0]?.text().then(setCsv)} />
            </label>
            <TextAreaField label={t("directory.csv")} value={csv} onChange={(e) => setCsv(e.target.value)} rows={6} name="csv" />
            <button type="submit" className="btn btn-primary" disabled={!csv.trim()}>
              {t("directory.importButton")}
            </button>
          </form>
          {importError ? <ErrorBox error={importError} /> : null}
          {imported !== null ? <Notice kind="success">{t("directory.imported", { n: imported })}</Notice> : null}
        </Section>
      ) : null}
    </div>
  );
}

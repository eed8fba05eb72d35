/** Small accessible building blocks shared by the pages. */
import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";
import { ApiError, type FieldProblem } from "../app/api";
import { useI18n } from "../app/i18n";
import type { Diagnostic } from "@continuum/engine";
import { Link } from "../app/router";
import { inLanguage } from "../app/diagnostic-words";
import { useComponentName } from "../model/component-names";

export function PageHeader({ title, subtitle, actions }: { title: ReactNode; subtitle?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="page-header">
      <div>
        <h1>{title}</h1>
        {subtitle ? <p className="subtitle">{subtitle}</p> : null}
      </div>
      {actions ? <div className="actions">{actions}</div> : null}
    </div>
  );
}

export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label ?? t("common.loading")}
    </div>
  );
}

export function Section({ title, children, actions, id }: { title: ReactNode; children: ReactNode; actions?: ReactNode; id?: string }) {
  const hid = useId();
  return (
    <section className="card" aria-labelledby={hid} id={id}>
      <div className="card-head">
        <h2 id={hid}>{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

/** A problem from the API or the engine, with every field message it carries. */
export function ErrorBox({ error, title }: { error: unknown; title?: string }) {
  const { t, lang } = useI18n();
  if (!error) return null;
  let heading = title ?? t("common.error");
  let detail = "";
  let errors: FieldProblem[] = [];
  if (error instanceof ApiError) {
    if (error.status === 0) detail = t("error.network");
    else if (error.status === 403) detail = t("error.forbidden");
    else if (error.status === 404) detail = t("error.notFound");
    else if (error.status === 429) detail = t("error.rateLimited");
    else detail = error.problem.detail || error.problem.title;
    // the server words its details in English: a Korean reader gets the Korean sense of the status
    if (lang === "ko" && !/[가-힣]/.test(detail) && error.status >= 400 && error.status < 500 && ![0, 403, 404, 429].includes(error.status)) {
      detail = t(error.status === 409 || error.status === 412 ? "error.conflict" : error.status === 422 ? "error.invalid" : "error.badRequest");
    }
    errors = error.errors;
  } else if (error instanceof Error) detail = error.message;
  else detail = String(error);
  if (!title && error instanceof ApiError && error.status >= 500) heading = t("error.server");
  return (
    <div className="alert alert-error" role="alert">
      <strong>{heading}</strong>
      {detail ? <p>{detail}</p> : null}
      {errors.length ? <DiagnosticList items={errors} /> : null}
    </div>
  );
}

export function Notice({ kind = "info", children }: { kind?: "info" | "success" | "warning"; children: ReactNode }) {
  return (
    <div className={`alert alert-${kind}`} role={kind === "success" ? "status" : undefined}>
      {children}
    </div>
  );
}

/** Diagnostics with file:line, as the CLI prints them. */
export function DiagnosticList({ items, limit = 200 }: { items: Array<FieldProblem | Diagnostic>; limit?: number }) {
  const { t, lang } = useI18n();
  const name = useComponentName();
  const shown = items.slice(0, limit);
  return (
    <ul className="diagnostics">
      {shown.map((raw, i) => {
        const d = inLanguage(raw, lang);
        const where = d.file ? `${d.file}${d.line ? `:${d.line}${d.column ? `:${d.column}` : ""}` : ""}` : d.field ?? "";
        const severity = (d as Diagnostic).severity ?? "error";
        return (
          <li key={i} className={`diag diag-${severity}`}>
            {where ? <code className="diag-where">{where}</code> : null}
            <span className={`badge badge-${severity === "warning" ? "warn" : "bad"}`}>{severity === "warning" ? t("diag.warning") : t("diag.error")}</span>
            {d.code ? <code className="diag-code">{d.code}</code> : null}
            {d.component ? <span className="diag-component">{name(d.component)}:</span> : null} <span className="diag-message">{d.message}</span>
            {d.field && d.file ? <span className="muted"> ({d.field})</span> : null}
            {d.hint ? <div className="diag-hint">→ {d.hint}</div> : null}
          </li>
        );
      })}
      {items.length > limit ? <li className="muted">{t("diag.more", { n: items.length - limit })}</li> : null}
    </ul>
  );
}

interface FieldProps {
  label: ReactNode;
  error?: string;
  hint?: ReactNode;
  children: (props: { id: string; "aria-describedby"?: string; "aria-invalid"?: boolean }) => ReactNode;
  className?: string;
}

/** A labelled control with its hint and its error message right next to it. */
export function Field({ label, error, hint, children, className }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field${error ? " field-invalid" : ""}${className ? ` ${className}` : ""}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, "aria-describedby": describedBy, "aria-invalid": error ? true : undefined })}
      {hint ? (
        <div className="field-hint" id={hintId}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <div className="field-error" id={errorId} role="alert">
          {error}
        </div>
      ) : null}
    </div>
  );
}

export function TextField({ label, error, hint, className, ...input }: { label: ReactNode; error?: string; hint?: ReactNode } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <Field label={label} error={error} hint={hint} className={className}>
      {(p) => <input {...input} {...p} />}
    </Field>
  );
}

export function SelectField({ label, error, hint, className, children, ...select }: { label: ReactNode; error?: string; hint?: ReactNode; children: ReactNode } & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <Field label={label} error={error} hint={hint} className={className}>
      {(p) => (
        <select {...select} {...p}>
          {children}
        </select>
      )}
    </Field>
  );
}

export function TextAreaField({ label, error, hint, className, ...area }: { label: ReactNode; error?: string; hint?: ReactNode } & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <Field label={label} error={error} hint={hint} className={className}>
      {(p) => <textarea {...area} {...p} />}
    </Field>
  );
}

export function Badge({ kind = "neutral", children, title }: { kind?: "neutral" | "bad" | "warn" | "good" | "info"; children: ReactNode; title?: string }) {
  return (
    <span className={`badge badge-${kind}`} title={title}>
      {children}
    </span>
  );
}

export function TierBadge({ tier }: { tier?: number }) {
  const { t } = useI18n();
  if (!tier) return <span className="muted">—</span>;
  return <Badge kind={tier === 1 ? "bad" : tier === 2 ? "warn" : "neutral"}>{t("common.tierN", { n: tier })}</Badge>;
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

export function Stat({ label, value, tone, to }: { label: ReactNode; value: ReactNode; tone?: "bad" | "warn" | "good"; to?: string }) {
  const body = (
    <>
      <div className="stat-value">{value}</div>
      <div className="stat-label">{label}</div>
    </>
  );
  return <div className={`stat${tone ? ` stat-${tone}` : ""}`}>{to ? <Link to={to}>{body}</Link> : body}</div>;
}

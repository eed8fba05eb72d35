/**
 * Picks components of the model by typing part of a name or id (Korean or English): the chosen
 * ones as chips with a remove button, the matches as buttons below the search box. One or many.
 */
import { useId, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { useI18n } from "../app/i18n";

export interface PickOption {
  id: string;
  name?: string;
  kind?: string;
}

/** The options matching `query` (part of the id or the name, any case), the chosen ones left out. */
export function matchOptions(options: readonly PickOption[], query: string, chosen: readonly string[]): PickOption[] {
  const q = query.trim().toLowerCase();
  const taken = new Set(chosen);
  return options.filter((o) => !taken.has(o.id) && (!q || o.id.toLowerCase().includes(q) || (o.name ?? "").toLowerCase().includes(q)));
}

const SHOWN = 8;

export function ComponentPicker({
  label,
  options,
  value,
  onChange,
  multiple = false,
  error,
  hint,
  name,
  className,
}: {
  label: ReactNode;
  options: readonly PickOption[];
  value: readonly string[];
  onChange: (value: string[]) => void;
  multiple?: boolean;
  error?: string;
  hint?: ReactNode;
  name?: string;
  className?: string;
}) {
  const { t } = useI18n();
  const id = useId();
  const [query, setQuery] = useState("");
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const byId = useMemo(() => new Map(options.map((o) => [o.id, o])), [options]);
  const matches = useMemo(() => matchOptions(options, query, value), [options, query, value]);
  const shown = matches.slice(0, SHOWN);
  const pick = (o: PickOption) => {
    onChange(multiple ? [...value, o.id] : [o.id]);
    setQuery("");
    if (!multiple) setOpen(false);
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "Enter") {
      e.preventDefault(); // never submits the form: Enter picks the first match
      if (shown[0]) pick(shown[0]);
    } else if (e.key === "Escape") setOpen(false);
  };
  const describedBy = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div
      className={`field picker${error ? " field-invalid" : ""}${className ? ` ${className}` : ""}`}
      ref={box}
      data-picker={name}
      onBlur={(e) => {
        if (!box.current?.contains(e.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <label htmlFor={multiple || !value.length ? id : undefined}>{label}</label>
      {value.length ? (
        <ul className="chips" aria-label={t("picker.chosen")}>
          {value.map((v) => (
            <li key={v} className="chip">
              <span>{byId.get(v)?.name ?? v}</span>
              {byId.get(v)?.name ? <code className="muted small">{v}</code> : null}
              <button type="button" className="chip-remove" aria-label={t("picker.remove", { name: byId.get(v)?.name ?? v })} onClick={() => onChange(value.filter((x) => x !== v))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {multiple || !value.length ? (
        <div className="picker-control">
          <input
            id={id}
            name={name}
            type="search"
            autoComplete="off"
            value={query}
            placeholder={t("picker.search")}
            aria-describedby={describedBy}
            aria-invalid={error ? true : undefined}
            aria-controls={open ? `${id}-options` : undefined}
            onChange={(e) => {
              setQuery(e.target.value);
              setOpen(true);
            }}
            onFocus={() => setOpen(true)}
            onKeyDown={onKey}
          />
          {open ? (
            <div className="picker-options" id={`${id}-options`} role="group" aria-label={t("picker.matches")}>
              {shown.length ? (
                <ul>
                  {shown.map((o) => (
                    <li key={o.id}>
                      <button type="button" className="picker-option" onMouseDown={(e) => e.preventDefault()} onClick={() => pick(o)}>
                        {o.name ?? o.id} {o.name ? <code className="muted small">{o.id}</code> : null}
                      </button>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="muted small" role="status">{query.trim() ? t("picker.noMatch", { q: query.trim() }) : t("picker.noneLeft")}</p>
              )}
              {matches.length > shown.length ? <p className="muted small" role="status">{t("picker.more", { n: matches.length - shown.length })}</p> : null}
            </div>
          ) : null}
        </div>
      ) : null}
      {hint ? <div className="field-hint" id={`${id}-hint`}>{hint}</div> : null}
      {error ? <div className="field-error" id={`${id}-error`} role="alert">{error}</div> : null}
    </div>
  );
}

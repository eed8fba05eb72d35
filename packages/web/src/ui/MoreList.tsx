/**
 * A list never cut silently: past `limit` items it says how many more there are, with a button
 * that shows them all (and one that folds them again).
 */
import { Fragment, useState, type ReactNode } from "react";
import { useI18n } from "../app/i18n";

export function useMore<T>(items: readonly T[], limit: number): { shown: readonly T[]; more: ReactNode } {
  const { t } = useI18n();
  const [all, setAll] = useState(false);
  const hidden = items.length - limit;
  if (hidden <= 0) return { shown: items, more: null };
  const more = (
    <button type="button" className="link-button more-button" aria-expanded={all} onClick={() => setAll((a) => !a)}>
      {all ? t("common.showFewer") : t("common.andMore", { n: hidden })}
    </button>
  );
  return { shown: all ? items : items.slice(0, limit), more };
}

/** Inline items separated by commas, the first `limit` of them, then "and N more". */
export function MoreList<T>({ items, limit, render, separator = ", " }: { items: readonly T[]; limit: number; render: (item: T) => ReactNode; separator?: string }) {
  const { shown, more } = useMore(items, limit);
  return (
    <>
      {shown.map((item, k) => <Fragment key={k}>{k ? separator : ""}{render(item)}</Fragment>)}
      {more ? <> {more}</> : null}
    </>
  );
}

/** Table rows, the first `limit` of them, then a row saying "and N more" (a button showing them). */
export function MoreRows<T>({ items, limit, colSpan, render }: { items: readonly T[]; limit: number; colSpan: number; render: (item: T, index: number) => ReactNode }) {
  const { shown, more } = useMore(items, limit);
  return (
    <>
      {shown.map(render)}
      {more ? <tr className="more-row"><td colSpan={colSpan}>{more}</td></tr> : null}
    </>
  );
}

/** List items (`<li>`), the first `limit` of them, then an item saying "and N more". */
export function MoreItems<T>({ items, limit, render }: { items: readonly T[]; limit: number; render: (item: T, index: number) => ReactNode }) {
  const { shown, more } = useMore(items, limit);
  return (
    <>
      {shown.map(render)}
      {more ? <li className="more-item">{more}</li> : null}
    </>
  );
}

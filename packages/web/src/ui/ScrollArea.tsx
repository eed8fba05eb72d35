/**
 * A box that scrolls sideways when its table or chart is wider than the screen (a phone). While
 * it does, it is a named region in the tab order, so a keyboard can scroll it (WCAG 2.1.1); when
 * everything fits it adds no tab stop.
 */
import { useEffect, useRef, useState, type ReactNode } from "react";
import { useI18n } from "../app/i18n";

export function ScrollArea({ label, className = "table-scroll", children }: { label?: string; className?: string; children: ReactNode }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const check = () => setScrolls(el.scrollWidth > el.clientWidth + 1);
    check();
    const observer = new ResizeObserver(check);
    observer.observe(el);
    for (const child of el.children) observer.observe(child);
    return () => observer.disconnect();
  }, []);
  return (
    <div ref={ref} className={className} tabIndex={scrolls ? 0 : undefined} role={scrolls ? "region" : undefined} aria-label={scrolls ? (label ?? t("common.scrollsSideways")) : undefined}>
      {children}
    </div>
  );
}

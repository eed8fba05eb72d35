import { useEffect } from "react";

/** `Page · Continuum` in the tab, so history and screen readers name the page. */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · Continuum` : "Continuum";
  }, [title]);
}

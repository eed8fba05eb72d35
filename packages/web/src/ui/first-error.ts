/**
 * After a refused save, the page scrolls to the first field that says what is wrong and puts the
 * cursor there, so a message below the fold is never missed.
 */
import { useEffect, type RefObject } from "react";

export function useScrollToFirstError(form: RefObject<HTMLElement | null>, attempt: number): void {
  useEffect(() => {
    if (!attempt) return;
    const frame = requestAnimationFrame(() => {
      const first = form.current?.querySelector<HTMLElement>(".field-invalid, .field-error, .alert-error");
      if (!first) return;
      first.scrollIntoView({ block: "center", behavior: "instant" as ScrollBehavior });
      first.querySelector<HTMLElement>("input, select, textarea")?.focus({ preventScroll: true });
    });
    return () => cancelAnimationFrame(frame);
  }, [form, attempt]);
}

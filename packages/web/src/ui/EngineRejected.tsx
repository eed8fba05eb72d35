/** The stored model does not pass this browser's engine (e.g. the server runs a newer format). */
import type { Diagnostic } from "@continuum/engine";
import { DiagnosticList } from "./ui";
import { useI18n } from "../app/i18n";

export function EngineRejected({ diagnostics }: { diagnostics: Diagnostic[] }) {
  const { t } = useI18n();
  return (
    <div className="alert alert-error" role="alert">
      <strong>{t("engine.rejected")}</strong>
      <DiagnosticList items={diagnostics.filter((d) => d.severity === "error")} />
    </div>
  );
}

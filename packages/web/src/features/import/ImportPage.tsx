/**
 * Import a model from YAML (a file, several, or a folder): all or nothing. The engine checks the
 * files in the browser first; the server checks again and either stores a new revision or
 * answers with every diagnostic (file:line) and changes nothing. Scenario files found beside the
 * model can be saved as scenarios.
 */
import { useRef, useState, type FormEvent } from "react";
import type { Diagnostic } from "@continuum/engine";
import { DiagnosticList, ErrorBox, Notice, PageHeader, Section, TextField } from "../../ui/ui";
import { api, ApiError, canEdit, orgPath } from "../../app/api";
import { engine } from "../../model/engine";
import { useI18n } from "../../app/i18n";
import { useOrgModel } from "../../model/orgdata";
import { Link } from "../../app/router";
import { useSession } from "../../app/session";
import { useTitle } from "../../app/title";
import { ScrollArea } from "../../ui/ScrollArea";
import { ScenarioExports } from "./ScenarioExports";

interface Picked {
  path: string;
  text: string;
  size: number;
  scenario?: Record<string, unknown>;
}

const MODEL_FILE = /\.(ya?ml|json)$/i;

export function ImportPage({ org }: { org: string }) {
  const { t, number } = useI18n();
  useTitle(t("import.title"));
  const session = useSession();
  const orgModel = useOrgModel();
  const fileRef = useRef<HTMLInputElement>(null);
  const folderRef = useRef<HTMLInputElement>(null);
  const [files, setFiles] = useState<Picked[]>([]);
  const [local, setLocal] = useState<{ ok: boolean; diagnostics: Diagnostic[] } | undefined>();
  const [comment, setComment] = useState("");
  const [saveScenarios, setSaveScenarios] = useState(true);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ revision: unknown; warnings: Diagnostic[]; scenarios: number } | undefined>();
  const [rejected, setRejected] = useState<ApiError | undefined>();
  const [error, setError] = useState<unknown>();
  const base = `/o/${encodeURIComponent(org)}`;

  if (!canEdit(session.role(org))) {
    return (
      <>
        <PageHeader title={t("import.title")} />
        <Notice kind="warning">{t("import.notAllowed")}</Notice>
      </>
    );
  }

  const choose = async (list: FileList | null) => {
    setResult(undefined);
    setRejected(undefined);
    setError(undefined);
    setLocal(undefined);
    if (!list) return;
    const read: Array<{ path: string; text: string; size: number }> = [];
    for (const f of Array.from(list)) {
      const path = (f as File & { webkitRelativePath?: string }).webkitRelativePath || f.name;
      if (MODEL_FILE.test(path)) read.push({ path, text: await f.text(), size: f.size });
    }
    let parsed: Awaited<ReturnType<typeof engine.parse>> = [];
    try {
      parsed = await engine.parse(read.map(({ path, text }) => ({ path, text })));
    } catch (e) {
      setError(e);
    }
    const picked: Picked[] = read.map((f, i) => {
      const docs = parsed[i]?.documents ?? [];
      // a scenario file is one even when it is the only file chosen
      const isScenario = docs.length > 0 && docs.every((d) => d !== null && typeof d === "object" && "scenario" in (d as object) && !("components" in (d as object)));
      return { ...f, scenario: isScenario ? (docs[0] as Record<string, unknown>) : undefined };
    });
    picked.sort((a, b) => a.path.localeCompare(b.path));
    setFiles(picked);
    const modelFiles = picked.filter((p) => !p.scenario);
    if (modelFiles.length) {
      try {
        setLocal(await engine.check(modelFiles.map(({ path, text }) => ({ path, text }))));
      } catch (e) {
        setError(e);
      }
    }
  };

  const modelFiles = files.filter((f) => !f.scenario);
  const scenarioFiles = files.filter((f) => f.scenario);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!modelFiles.length && !scenarioFiles.length) return;
    setBusy(true);
    setResult(undefined);
    setRejected(undefined);
    setError(undefined);
    if (!modelFiles.length) {
      // scenarios alone: each saved beside the current model as its own revision, stopping at the first refused
      try {
        let revision: unknown;
        for (const f of scenarioFiles) {
          const answer = await api.post<{ revision: unknown }>(orgPath(org, "scenarios"), { scenario: f.scenario, comment: comment.trim() || t("import.defaultComment", { files: f.path }) });
          revision = answer?.revision;
        }
        setResult({ revision, warnings: [], scenarios: scenarioFiles.length });
        await orgModel.reload();
      } catch (err) {
        if (err instanceof ApiError && err.status === 422) setRejected(err);
        else setError(err);
      } finally {
        setBusy(false);
      }
      return;
    }
    // scenario files go in the same import: the server keeps them beside the model (one revision)
    const sent = [...modelFiles, ...(saveScenarios ? scenarioFiles : [])];
    try {
      const answer = await api.post<{ revision: unknown; warnings?: Diagnostic[] }>(orgPath(org, "model", "import"), {
        files: sent.map(({ path, text }) => ({ path, text })),
        comment: comment.trim() || t("import.defaultComment", { files: sent.map((f) => f.path).join(", ") }),
      });
      const scenarios = saveScenarios ? scenarioFiles.length : 0;
      setResult({ revision: answer?.revision, warnings: answer?.warnings ?? [], scenarios });
      await orgModel.reload();
    } catch (err) {
      if (err instanceof ApiError && err.status === 422) setRejected(err);
      else setError(err);
    } finally {
      setBusy(false);
    }
  };

  const localErrors = local?.diagnostics.filter((d) => d.severity === "error") ?? [];
  const localWarnings = local?.diagnostics.filter((d) => d.severity === "warning") ?? [];
  return (
    <>
      <PageHeader title={t("import.title")} subtitle={t("import.subtitle")} />
      <form onSubmit={submit}>
        <Section title={t("import.choose")}>
          <div className="row wrap">
            <div className="field">
              <label htmlFor="import-files">{t("import.files")}</label>
              <input ref={fileRef} id="import-files" type="file" multiple accept=".yaml,.yml,.json" onChange={(e) => void choose(e.target.files)} data-testid="import-files" />
            </div>
            <div className="field">
              <label htmlFor="import-folder">{t("import.folder")}</label>
              <input
                ref={(el) => {
                  folderRef.current = el;
                  if (el) {
                    el.setAttribute("webkitdirectory", "");
                    el.setAttribute("directory", "");
                  }
                }}
                id="import-folder"
                type="file"
                multiple
                onChange={(e) => void choose(e.target.files)}
              />
            </div>
          </div>
          {files.length ? (
            <ScrollArea><table className="table compact" data-testid="import-list">
              <thead><tr><th scope="col">{t("import.file")}</th><th scope="col">{t("import.role")}</th><th scope="col" className="num">{t("import.size")}</th></tr></thead>
              <tbody>
                {files.map((f) => (
                  <tr key={f.path}>
                    <td><code>{f.path}</code></td>
                    <td>{f.scenario ? t("import.asScenario") : t("import.asModel")}</td>
                    <td className="num">{number(f.size)} B</td>
                  </tr>
                ))}
              </tbody>
            </table></ScrollArea>
          ) : <p className="muted">{t("import.nothing")}</p>}
          {local ? (
            local.ok ? (
              <Notice kind="success">{t("import.localOk", { warnings: localWarnings.length })}</Notice>
            ) : (
              <div className="alert alert-error" role="alert" data-testid="local-errors">
                <strong>{t("import.localErrors", { n: localErrors.length })}</strong>
                <DiagnosticList items={localErrors} />
              </div>
            )
          ) : null}
          {localWarnings.length && local?.ok ? (
            <details>
              <summary>{t("import.showWarnings", { n: localWarnings.length })}</summary>
              <DiagnosticList items={localWarnings} />
            </details>
          ) : null}
        </Section>
        <Section title={t("import.confirm")}>
          <p className="muted">{t("import.allOrNothing")}</p>
          <TextField label={t("common.comment")} value={comment} onChange={(e) => setComment(e.target.value)} name="comment" />
          {scenarioFiles.length && modelFiles.length ? (
            <div className="field checkbox">
              <label><input type="checkbox" checked={saveScenarios} onChange={(e) => setSaveScenarios(e.target.checked)} /> {t("import.saveScenarios", { n: scenarioFiles.length })}</label>
            </div>
          ) : null}
          <button type="submit" className="btn btn-primary" disabled={busy || (!modelFiles.length && !scenarioFiles.length) || localErrors.length > 0} aria-describedby={localErrors.length ? "import-blocked" : undefined} data-testid="import-submit">
            {busy ? t("common.working") : t("import.submit", { n: modelFiles.length + (saveScenarios || !modelFiles.length ? scenarioFiles.length : 0) })}
          </button>
          {localErrors.length ? <p id="import-blocked" className="muted small">{t("import.fixFirst")}</p> : null}
        </Section>
      </form>
      {rejected ? (
        <div className="alert alert-error" role="alert" data-testid="import-rejected">
          <strong>{t("import.rejected")}</strong>
          <p>{rejected.problem.detail ?? rejected.problem.title}</p>
          <DiagnosticList items={rejected.errors} />
        </div>
      ) : null}
      <ErrorBox error={error} />
      {result ? (
        <div className="alert alert-success" role="status" data-testid="import-done">
          <strong>{t("import.done", { n: String((result.revision as { number?: number })?.number ?? result.revision ?? "") })}</strong>
          {result.scenarios ? <p>{t("import.scenariosSaved", { n: result.scenarios })}</p> : null}
          {result.warnings.length ? <DiagnosticList items={result.warnings} limit={30} /> : null}
          <p className="row wrap">
            <Link className="btn" to={`${base}/dashboard`}>{t("nav.dashboard")}</Link>
            <Link className="btn" to={`${base}/map`}>{t("nav.map")}</Link>
            <Link className="btn btn-primary" to={`${base}/what-if`}>{t("nav.whatIf")}</Link>
          </p>
        </div>
      ) : null}
      <Section title={t("import.export")}>
        <p>{t("import.exportText")}</p>
        <p className="row wrap">
          <a className="btn" href={`${orgPath(org, "model", "export")}?format=yaml`} download>{t("import.exportYaml")}</a>
          <a className="btn" href={`${orgPath(org, "model", "export")}?format=json`} download>{t("import.exportJson")}</a>
        </p>
        <ScenarioExports org={org} revision={orgModel.revision} />
      </Section>
    </>
  );
}

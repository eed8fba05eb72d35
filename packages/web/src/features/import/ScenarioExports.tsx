/**
 * The organization's saved scenarios as files to download beside the model's export (the same
 * files `continuum pull` writes: `scenarios/<name>.yaml`), so an export loses none of them.
 */
import { useEffect, useState } from "react";
import { api, orgPath } from "../../app/api";
import { useI18n } from "../../app/i18n";

interface ExportedFile {
  path: string;
  text: string;
}

export function ScenarioExports({ org, revision }: { org: string; revision: number | undefined }) {
  const { t } = useI18n();
  const [files, setFiles] = useState<ExportedFile[] | undefined>();
  useEffect(() => {
    let live = true;
    api.get<{ files: ExportedFile[] }>(`${orgPath(org, "model", "files")}?format=yaml`).then(
      (a) => live && setFiles(a.files.filter((f) => f.path.startsWith("scenarios/"))),
      () => live && setFiles([]),
    );
    return () => {
      live = false;
    };
  }, [org, revision]);
  if (!files?.length) return null;
  return (
    <div data-testid="scenario-exports">
      <p>{t("import.exportScenarios", { n: files.length })}</p>
      <ul className="row wrap plain-list">
        {files.map((f) => (
          <li key={f.path}>
            <a className="btn btn-small" href={`data:application/yaml;charset=utf-8,${encodeURIComponent(f.text)}`} download={f.path.split("/").pop()}>
              {f.path}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

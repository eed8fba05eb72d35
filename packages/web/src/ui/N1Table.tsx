/** The N-1 site table: each site lost alone and never repaired, and what that does to the services. */
import { Empty, ErrorBox, Loading, Section } from "./ui";
import { useI18n } from "../app/i18n";
import { useAnalysis } from "../model/orgdata";
import { Link } from "../app/router";
import { ScrollArea } from "./ScrollArea";
import { MoreList } from "./MoreList";

export function N1Table({ org, currency, names, compact }: { org: string; currency: string; names: Map<string, string>; compact?: boolean }) {
  const { t, moneyShort } = useI18n();
  const { analysis, error, loading } = useAnalysis();
  const base = `/o/${encodeURIComponent(org)}`;
  const link = (id: string) => <Link key={id} to={`${base}/components/${encodeURIComponent(id)}`}>{names.get(id) ?? id}</Link>;
  const list = (ids: string[]) => (ids.length ? <MoreList items={ids} limit={12} render={link} /> : <span className="muted">—</span>);
  const body = (
    <>
      {error ? <ErrorBox error={new Error(error)} /> : null}
      {loading ? <Loading label={t("bia.analysing")} /> : null}
      {analysis && !analysis.n1Sites.length ? <Empty>{t("whatif.noSites")}</Empty> : null}
      {analysis && analysis.n1Sites.length ? (
        <ScrollArea>
          <table className="table" data-testid="n1-table">
            <thead>
              <tr>
                <th scope="col">{t("whatif.siteLost")}</th>
                <th scope="col">{t("whatif.downForGood")}</th>
                <th scope="col">{t("whatif.mtpdBroken")}</th>
                {compact ? null : <th scope="col" className="num">{t("whatif.loss30d")}</th>}
              </tr>
            </thead>
            <tbody>
              {analysis.n1Sites.map((s) => (
                <tr key={s.site} className={s.downForGood.length ? "row-bad" : ""}>
                  <td>{link(s.site)}</td>
                  <td>{list(s.downForGood)}</td>
                  <td>{list(s.mtpdBroken)}</td>
                  {compact ? null : <td className="num">{moneyShort(s.loss, currency)}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollArea>
      ) : null}
    </>
  );
  if (compact) return body;
  return (
    <Section title={t("whatif.n1Title")}>
      <p className="muted small">{t("whatif.n1Intro")}</p>
      {body}
    </Section>
  );
}

/** The likelihood × impact heat map of the risk register: the organization's bands, risks in their cells. */
import type { RiskMatrix } from "@continuum/engine";
import { useI18n } from "../../app/i18n";

export interface PlacedRisk {
  id: string;
  label: string;
  likelihood: number;
  impact: number;
}

export function HeatMap({ matrix, risks, selected, onSelect }: { matrix: RiskMatrix; risks: PlacedRisk[]; selected?: string; onSelect?: (id: string) => void }) {
  const { t } = useI18n();
  const rows = matrix.likelihood.map((_, k) => k).reverse(); // the most likely on top
  return (
    <div className="heat-map" data-testid="heat-map">
      <div className="heat-axis-y" aria-hidden="true">{t("risk.likelihood")} ↑</div>
      <table className="heat-table">
        <caption className="visually-hidden">{t("risk.heatMap")}</caption>
        <thead>
          <tr>
            <th scope="col" className="heat-corner" />
            {matrix.impact.map((b) => (
              <th scope="col" key={b.id} className="heat-col">{b.label}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((l) => (
            <tr key={matrix.likelihood[l].id}>
              <th scope="row" className="heat-row">{matrix.likelihood[l].label}</th>
              {matrix.impact.map((b, i) => {
                const level = matrix.levels[matrix.cells[l]?.[i] ?? 0];
                const here = risks.filter((r) => r.likelihood === l && r.impact === i);
                return (
                  <td key={b.id} className="heat-cell" style={{ background: level?.color }} data-cell={`${l}-${i}`} data-level={level?.id} title={level?.label}>
                    {here.map((r) => (
                      <button key={r.id} type="button" className={`heat-chip${selected === r.id ? " selected" : ""}`} data-risk={r.id} onClick={() => onSelect?.(r.id)} title={r.label}>
                        {r.label}
                      </button>
                    ))}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="heat-axis-x" aria-hidden="true">{t("risk.impact")} →</div>
      <div className="legend heat-legend">
        {matrix.levels.map((l) => (
          <span key={l.id}>
            <span className="swatch" style={{ background: l.color }} aria-hidden="true" />
            {l.label}
          </span>
        ))}
      </div>
    </div>
  );
}

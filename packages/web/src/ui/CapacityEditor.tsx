/**
 * The capacity editor shared by the what-if and the BIA: the model's teams and tools with a
 * capacity, each with the capacity this analysis uses instead ("what if we had one more DBA?").
 * Only the run changes; the model and its files stay as they are.
 */
import type { Component } from "@continuum/engine";
import { useI18n } from "../app/i18n";
import { TextField } from "./ui";

export interface CapacityTeam {
  id: string;
  name: string;
  capacity: number;
}

/** What the person typed per team id; a team left out keeps the model's capacity. */
export type CapacityText = Record<string, string>;

/** The components that declare a capacity (teams, tools), in model order. */
export function capacityTeams(components: readonly Component[] | undefined): CapacityTeam[] {
  return (components ?? []).filter((c) => c.capacity !== undefined).map((c) => ({ id: c.id, name: c.name ?? c.id, capacity: c.capacity! }));
}

/**
 * The capacities that differ from the model's (id → units), or the first team whose text is not a
 * whole number of 1 or more (with that text), so the page can say where and why.
 */
export function changedCapacities(teams: readonly CapacityTeam[], text: CapacityText): { capacities: Record<string, number> } | { bad: CapacityTeam; value: string } {
  const capacities: Record<string, number> = {};
  for (const team of teams) {
    const value = (text[team.id] ?? "").trim();
    if (value === "" || Number(value) === team.capacity) continue;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) return { bad: team, value };
    capacities[team.id] = n;
  }
  return { capacities };
}

export function CapacityEditor({ teams, text, onChange }: { teams: readonly CapacityTeam[]; text: CapacityText; onChange: (text: CapacityText) => void }) {
  const { t } = useI18n();
  if (!teams.length) return null;
  return (
    <fieldset className="field capacity-fieldset" data-testid="capacity-editor">
      <legend>{t("capacity.title")}</legend>
      <p className="muted small">{t("capacity.hint")}</p>
      <div className="form-grid tight">
        {teams.map((team) => (
          <TextField
            key={team.id}
            label={t("capacity.of", { x: team.name, n: team.capacity })}
            type="number"
            min={1}
            step={1}
            inputMode="numeric"
            value={text[team.id] ?? String(team.capacity)}
            onChange={(e) => onChange({ ...text, [team.id]: e.target.value })}
            data-capacity={team.id}
          />
        ))}
      </div>
      {Object.keys(text).length ? <button type="button" className="btn btn-small" onClick={() => onChange({})}>{t("capacity.reset")}</button> : null}
    </fieldset>
  );
}

/** A run's decisions, newest last: what, when, who, the options weighed and why. */
import { useI18n } from "../../app/i18n";
import { MoreItems } from "../../ui/MoreList";
import type { ExerciseRun } from "./exercises-api";
import { tPlus } from "./drill-words";

export function DecisionList({ run }: { run: ExerciseRun }) {
  const i18n = useI18n();
  return (
    <>
      {run.decisions.length === 0 ? <p className="muted">{i18n.t("exercises.noDecisions")}</p> : null}
      <ul className="drill-decisions" data-testid="decisions">
        <MoreItems
          items={run.decisions}
          limit={20}
          render={(d) => (
            <li key={d.id}>
              <strong>{d.decision}</strong> <span className="small muted">{tPlus(i18n, d.minute)} · {d.who}</span>
              {d.options.length ? <div className="small">{d.options.join(" / ")}</div> : null}
              {d.rationale ? <div className="small">{d.rationale}</div> : null}
            </li>
          )}
        />
      </ul>
    </>
  );
}

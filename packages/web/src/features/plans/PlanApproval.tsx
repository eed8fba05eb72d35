/**
 * A plan's approval: its status, what the reader's role may do next (submit for review; approve
 * or send back — administrators), and the history of who did what, when, in which role, at which
 * revision.
 */
import { useState } from "react";
import { canEdit, type Role } from "../../app/api";
import { useI18n, type MessageKey } from "../../app/i18n";
import { MoreItems } from "../../ui/MoreList";
import { Empty, ErrorBox, Notice, Section, TextField } from "../../ui/ui";
import { PlanStatusBadge } from "./PlanStatusBadge";
import { canApprove, plansApi, type Approval, type ApprovalAction } from "./plans-api";

export function PlanApproval({ org, id, approval, revision, role, onChanged }: { org: string; id: string; approval: Approval; revision: number | undefined; role: Role | undefined; onChanged: () => Promise<void> }) {
  const { t, date } = useI18n();
  const [comment, setComment] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const actions: ApprovalAction[] = [];
  if (approval.status === "draft" && canEdit(role)) actions.push("submit");
  if (approval.status === "in-review" && canApprove(role)) actions.push("approve", "return");
  const act = async (action: ApprovalAction) => {
    setBusy(true);
    setError(undefined);
    try {
      // acts on the plan as shown: 412 when it changed after this revision
      await plansApi.act(org, id, action, { comment: comment.trim() || undefined, expectedRevision: revision });
      setComment("");
      await onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const last = approval.history[approval.history.length - 1];
  const draftAgain = approval.status === "draft" && approval.history.some((e) => e.action === "approve") && last?.contentHash !== approval.contentHash;
  return (
    <Section title={t("plans.approval")} id="plan-approval">
      <p>{t("plans.status")}: <PlanStatusBadge status={approval.status} /></p>
      {draftAgain ? <Notice kind="warning">{t("plans.draftAgain")}</Notice> : null}
      {approval.status === "in-review" && !canApprove(role) ? <p className="muted">{t("plans.approverOnly")}</p> : null}
      <ErrorBox error={error} />
      {actions.length ? (
        <div className="approval-actions">
          <TextField label={t("plans.approvalComment")} name="approval-comment" value={comment} onChange={(e) => setComment(e.target.value)} />
          <div className="row">
            {actions.map((a) => (
              <button key={a} type="button" className={`btn${a === "return" ? "" : " btn-primary"}`} disabled={busy} onClick={() => void act(a)}>
                {t(`plans.${a}` as MessageKey)}
              </button>
            ))}
          </div>
        </div>
      ) : null}
      <h3>{t("plans.history")}</h3>
      {approval.history.length ? (
        <ol className="approval-history" data-testid="approval-history" reversed>
          <MoreItems
            items={[...approval.history].reverse()}
            limit={10}
            render={(e, k) => (
              <li key={k}>
                <strong>{t(`plans.action.${e.action}` as MessageKey)}</strong> · {e.by.name}
                {e.by.role ? ` (${t(`role.${e.by.role}` as MessageKey)})` : ""} · {date(e.at)} · {t("plans.atRevision", { n: e.revision })}
                {e.comment ? <div className="muted">“{e.comment}”</div> : null}
              </li>
            )}
          />
        </ol>
      ) : (
        <Empty>{t("plans.historyNone")}</Empty>
      )}
    </Section>
  );
}

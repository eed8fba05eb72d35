/** A plan's approval status as a badge: draft, in review, approved. */
import { useI18n, type MessageKey } from "../../app/i18n";
import { Badge } from "../../ui/ui";
import type { ApprovalStatus } from "./plans-api";

const TONE = { draft: "neutral", "in-review": "warn", approved: "good" } as const;

export function PlanStatusBadge({ status }: { status: ApprovalStatus }) {
  const { t } = useI18n();
  return <span data-testid="plan-status"><Badge kind={TONE[status]}>{t(`plans.status.${status}` as MessageKey)}</Badge></span>;
}

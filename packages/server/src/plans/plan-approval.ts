/**
 * The approval workflow of a plan document, as a pure function of its events: draft → in review
 * (submit) → approved (approve), or back to draft (return). Every event names the content it was
 * about, so an edit of the plan (new content) makes it a draft again without touching the history.
 */
import { createHash } from "node:crypto";
import { APPROVAL_ACTIONS, type ApprovalAction, type ApprovalEvent, type ApprovalStatus } from "@continuum/api";
export { APPROVAL_ACTIONS, type ApprovalAction, type ApprovalEvent, type ApprovalStatus };

/** The plan's content as the approval names it: the SHA-256 of the plan as stored. */
export function planContentHash(storedText: string): string {
  return createHash("sha256").update(storedText).digest("hex");
}

/** Where the plan stands: the last event decides, if it was about the plan as it is now. */
export function approvalStatus(events: readonly ApprovalEvent[], contentHash: string): ApprovalStatus {
  const last = events[events.length - 1];
  if (!last || last.contentHash !== contentHash) return "draft";
  return last.action === "submit" ? "in-review" : last.action === "approve" ? "approved" : "draft";
}

/** The status each action starts from. */
const FROM: Record<ApprovalAction, ApprovalStatus> = { submit: "draft", approve: "in-review", return: "in-review" };

/** Why an action may not happen now (undefined: it may). */
export function refusal(action: ApprovalAction, status: ApprovalStatus): string | undefined {
  if (FROM[action] === status) return undefined;
  const what = { submit: "submitted for review", approve: "approved", return: "sent back" }[action];
  return `the plan is ${status === "in-review" ? "in review" : status === "approved" ? "approved already" : "a draft"}: only a ${FROM[action] === "in-review" ? "plan in review" : "draft"} can be ${what}`;
}

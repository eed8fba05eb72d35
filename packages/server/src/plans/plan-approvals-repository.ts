/** SQL for plan approval events (migration 007), always scoped by organization. */
import type { Queryable } from "../storage/database.js";
import type { Actor } from "../core/access.js";
import type { ApprovalAction, ApprovalEvent } from "./plan-approval.js";

interface Row {
  action: ApprovalAction;
  content_hash: string;
  revision: number;
  actor_name: string;
  actor_email: string | null;
  actor_role: string | null;
  comment: string;
  created_at: Date | string;
}

const toEvent = (r: Row): ApprovalEvent => ({
  action: r.action,
  contentHash: r.content_hash,
  revision: r.revision,
  by: { name: r.actor_name, email: r.actor_email, role: r.actor_role },
  comment: r.comment,
  at: new Date(r.created_at).toISOString(),
});

export class PlanApprovalsRepository {
  /** A plan's events, oldest first. */
  async events(q: Queryable, organizationId: number, planId: string): Promise<ApprovalEvent[]> {
    const rows = await q.query<Row>(
      "select action, content_hash, revision, actor_name, actor_email, actor_role, comment, created_at from plan_approvals where organization_id = $1 and plan_id = $2 order by id",
      [organizationId, planId],
    );
    return rows.map(toEvent);
  }

  /** The last event of each plan of the organization. */
  async lastEvents(q: Queryable, organizationId: number): Promise<Map<string, ApprovalEvent>> {
    const rows = await q.query<Row & { plan_id: string }>(
      `select distinct on (plan_id) plan_id, action, content_hash, revision, actor_name, actor_email, actor_role, comment, created_at
         from plan_approvals where organization_id = $1 order by plan_id, id desc`,
      [organizationId],
    );
    return new Map(rows.map((r) => [r.plan_id, toEvent(r)]));
  }

  /** Serializes the workflow of one organization's plans (two approvers at once: one wins, one is refused). */
  async lock(tx: Queryable, organizationId: number): Promise<void> {
    await tx.query("select id from organizations where id = $1 for update", [organizationId]);
  }

  async add(tx: Queryable, organizationId: number, planId: string, e: { action: ApprovalAction; contentHash: string; revision: number; actor: Actor; role: string | null; comment: string }): Promise<void> {
    await tx.query(
      `insert into plan_approvals (organization_id, plan_id, action, content_hash, revision, actor_user_id, actor_name, actor_email, actor_role, comment)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [organizationId, planId, e.action, e.contentHash, e.revision, e.actor.userId, e.actor.name, e.actor.email, e.role, e.comment],
    );
  }
}

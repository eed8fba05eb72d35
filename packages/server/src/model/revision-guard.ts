/**
 * Optimistic concurrency for changes of the model. A client says which revision its change was
 * based on (`If-Match: "<revision>"`, the ETag of what it read, or an `expectedRevision` field);
 * when the model has moved on since, the change is refused with 412 naming who changed it and when
 * — unless it merges cleanly.
 *
 * The rule: a change to one element (a component or a scenario, by id) merges cleanly when no
 * revision after the expected one added, changed or removed that element; it is then applied on
 * top of the current model and validated in full, as any change is. A change of the whole model
 * (import, restore, risks, the risk matrix, settings) conflicts with any newer revision.
 * Without an expected revision, a change applies to whatever is current (last writer wins), as
 * scripts and the CLI expect.
 */
import { Type } from "@sinclair/typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Problem as ProblemBody } from "@continuum/api";
import { Problem } from "../core/problem.js";
import type { Queryable } from "../storage/database.js";
import type { Collection, ModelRepository, RevisionInfo } from "./model-repository.js";

/** The body or query field naming the revision a change was based on (the same as `If-Match`). */
export const ExpectedRevision = Type.Integer({
  minimum: 0,
  maximum: 2147483647,
  description: "the revision this change was based on (as If-Match): 412 when the model has changed since in a way this change does not merge with",
});

/** What a change touches: one element of a collection, or the whole model. */
export type Touch = { collection: Collection; ids: string[] } | "model";

export interface Guard {
  /** the revision the client's change was based on (0: no model yet) */
  expected?: number;
  touches: Touch;
}

/** The ETag of a revision of an organization's model (0 before the first one). */
export function etagOf(revision: { number: number } | null | undefined): string {
  return `"${revision?.number ?? 0}"`;
}

export function setRevisionTag(reply: FastifyReply, revision: { number: number } | null | undefined): void {
  reply.header("etag", etagOf(revision));
}

/**
 * The revision a write was based on: `If-Match` (one ETag, weak or strong; `*` means any), or an
 * `expectedRevision` in the body or the query. Both given must agree.
 */
export function expectedRevisionOf(request: FastifyRequest): number | undefined {
  const header = request.headers["if-match"];
  let fromHeader: number | undefined;
  if (typeof header === "string" && header.trim() !== "*") {
    const m = /^\s*(?:W\/)?"(\d{1,10})"\s*$/.exec(header);
    if (!m) {
      throw new Problem(400, "bad-if-match", "Invalid If-Match", 'If-Match takes the ETag of what you read, e.g. "12" (the revision number in quotes)', [
        { field: "if-match", message: `${header.slice(0, 40)} is not an ETag of this API` },
      ]);
    }
    fromHeader = Number(m[1]);
  }
  const body = request.body as { expectedRevision?: unknown } | undefined;
  const query = request.query as { expectedRevision?: unknown } | undefined;
  const field = typeof body?.expectedRevision === "number" ? body.expectedRevision : typeof query?.expectedRevision === "number" ? query.expectedRevision : undefined;
  if (fromHeader !== undefined && field !== undefined && fromHeader !== field) {
    throw new Problem(400, "bad-if-match", "Invalid If-Match", `If-Match names revision ${fromHeader} but expectedRevision is ${field}`, [{ field: "expectedRevision", message: "differs from If-Match" }]);
  }
  return fromHeader ?? field;
}

/** 412: the model moved on. Names the revision, who made it and when, and the current revision. */
export class StaleRevision extends Problem {
  constructor(
    readonly expected: number,
    readonly current: RevisionInfo | null,
    readonly conflicting: RevisionInfo | null,
    what: string,
  ) {
    const by = conflicting ? `${conflicting.author.name} at ${conflicting.createdAt} (revision ${conflicting.number})` : undefined;
    super(
      412,
      "stale-revision",
      "Changed by someone else",
      by
        ? `${what} was changed by ${by} after revision ${expected}, which your change was based on; review the current version (revision ${current?.number ?? 0}) and apply your change again`
        : `revision ${expected} is not a revision of this model (the current one is ${current?.number ?? 0}); reload and apply your change again`,
      [{ field: "if-match", message: `expected revision ${expected}, current revision ${current?.number ?? 0}` }],
      { etag: etagOf(current) },
    );
  }

  override body(): ProblemBody & Record<string, unknown> {
    const c = this.conflicting;
    return {
      ...super.body(),
      expectedRevision: this.expected,
      currentRevision: this.current?.number ?? 0,
      changedBy: c ? { name: c.author.name, email: c.author.email } : null,
      changedAt: c?.createdAt ?? null,
      changedIn: c?.number ?? null,
    };
  }
}

/**
 * Throws StaleRevision when a change based on `guard.expected` may not apply to `current`.
 * Runs before the change is built; the caller re-runs it on every retry.
 */
export async function checkGuard(repo: ModelRepository, q: Queryable, organizationId: number, current: RevisionInfo | null, guard: Guard | undefined): Promise<void> {
  if (guard?.expected === undefined) return;
  const now = current?.number ?? 0;
  const expected = guard.expected;
  if (expected === now) return;
  if (expected > now) throw new StaleRevision(expected, current, null, "the model");
  if (guard.touches === "model") throw new StaleRevision(expected, current, current, "the model");
  const touched = await repo.lastChangeOf(q, guard.touches.collection, organizationId, guard.touches.ids, expected);
  if (touched === null) return; // merges cleanly
  const conflicting = touched === now ? current : ((await repo.revisionsByNumber(q, organizationId, [touched])).get(touched) ?? null);
  const noun = guard.touches.collection === "components" ? "component" : guard.touches.collection === "scenarios" ? "scenario" : "plan";
  throw new StaleRevision(expected, current, conflicting, `${noun} "${guard.touches.ids[0]}"`);
}

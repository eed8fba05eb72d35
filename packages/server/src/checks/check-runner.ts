/**
 * Runs each organization's checks from its current model revision on the job queue: one
 * `check-run` job per check (key `check:<org>:<check>`), which schedules its next run before it
 * probes, so a check keeps running when a server dies mid-probe and a slow probe never holds up
 * the queue (re-projections run beside it). Each result is kept; after `failureThreshold`
 * consecutive failures the check raises a signal into the same table intake writes (so it feeds
 * the business clock and incidents), after `successThreshold` successes it closes it.
 */
import { checksOf, checkVerdict, type CheckDefinition, type ProbeObservation } from "@continuum/engine";
import { JobQueue } from "../incidents/job-queue.js";
import type { IntakeRepository } from "../intake/intake-repository.js";
import type { Database, Queryable } from "../storage/database.js";
import { probe } from "./check-probes.js";
import type { ChecksRepository } from "./checks-repository.js";

/** How often each server looks for organizations whose model changed (their checks are then scheduled at once). */
export const SWEEP_MS = 5000;

/** The checks of a stored header (validated when its revision was committed). */
function checksOfHeader(header: Record<string, unknown> | undefined): CheckDefinition[] {
  const raw = header?.checks;
  return raw === undefined || raw === null ? [] : checksOf({ extra: { checks: Array.isArray(raw) ? raw : [raw] } });
}

export const checkJobKey = (organizationId: number, checkId: string) => `check:${organizationId}:${checkId}`;
export const checkSignalKey = (checkId: string) => `check:${checkId}`;

export class CheckRunner {
  private readonly seen = new Map<number, number>();
  private readonly running = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;

  constructor(
    private readonly db: Database,
    private readonly checks: ChecksRepository,
    private readonly intake: IntakeRepository,
    private readonly wake: () => void,
    private readonly log: (e: unknown) => void = () => undefined,
    private readonly probeCheck: (check: CheckDefinition) => Promise<ProbeObservation> = probe,
  ) {}

  start(): void {
    const sweep = () => {
      if (!this.sweeping) this.sweeping = this.sweep().catch(this.log).finally(() => (this.sweeping = undefined));
    };
    sweep();
    this.timer = setInterval(sweep, SWEEP_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.sweeping;
    await Promise.allSettled(this.running.values());
  }

  /** Schedules at once the checks of every organization whose model revision changed since the last sweep. */
  async sweep(): Promise<void> {
    const orgs = await this.db.query<{ id: number; current_revision: number | null }>("select id, current_revision from organizations where coalesce(current_revision, 0) > 0");
    for (const org of orgs) {
      if (this.seen.get(org.id) === org.current_revision) continue;
      const checks = await this.checksOf(org.id);
      if (checks.length) {
        await this.db.transaction(async (tx) => {
          for (const c of checks) await JobQueue.enqueue(tx, { kind: "check-run", key: checkJobKey(org.id, c.id), payload: { organizationId: org.id, checkId: c.id } });
        });
        this.wake();
      }
      this.seen.set(org.id, org.current_revision!);
    }
  }

  /**
   * The checks of the current revision, read from its stored header: neither the components nor
   * the compiled model are needed to know them.
   */
  async checksOf(organizationId: number): Promise<CheckDefinition[]> {
    return checksOfHeader((await this.checks.currentHeader(this.db, organizationId))?.header);
  }

  /**
   * The `check-run` job: the next run is scheduled first, then the probe runs beside the queue
   * (`probed` settles when its result is recorded). A check no longer in the model is not
   * scheduled again.
   */
  async run(organizationId: number, checkId: string): Promise<{ probed: Promise<void> } | undefined> {
    const current = await this.checks.currentHeader(this.db, organizationId);
    const check = checksOfHeader(current?.header).find((c) => c.id === checkId);
    if (!check) return undefined;
    const key = checkJobKey(organizationId, checkId);
    await JobQueue.enqueue(this.db, { kind: "check-run", key, payload: { organizationId, checkId }, runAt: new Date(Date.now() + check.intervalMs), replaceRunAt: true });
    const busy = this.running.get(key);
    if (busy) return { probed: busy }; // a probe slower than the interval: this turn is skipped
    const run = this.probeAndRecord(organizationId, check, current!.revision)
      .catch(this.log)
      .finally(() => this.running.delete(key));
    this.running.set(key, run);
    return { probed: run };
  }

  private async probeAndRecord(organizationId: number, check: CheckDefinition, revision: number | null): Promise<void> {
    const startedAt = new Date().toISOString();
    const seen = await this.probeCheck({ ...check, timeoutMs: Math.min(check.timeoutMs, check.intervalMs) });
    const verdict = checkVerdict(check.conditions, seen, check.expected);
    const changed = await this.db.transaction(async (tx) => {
      await this.checks.addResult(tx, organizationId, {
        checkId: check.id,
        component: check.component,
        revision,
        startedAt,
        success: verdict.success,
        responseTimeMs: seen.responseTimeMs,
        statusCode: seen.status ?? null,
        error: seen.error ?? null,
        conditions: verdict.conditions,
      });
      const { before, now } = await this.checks.countRun(tx, organizationId, check.id, verdict.success, startedAt);
      if (!verdict.success && now.failures >= check.failureThreshold && before !== "down") {
        await this.checks.setState(tx, organizationId, check.id, "down");
        await this.signal(tx, organizationId, check, "firing", new Date(now.streakStartedAt ?? startedAt), verdict.conditions.find((c) => !c.success)?.resolved ?? seen.error ?? "failed");
        return true;
      }
      if (verdict.success && now.successes >= check.successThreshold && before !== "up") {
        await this.checks.setState(tx, organizationId, check.id, "up");
        if (before === "down") {
          await this.signal(tx, organizationId, check, "resolved", new Date(), "up");
          return true;
        }
      }
      return false;
    });
    if (changed) this.wake();
  }

  private async signal(tx: Queryable, organizationId: number, check: CheckDefinition, status: "firing" | "resolved", at: Date, why: string): Promise<void> {
    await this.intake.storeAlerts(
      tx,
      organizationId,
      "check",
      [
        {
          dedupKey: checkSignalKey(check.id),
          status,
          summary: status === "firing" ? `${check.name}: failing (${why})` : `${check.name}: up`,
          labels: { check: check.id, component: check.component, type: check.type },
          defaultLabel: "component",
          startedAt: at,
          endedAt: status === "resolved" ? at : null,
          raw: JSON.stringify({ check: check.id, status, why }),
          components: [check.component],
          rule: null,
        },
      ],
      false,
    );
    await JobQueue.enqueue(tx, { kind: "reproject", key: `reproject:${organizationId}`, payload: { organizationId } });
  }
}

/**
 * Group commit for intake: the alerts of the requests that arrive within a few milliseconds (or
 * while the previous batch commits) are stored in ONE transaction, with one re-projection job
 * per organization, and each request is answered only after that transaction commits — nothing
 * acknowledged is lost, and a storm costs one commit per batch instead of one per request. A
 * batch that fails is retried request by request, so one bad write fails alone.
 */
import { JobQueue } from "../incidents/job-queue.js";
import type { Database } from "../storage/database.js";
import type { IntakeRepository, StoredAlert } from "./intake-repository.js";
import type { SignalSource } from "./payloads.js";

export interface IntakeWrite {
  organizationId: number;
  source: SignalSource;
  alerts: StoredAlert[];
  exercise: boolean;
}

export type IntakeCounts = { opened: number; updated: number; closed: number };

interface Waiting {
  write: IntakeWrite;
  resolve(counts: IntakeCounts): void;
  reject(e: unknown): void;
}

/** How long the first request of a batch waits for others (a request arriving during a commit waits for that commit anyway). */
export const BATCH_WAIT_MS = 3;
/** The most requests in one transaction. */
export const BATCH_MAX = 256;

export class IntakeBatch {
  private waiting: Waiting[] = [];
  private timer: NodeJS.Timeout | undefined;
  private committing: Promise<void> | undefined;

  constructor(
    private readonly db: Database,
    private readonly intake: IntakeRepository,
    /** when the organization's re-projection should run (the desk paces it under a storm) */
    private readonly reprojectAt: (organizationId: number) => Date,
  ) {}

  /** Stores the alerts of one request; settles once they are committed. */
  store(write: IntakeWrite): Promise<IntakeCounts> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ write, resolve, reject });
      if (this.committing) return; // taken when the running commit ends
      if (this.waiting.length >= BATCH_MAX) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), BATCH_WAIT_MS);
    });
  }

  /** Settles when everything handed in so far is committed (or refused). */
  async idle(): Promise<void> {
    while (this.committing || this.waiting.length) {
      if (!this.committing) this.flush();
      await this.committing;
    }
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.committing || !this.waiting.length) return;
    const batch = this.waiting.splice(0, BATCH_MAX);
    this.committing = this.commit(batch).finally(() => {
      this.committing = undefined;
      if (this.waiting.length) this.flush();
    });
  }

  private async commit(batch: Waiting[]): Promise<void> {
    let counts: IntakeCounts[];
    try {
      counts = await this.db.transaction(async (tx) => {
        const out: IntakeCounts[] = [];
        for (const { write } of batch) out.push(await this.intake.storeAlerts(tx, write.organizationId, write.source, write.alerts, write.exercise));
        for (const organizationId of new Set(batch.map((b) => b.write.organizationId))) {
          await JobQueue.enqueue(tx, { kind: "reproject", key: `reproject:${organizationId}`, payload: { organizationId }, runAt: this.reprojectAt(organizationId) });
        }
        return out;
      });
    } catch (e) {
      if (batch.length === 1) return batch[0].reject(e);
      for (const one of batch) await this.commit([one]);
      return;
    }
    batch.forEach((b, i) => b.resolve(counts[i]));
  }
}

/**
 * How soon an organization's re-projection runs after new alerts. A storm is projected once per
 * interval, not once per request (the job's key keeps one pending per organization), and the
 * interval grows with what the last projection cost: the next one starts no sooner than
 * REPROJECT_GAP_FACTOR times its duration after it ended, so that however large the storm,
 * projection takes at most about a quarter of the server's time and intake keeps the rest.
 */
export const REPROJECT_AFTER_MS = 300;
export const REPROJECT_GAP_FACTOR = 3;

export class ReprojectionPace {
  private readonly last = new Map<number, { endedAt: number; ms: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** When the next re-projection of this organization should run. */
  next(organizationId: number): Date {
    const soonest = this.now() + REPROJECT_AFTER_MS;
    const last = this.last.get(organizationId);
    return new Date(last ? Math.max(soonest, last.endedAt + REPROJECT_GAP_FACTOR * last.ms) : soonest);
  }

  /** Runs one re-projection and remembers what it cost. */
  async timed(organizationId: number, reproject: () => Promise<void>): Promise<void> {
    const started = this.now();
    try {
      await reproject();
    } finally {
      const ended = this.now();
      this.last.set(organizationId, { endedAt: ended, ms: ended - started });
    }
  }
}

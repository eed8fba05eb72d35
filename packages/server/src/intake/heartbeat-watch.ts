/** The heartbeat-check job: a monitor whose last beat is older than its interval is down since then. */
import type { Database } from "../storage/database.js";
import { JobQueue } from "../incidents/job-queue.js";
import type { IntakeRepository } from "./intake-repository.js";

export async function checkHeartbeat(db: Database, intake: IntakeRepository, heartbeatId: number): Promise<boolean> {
  return db.transaction(async (tx) => {
    const monitor = await intake.markMissed(tx, heartbeatId);
    if (!monitor) return false;
    const since = new Date(Date.parse(monitor.lastSeenAt ?? monitor.createdAt) + monitor.intervalSeconds * 1000);
    await intake.storeAlerts(
      tx,
      monitor.organizationId,
      "heartbeat",
      [
        {
          dedupKey: `heartbeat:${monitor.id}`,
          status: "firing",
          summary: `${monitor.name}: no heartbeat for ${monitor.intervalSeconds} s`,
          labels: { monitor: monitor.name, component: monitor.component },
          defaultLabel: "component",
          startedAt: since,
          endedAt: null,
          raw: JSON.stringify({ missed: true, lastSeenAt: monitor.lastSeenAt, intervalSeconds: monitor.intervalSeconds }),
          components: [monitor.component],
          rule: null,
        },
      ],
      monitor.exercise,
    );
    await JobQueue.enqueue(tx, { kind: "reproject", key: `reproject:${monitor.organizationId}`, payload: { organizationId: monitor.organizationId } });
    return true;
  });
}

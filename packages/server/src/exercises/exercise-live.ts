/**
 * The exercise console, live: a run's stream says `changed` whenever something is recorded in it
 * (an inject sent early, a step, a milestone, a decision, a finding, the finish) and when its clock
 * reaches the next inject, so the console re-reads the run instead of polling it. The clock's
 * injects are not records (the run's state derives them from the time), hence the timer.
 */
import type { ServerResponse } from "node:http";
import type { FastifyReply, FastifyRequest } from "fastify";
import { EVENT_STREAM_HEADERS, type LiveHub } from "../incidents/live.js";
import type { ExerciseRun } from "./exercise-runs-repository.js";

export const runChannel = (organizationId: number, number: number) => `exercise-run:${organizationId}:${number}`;

/** Milliseconds from `now` until the run's clock reaches its next inject; null when finished or all are out. */
export function untilNextInject(run: Pick<ExerciseRun, "status" | "startedAt" | "speed" | "baseline">, now: Date): number | null {
  if (run.status !== "running") return null;
  const elapsed = now.getTime() - run.startedAt.getTime();
  const minuteNow = (elapsed * run.speed) / 60_000;
  let next = Infinity;
  for (const inject of run.baseline.injects) if (inject.at > minuteNow && inject.at < next) next = inject.at;
  if (next === Infinity) return null;
  return Math.max(0, (next * 60_000) / run.speed - elapsed);
}

/** Serves one run's event stream until the browser leaves (or the server closes: `streams`). */
export function streamRun(request: FastifyRequest, reply: FastifyReply, hub: LiveHub, run: ExerciseRun, reload: () => Promise<ExerciseRun | undefined>, streams: Set<ServerResponse>): void {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, EVENT_STREAM_HEADERS);
  let closed = false;
  let folding: NodeJS.Timeout | undefined;
  let clock: NodeJS.Timeout | undefined;
  // a burst of records gives one event (the console re-reads the whole run anyway)
  const changed = () => (folding ??= setTimeout(() => ((folding = undefined), closed || res.write("event: changed\ndata: {}\n\n")), 100));
  const schedule = (current: ExerciseRun) => {
    if (clock) clearTimeout(clock);
    clock = undefined;
    const wait = untilNextInject(current, new Date());
    if (wait === null || closed) return;
    // a little after the minute, so that the re-read sees the inject out; capped to what a timer holds
    clock = setTimeout(() => {
      changed();
      schedule(current);
    }, Math.min(wait + 50, 2 ** 31 - 1));
  };
  const stop = hub.listen(runChannel(run.organizationId, run.number), () => {
    changed();
    // the run may have finished (no more injects) or been re-read: plan the clock again
    reload().then((fresh) => fresh && schedule(fresh), (e) => request.log.warn({ err: e }, "live exercise run re-read failed"));
  });
  const beat = setInterval(() => res.write(": beat\n\n"), 30_000);
  streams.add(res);
  request.raw.on("close", () => {
    closed = true;
    streams.delete(res);
    stop();
    clearInterval(beat);
    if (folding) clearTimeout(folding);
    if (clock) clearTimeout(clock);
  });
  res.write("retry: 2000\n\n");
  schedule(run);
}

/**
 * A run, re-read whenever the server says it changed (server-sent events: a record, the finish, an
 * inject out on the clock), with its clock ticking in between (exercise minutes at its speed). A
 * slow poll stays as the fallback for a stream that a proxy cuts.
 */
import { useCallback, useEffect, useState } from "react";
import { exercisesApi, type ExerciseRun } from "./exercises-api";

export function useRun(org: string, n: number, refreshMs = 30_000) {
  const [run, setRun] = useState<ExerciseRun | null>(null);
  const [readAt, setReadAt] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const [now, setNow] = useState(() => Date.now());
  const show = useCallback((r: ExerciseRun) => {
    setRun(r);
    setReadAt(Date.now());
    setError(null);
  }, []);
  const reload = useCallback(() => exercisesApi.get(org, n).then(show, setError), [org, n, show]);
  useEffect(() => {
    void reload();
  }, [reload]);
  const running = run?.status === "running";
  useEffect(() => {
    if (!running) return;
    const tick = setInterval(() => setNow(Date.now()), 1000);
    const source = new EventSource(exercisesApi.liveUrl(org, n));
    source.addEventListener("changed", () => void reload());
    // after a dropped stream the browser reconnects by itself; read once so nothing missed meanwhile stays unseen
    source.onopen = () => void reload();
    const poll = setInterval(() => void reload(), refreshMs);
    return () => (clearInterval(tick), clearInterval(poll), source.close());
  }, [running, reload, refreshMs, org, n]);
  const minute = run ? (running ? run.minuteNow + (Math.max(0, now - readAt) * run.speed) / 60_000 : run.minuteNow) : 0;
  /** Sends a change; the answer is the run as the server now has it. */
  const act = useCallback((call: Promise<ExerciseRun>) => call.then(show, setError), [show]);
  return { run, minute, error, act, reload };
}

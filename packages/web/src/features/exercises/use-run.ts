/** A run, re-read every few seconds, with its clock ticking in between (exercise minutes at its speed). */
import { useCallback, useEffect, useState } from "react";
import { exercisesApi, type ExerciseRun } from "./exercises-api";

export function useRun(org: string, n: number, refreshMs = 3000) {
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
    const poll = setInterval(() => void reload(), refreshMs);
    return () => (clearInterval(tick), clearInterval(poll));
  }, [running, reload, refreshMs]);
  const minute = run ? (running ? run.minuteNow + (Math.max(0, now - readAt) * run.speed) / 60_000 : run.minuteNow) : 0;
  /** Sends a change; the answer is the run as the server now has it. */
  const act = useCallback((call: Promise<ExerciseRun>) => call.then(show, setError), [show]);
  return { run, minute, error, act, reload };
}

/** Linear scales and "nice" ticks for the SVG charts (no chart library needed). */

export function linear(d0: number, d1: number, r0: number, r1: number): (x: number) => number {
  const span = d1 - d0 || 1;
  return (x) => r0 + ((x - d0) / span) * (r1 - r0);
}

/** About `count` round ticks from 0 to max (1, 2, 5 × 10^k steps). */
export function niceTicks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [0];
  while (out[out.length - 1] < max - step * 1e-9) out.push(out[out.length - 1] + step);
  return out;
}

/** Round time ticks in minutes: minutes, hours, days or weeks as the span needs. */
export function timeTicks(maxMinutes: number, count = 6): number[] {
  if (!(maxMinutes > 0)) return [0];
  const steps = [5, 10, 15, 30, 60, 120, 180, 240, 360, 720, 1440, 2880, 4320, 10080, 20160, 43200];
  const raw = maxMinutes / count;
  const step = steps.find((s) => s >= raw) ?? Math.ceil(raw / 43200) * 43200;
  const out: number[] = [];
  for (let v = 0; v <= maxMinutes + 1e-9; v += step) out.push(v);
  return out;
}

export const CATEGORY_COLORS: Record<string, string> = {
  financial: "#1f4e8c",
  customer: "#2a9d8f",
  regulatory: "#e07a1f",
  reputational: "#8e5bd6",
  safety: "#c92a2a",
};

export function categoryColor(category: string, k = 0): string {
  return CATEGORY_COLORS[category] ?? ["#6c757d", "#a0522d", "#3d8b37", "#b5838d"][k % 4];
}

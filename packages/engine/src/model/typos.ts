/** Finds the known word a mistyped key or id was probably meant to be. */

export function editDistance(a: string, b: string, limit = 3): number {
  // Damerau–Levenshtein (optimal string alignment): `rot` → `rto` is one transposition.
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array(rows * cols);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[(i - 1) * cols + j] + 1, d[i * cols + j - 1] + 1, d[(i - 1) * cols + j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[(i - 2) * cols + j - 2] + 1);
      d[i * cols + j] = v;
    }
  }
  return d[rows * cols - 1];
}

const squash = (s: string) => s.toLowerCase().replace(/[-_\s]/g, "");

/** The known key `key` is most likely a typo of, if any is close enough to be a likely typo. */
export function likelyTypo(key: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const k = squash(key);
  for (const candidate of known) {
    const c = squash(candidate);
    if (c === k) return candidate;
    const limit = c.length <= 4 ? 1 : 2;
    const dist = editDistance(k, c, limit);
    if (dist <= limit && dist < bestDistance) {
      best = candidate;
      bestDistance = dist;
    }
  }
  return best;
}

/** Up to `max` known ids close to `id`, for "did you mean" hints (scans; only used on the error path). */
export function closestIds(id: string, ids: Iterable<string>, max = 3): string[] {
  const scored: Array<[number, string]> = [];
  const limit = Math.max(1, Math.min(3, Math.floor(id.length / 3)));
  for (const candidate of ids) {
    const dist = editDistance(id, candidate, limit);
    if (dist <= limit) scored.push([dist, candidate]);
  }
  scored.sort((x, y) => x[0] - y[0] || (x[1] < y[1] ? -1 : 1));
  return scored.slice(0, max).map((s) => s[1]);
}

import { describe, expect, it } from "vitest";
import { computeLayout, levels, NODE_H, NODE_W, type LayoutInput } from "../src/features/map/layout";

function csr(n: number, edges: Array<[number, number]>) {
  const needStart = new Int32Array(n + 1);
  for (const [a] of edges) needStart[a + 1]++;
  for (let i = 0; i < n; i++) needStart[i + 1] += needStart[i];
  const needTarget = new Int32Array(edges.length);
  const fill = needStart.slice(0, n);
  for (const [a, b] of edges) needTarget[fill[a]++] = b;
  return { needStart, needTarget };
}

/** A layered model: 10 sites, services on top, hosts below, each needing a few things in its site. */
function bigModel(n: number): LayoutInput {
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const ids = Array.from({ length: n }, (_, i) => `c${i}`);
  const cluster = ids.map((_, i) => (i % 13 === 0 ? null : `site-${i % 10}`));
  const edges: Array<[number, number]> = [];
  for (let i = 0; i < n; i++) for (let k = 0; k < 3; k++) {
    const j = i + 1 + Math.floor(rand() * 200);
    if (j < n) edges.push([i, j]);
  }
  return { ids, cluster, clusterLabels: {}, ...csr(n, edges) };
}

describe("layout", () => {
  it("levels: longest chain below, cycles cut", () => {
    // 0 → 1 → 2, 3 → 2, 4 ⇄ 5
    const { needStart, needTarget } = csr(6, [[0, 1], [1, 2], [3, 2], [4, 5], [5, 4]]);
    expect([...levels(6, needStart, needTarget)]).toEqual([2, 1, 0, 1, 1, 0]);
  });
  it("puts each component inside its site box, boxes never overlap, dependents above what they need", () => {
    const input = bigModel(5000);
    const r = computeLayout(input);
    expect(r.clusters.length).toBe(11);
    for (let i = 0; i < 5000; i++) {
      const c = r.clusters[r.clusterOf[i]];
      expect(r.x[i] - NODE_W / 2).toBeGreaterThanOrEqual(c.x - 1e-3);
      expect(r.x[i] + NODE_W / 2).toBeLessThanOrEqual(c.x + c.w + 1e-3);
      expect(r.y[i] - NODE_H / 2).toBeGreaterThanOrEqual(c.y - 1e-3);
      expect(r.y[i] + NODE_H / 2).toBeLessThanOrEqual(c.y + c.h + 1e-3);
    }
    for (let a = 0; a < r.clusters.length; a++) for (let b = a + 1; b < r.clusters.length; b++) {
      const p = r.clusters[a];
      const q = r.clusters[b];
      const apart = p.x + p.w <= q.x || q.x + q.w <= p.x || p.y + p.h <= q.y || q.y + q.h <= p.y;
      expect(apart, `${p.key} and ${q.key} overlap`).toBe(true);
    }
    // within a site, what a component needs is never drawn above it
    for (let i = 0; i < 5000; i++) for (let e = input.needStart[i]; e < input.needStart[i + 1]; e++) {
      const j = input.needTarget[e];
      if (r.clusterOf[i] === r.clusterOf[j]) expect(r.y[j]).toBeGreaterThan(r.y[i]);
    }
  });
  it("lays out 5,000 components fast", () => {
    const input = bigModel(5000);
    const t0 = performance.now();
    computeLayout(input);
    expect(performance.now() - t0).toBeLessThan(1500);
  });
});

/**
 * The dependency map's layout, computed once per model revision (in a Web Worker): components are
 * grouped by site; inside a site they are layered by dependency depth (what nothing needs at the
 * top, foundations at the bottom) and ordered to reduce crossings; the sites are then placed with a
 * small force simulation so sites that depend on each other sit close. Linear in the size of the
 * model apart from the ordering sweeps, so thousands of components take milliseconds.
 */
import { forceCollide, forceLink, forceManyBody, forceSimulation, forceX, forceY, type SimulationNodeDatum } from "d3-force";

export interface LayoutInput {
  ids: string[];
  /** cluster key per component (a site id, or null for "spans sites / no site") */
  cluster: Array<string | null>;
  clusterLabels: Record<string, string>;
  /** requirements in CSR form: needs of i are needTarget[needStart[i] .. needStart[i+1]) */
  needStart: Int32Array;
  needTarget: Int32Array;
}

export interface ClusterBox {
  key: string;
  label: string;
  x: number;
  y: number;
  w: number;
  h: number;
  count: number;
}

export interface LayoutResult {
  x: Float32Array;
  y: Float32Array;
  level: Int32Array;
  clusterOf: Int32Array;
  clusters: ClusterBox[];
  bounds: { x0: number; y0: number; x1: number; y1: number };
  ms: number;
}

export const NODE_W = 150;
export const NODE_H = 34;
const DX = 172;
const DY = 84;
const PAD = 40;
const HEADER = 46;
export const NO_SITE = "\u0000none";

/** Longest chain of requirements below each component (0 = needs nothing); edges closing a cycle are ignored. */
export function levels(n: number, needStart: Int32Array, needTarget: Int32Array): Int32Array {
  const level = new Int32Array(n);
  const state = new Uint8Array(n); // 0 new, 1 on stack, 2 done
  const stackNode = new Int32Array(n);
  const stackEdge = new Int32Array(n);
  for (let root = 0; root < n; root++) {
    if (state[root]) continue;
    let depth = 0;
    stackNode[0] = root;
    stackEdge[0] = needStart[root];
    state[root] = 1;
    while (depth >= 0) {
      const v = stackNode[depth];
      if (stackEdge[depth] < needStart[v + 1]) {
        const w = needTarget[stackEdge[depth]++];
        if (state[w] === 0) {
          state[w] = 1;
          depth++;
          stackNode[depth] = w;
          stackEdge[depth] = needStart[w];
        }
        continue;
      }
      let l = 0;
      for (let e = needStart[v]; e < needStart[v + 1]; e++) {
        const w = needTarget[e];
        if (state[w] === 2 && level[w] + 1 > l) l = level[w] + 1;
      }
      level[v] = l;
      state[v] = 2;
      depth--;
    }
  }
  return level;
}

export function computeLayout(input: LayoutInput): LayoutResult {
  const t0 = performance.now();
  const n = input.ids.length;
  const { needStart, needTarget } = input;
  const level = levels(n, needStart, needTarget);

  // reverse edges (who needs i)
  const revCount = new Int32Array(n + 1);
  for (let e = 0; e < needTarget.length; e++) revCount[needTarget[e] + 1]++;
  for (let i = 0; i < n; i++) revCount[i + 1] += revCount[i];
  const revStart = revCount.slice();
  const revSource = new Int32Array(needTarget.length);
  const fill = revStart.slice(0, n);
  for (let i = 0; i < n; i++) for (let e = needStart[i]; e < needStart[i + 1]; e++) revSource[fill[needTarget[e]]++] = i;

  // clusters
  const keys = new Map<string, number>();
  const clusterOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const key = input.cluster[i] ?? NO_SITE;
    let c = keys.get(key);
    if (c === undefined) {
      c = keys.size;
      keys.set(key, c);
    }
    clusterOf[i] = c;
  }
  const clusterKeys = [...keys.keys()];
  const members: number[][] = clusterKeys.map(() => []);
  for (let i = 0; i < n; i++) members[clusterOf[i]].push(i);

  const localX = new Float32Array(n);
  const localY = new Float32Array(n);
  const pos = new Float64Array(n); // order within a row, for barycenters
  const sizes: Array<{ w: number; h: number }> = [];

  members.forEach((list) => {
    let maxLevel = 0;
    for (const i of list) if (level[i] > maxLevel) maxLevel = level[i];
    const byLevel: number[][] = Array.from({ length: maxLevel + 1 }, () => []);
    for (const i of list) byLevel[level[i]].push(i);
    // about as wide as tall, so sites pack closely
    const perRow = Math.max(6, Math.ceil(Math.sqrt((list.length * DY) / DX) * 1.25));
    // initial order: by id, so layouts are stable across runs
    for (const row of byLevel) row.sort((a, b) => (input.ids[a] < input.ids[b] ? -1 : 1));
    const setPos = (row: number[]) => row.forEach((i, k) => (pos[i] = k - row.length / 2));
    byLevel.forEach(setPos);
    // upward sweep: order by what each needs; downward: by what needs it
    const sweep = (row: number[], neighbours: (i: number, visit: (j: number) => void) => void) => {
      const bary = new Map<number, number>();
      for (const i of row) {
        let sum = 0;
        let count = 0;
        neighbours(i, (j) => {
          if (clusterOf[j] === clusterOf[i]) {
            sum += pos[j];
            count++;
          }
        });
        bary.set(i, count ? sum / count : pos[i]);
      }
      row.sort((a, b) => bary.get(a)! - bary.get(b)! || (input.ids[a] < input.ids[b] ? -1 : 1));
      setPos(row);
    };
    const needsOf = (i: number, visit: (j: number) => void) => {
      for (let e = needStart[i]; e < needStart[i + 1]; e++) visit(needTarget[e]);
    };
    const neededBy = (i: number, visit: (j: number) => void) => {
      for (let e = revStart[i]; e < revStart[i + 1]; e++) visit(revSource[e]);
    };
    for (let pass = 0; pass < 2; pass++) {
      for (let l = 1; l <= maxLevel; l++) sweep(byLevel[l], needsOf);
      for (let l = maxLevel - 1; l >= 0; l--) sweep(byLevel[l], neededBy);
    }
    // rows: top = highest level; a wide level wraps onto several rows
    let rowIndex = 0;
    let widest = 1;
    for (let l = maxLevel; l >= 0; l--) {
      const row = byLevel[l];
      if (!row.length) continue;
      for (let k = 0; k < row.length; k += perRow) {
        const chunk = row.slice(k, k + perRow);
        widest = Math.max(widest, chunk.length);
        chunk.forEach((i, j) => {
          localX[i] = j - (chunk.length - 1) / 2;
          localY[i] = rowIndex;
        });
        rowIndex++;
      }
    }
    const w = widest * DX + PAD * 2 - (DX - NODE_W);
    const h = Math.max(1, rowIndex) * DY + HEADER + PAD - (DY - NODE_H);
    for (const i of list) {
      localX[i] = w / 2 + localX[i] * DX;
      localY[i] = HEADER + NODE_H / 2 + localY[i] * DY;
    }
    sizes.push({ w, h });
  });

  // place the clusters: linked sites attract, boxes never overlap (collision on the half diagonal)
  interface CNode extends SimulationNodeDatum {
    index: number;
    r: number;
  }
  const cnodes: CNode[] = sizes.map((s, k) => ({ index: k, r: Math.hypot(s.w, s.h) / 2 + 30, x: Math.cos(k * 2.4) * 400 * Math.sqrt(k + 1), y: Math.sin(k * 2.4) * 400 * Math.sqrt(k + 1) }));
  const linkCount = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    for (let e = needStart[i]; e < needStart[i + 1]; e++) {
      const a = clusterOf[i];
      const b = clusterOf[needTarget[e]];
      if (a === b) continue;
      const key = a < b ? `${a},${b}` : `${b},${a}`;
      linkCount.set(key, (linkCount.get(key) ?? 0) + 1);
    }
  }
  const links = [...linkCount].map(([key, count]) => {
    const [a, b] = key.split(",").map(Number);
    return { source: a, target: b, count };
  });
  if (cnodes.length > 1) {
    const sim = forceSimulation(cnodes)
      .force("collide", forceCollide<CNode>((d) => d.r).strength(1).iterations(3))
      .force("link", forceLink<CNode, { source: number; target: number; count: number }>(links).id((d) => d.index).distance((l) => ((l.source as unknown as CNode).r + (l.target as unknown as CNode).r) * 1.05).strength(0.3))
      .force("charge", forceManyBody<CNode>().strength(-200))
      .force("x", forceX(0).strength(0.04))
      .force("y", forceY(0).strength(0.06))
      .stop();
    for (let k = 0; k < 300; k++) sim.tick();
  } else if (cnodes.length === 1) {
    cnodes[0].x = 0;
    cnodes[0].y = 0;
  }
  const clusters: ClusterBox[] = cnodes.map((c, k) => {
    const key = clusterKeys[k];
    return {
      key,
      label: key === NO_SITE ? "" : input.clusterLabels[key] ?? key,
      x: (c.x ?? 0) - sizes[k].w / 2,
      y: (c.y ?? 0) - sizes[k].h / 2,
      w: sizes[k].w,
      h: sizes[k].h,
      count: members[k].length,
    };
  });
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const c = clusters[clusterOf[i]];
    x[i] = c.x + localX[i];
    y[i] = c.y + localY[i];
  }
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const c of clusters) {
    x0 = Math.min(x0, c.x);
    y0 = Math.min(y0, c.y);
    x1 = Math.max(x1, c.x + c.w);
    y1 = Math.max(y1, c.y + c.h);
  }
  if (!clusters.length) x0 = y0 = x1 = y1 = 0;
  return { x, y, level, clusterOf, clusters, bounds: { x0, y0, x1, y1 }, ms: performance.now() - t0 };
}

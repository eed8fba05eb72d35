/**
 * The dependency map drawn on a <canvas>: pan and zoom (mouse, wheel, touch pinch, keyboard),
 * level of detail (sites and bundled links when far, component boxes in the middle, labels only
 * close up), and a click that lights up a component's blast radius (everything that depends on
 * it, transitively). Only what is on screen is drawn, and only when something changed.
 */
import { NODE_H, NODE_W, NO_SITE, type LayoutResult } from "./layout";

export interface MapData {
  layout: LayoutResult;
  ids: string[];
  labels: string[];
  kinds: Array<string | undefined>;
  tiers: Int32Array;
  needStart: Int32Array;
  needTarget: Int32Array;
}

export interface MapCallbacks {
  onSelect(index: number | null, radius: number[]): void;
  onHover(index: number | null, x: number, y: number): void;
  onZoom?(k: number, lod: Lod): void;
  /** called once after the first frame is on screen with input attached */
  onInteractive?(): void;
  noSiteLabel: string;
  affectedLabel: (n: number) => string;
}

export type Lod = "sites" | "boxes" | "labels";

export const KIND_COLORS: Record<string, string> = {
  "business-service": "#b4541a",
  process: "#a16207",
  application: "#1d4ed8",
  database: "#0f766e",
  infrastructure: "#475569",
  network: "#0369a1",
  site: "#1e293b",
  power: "#ca8a04",
  supplier: "#7e22ce",
  external: "#9333ea",
  person: "#be185d",
  tool: "#15803d",
  team: "#db2777",
};
const OTHER = "#64748b";
export const kindColor = (kind: string | undefined) => (kind && KIND_COLORS[kind]) || OTHER;

const LOD_BOXES = 0.12;
const LOD_LABELS = 0.45;
const CELL = 256;

export class MapView {
  private readonly ctx: CanvasRenderingContext2D;
  private k = 1;
  private tx = 0;
  private ty = 0;
  private width = 0;
  private height = 0;
  private dpr = 1;
  private frame = 0;
  private interactiveSent = false;
  private selected: number | null = null;
  private inRadius: Uint8Array;
  private radius: number[] = [];
  private readonly revStart: Int32Array;
  private readonly revSource: Int32Array;
  private readonly grid = new Map<number, number[]>();
  private readonly clusterLinks: Array<{ a: number; b: number; count: number }>;
  private readonly pointers = new Map<number, { x: number; y: number }>();
  private drag?: { x: number; y: number; moved: boolean; pinch?: { d: number; k: number } };
  private hoverFrame = 0;
  private readonly cleanup: Array<() => void> = [];
  minK = 0.02;

  constructor(private readonly canvas: HTMLCanvasElement, private readonly data: MapData, private readonly cb: MapCallbacks) {
    this.ctx = canvas.getContext("2d", { alpha: false })!;
    const n = data.ids.length;
    this.inRadius = new Uint8Array(n);
    // reverse edges for blast radii
    const count = new Int32Array(n + 1);
    for (let e = 0; e < data.needTarget.length; e++) count[data.needTarget[e] + 1]++;
    for (let i = 0; i < n; i++) count[i + 1] += count[i];
    this.revStart = count.slice();
    this.revSource = new Int32Array(data.needTarget.length);
    const fill = count.slice(0, n);
    for (let i = 0; i < n; i++) for (let e = data.needStart[i]; e < data.needStart[i + 1]; e++) this.revSource[fill[data.needTarget[e]]++] = i;
    // spatial grid for hit tests
    const { x, y } = data.layout;
    for (let i = 0; i < n; i++) {
      const key = this.cellKey(Math.floor(x[i] / CELL), Math.floor(y[i] / CELL));
      const list = this.grid.get(key);
      if (list) list.push(i);
      else this.grid.set(key, [i]);
    }
    // bundled links between sites, for the far view
    const links = new Map<number, number>();
    const nc = data.layout.clusters.length;
    const co = data.layout.clusterOf;
    for (let i = 0; i < n; i++) {
      for (let e = data.needStart[i]; e < data.needStart[i + 1]; e++) {
        const a = co[i];
        const b = co[data.needTarget[e]];
        if (a === b) continue;
        const key = Math.min(a, b) * nc + Math.max(a, b);
        links.set(key, (links.get(key) ?? 0) + 1);
      }
    }
    this.clusterLinks = [...links].map(([key, c]) => ({ a: Math.floor(key / nc), b: key % nc, count: c }));
    this.attach();
    this.resize();
    this.fit();
  }

  private cellKey(cx: number, cy: number): number {
    return (cx + 32768) * 65536 + (cy + 32768);
  }

  // ---- view ------------------------------------------------------------------------------

  resize(): void {
    const rect = this.canvas.getBoundingClientRect();
    this.dpr = window.devicePixelRatio || 1;
    this.width = Math.max(1, rect.width);
    this.height = Math.max(1, rect.height);
    this.canvas.width = Math.round(this.width * this.dpr);
    this.canvas.height = Math.round(this.height * this.dpr);
    this.request();
  }

  fit(): void {
    const b = this.data.layout.bounds;
    const w = Math.max(1, b.x1 - b.x0);
    const h = Math.max(1, b.y1 - b.y0);
    const k = Math.min(this.width / (w * 1.06), this.height / (h * 1.06), 1.2);
    this.minK = Math.min(0.02, k * 0.5);
    this.setView(k, this.width / 2 - ((b.x0 + b.x1) / 2) * k, this.height / 2 - ((b.y0 + b.y1) / 2) * k);
  }

  private setView(k: number, tx: number, ty: number): void {
    this.k = k;
    this.tx = tx;
    this.ty = ty;
    this.cb.onZoom?.(k, this.lod());
    this.request();
  }

  lod(): Lod {
    return this.k < LOD_BOXES ? "sites" : this.k < LOD_LABELS ? "boxes" : "labels";
  }

  zoomBy(factor: number, cx = this.width / 2, cy = this.height / 2): void {
    const k = Math.min(4, Math.max(this.minK, this.k * factor));
    const f = k / this.k;
    this.setView(k, cx - (cx - this.tx) * f, cy - (cy - this.ty) * f);
  }

  panBy(dx: number, dy: number): void {
    this.setView(this.k, this.tx + dx, this.ty + dy);
  }

  centerOn(i: number, k = Math.max(this.k, 0.8)): void {
    const { x, y } = this.data.layout;
    this.setView(k, this.width / 2 - x[i] * k, this.height / 2 - y[i] * k);
  }

  select(i: number | null): void {
    this.selected = i;
    this.inRadius.fill(0);
    this.radius = [];
    if (i !== null) {
      const queue = [i];
      this.inRadius[i] = 2;
      for (let q = 0; q < queue.length; q++) {
        const v = queue[q];
        for (let e = this.revStart[v]; e < this.revStart[v + 1]; e++) {
          const w = this.revSource[e];
          if (this.inRadius[w]) continue;
          this.inRadius[w] = 1;
          this.radius.push(w);
          queue.push(w);
        }
      }
    }
    this.cb.onSelect(i, this.radius);
    this.request();
  }

  // ---- input -----------------------------------------------------------------------------

  private attach(): void {
    const c = this.canvas;
    const on = <K extends keyof HTMLElementEventMap>(type: K, fn: (e: HTMLElementEventMap[K]) => void, opts?: AddEventListenerOptions) => {
      c.addEventListener(type, fn as EventListener, opts);
      this.cleanup.push(() => c.removeEventListener(type, fn as EventListener, opts));
    };
    const local = (e: { clientX: number; clientY: number }) => {
      const r = c.getBoundingClientRect();
      return { x: e.clientX - r.left, y: e.clientY - r.top };
    };
    on("wheel", (e) => {
      e.preventDefault();
      const p = local(e);
      const delta = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaY;
      this.zoomBy(Math.exp(-delta * 0.0015), p.x, p.y);
    }, { passive: false });
    on("pointerdown", (e) => {
      c.setPointerCapture(e.pointerId);
      const p = local(e);
      this.pointers.set(e.pointerId, p);
      if (this.pointers.size === 2) {
        const [a, b] = [...this.pointers.values()];
        this.drag = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2, moved: true, pinch: { d: Math.hypot(a.x - b.x, a.y - b.y), k: this.k } };
      } else this.drag = { x: p.x, y: p.y, moved: false };
    });
    on("pointermove", (e) => {
      const p = local(e);
      if (this.pointers.has(e.pointerId)) this.pointers.set(e.pointerId, p);
      if (this.drag?.pinch && this.pointers.size === 2) {
        const [a, b] = [...this.pointers.values()];
        const d = Math.hypot(a.x - b.x, a.y - b.y);
        const mid = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
        this.zoomBy((this.drag.pinch.k * (d / this.drag.pinch.d)) / this.k, mid.x, mid.y);
        this.panBy(mid.x - this.drag.x, mid.y - this.drag.y);
        this.drag.x = mid.x;
        this.drag.y = mid.y;
        return;
      }
      if (this.drag && this.pointers.size === 1) {
        const dx = p.x - this.drag.x;
        const dy = p.y - this.drag.y;
        if (this.drag.moved || Math.abs(dx) + Math.abs(dy) > 4) {
          this.drag.moved = true;
          this.drag.x = p.x;
          this.drag.y = p.y;
          this.panBy(dx, dy);
          c.style.cursor = "grabbing";
        }
        return;
      }
      cancelAnimationFrame(this.hoverFrame);
      this.hoverFrame = requestAnimationFrame(() => {
        const hit = this.hit(p.x, p.y);
        c.style.cursor = hit !== null ? "pointer" : "grab";
        this.cb.onHover(hit, p.x, p.y);
      });
    });
    const end = (e: PointerEvent) => {
      const p = local(e);
      const wasClick = this.drag && !this.drag.moved && this.pointers.size === 1;
      this.pointers.delete(e.pointerId);
      c.style.cursor = "grab";
      if (wasClick) {
        // far away a click opens a site; closer, it picks a component
        if (this.lod() === "sites") {
          const cluster = this.hitCluster(p.x, p.y);
          if (cluster >= 0) this.zoomToCluster(cluster);
        } else {
          const hit = this.hit(p.x, p.y);
          this.select(hit);
        }
      }
      if (this.pointers.size === 0) this.drag = undefined;
    };
    on("pointerup", end);
    on("pointercancel", end);
    on("pointerleave", () => this.cb.onHover(null, 0, 0));
    on("dblclick", (e) => {
      const p = local(e);
      this.zoomBy(2, p.x, p.y);
    });
    on("keydown", (e) => {
      const step = 80;
      let handled = true;
      switch (e.key) {
        case "ArrowLeft": this.panBy(step, 0); break;
        case "ArrowRight": this.panBy(-step, 0); break;
        case "ArrowUp": this.panBy(0, step); break;
        case "ArrowDown": this.panBy(0, -step); break;
        case "+": case "=": this.zoomBy(1.4); break;
        case "-": case "_": this.zoomBy(1 / 1.4); break;
        case "0": this.fit(); break;
        case "Escape": this.select(null); break;
        default: handled = false;
      }
      if (handled) e.preventDefault();
    });
    const ro = new ResizeObserver(() => this.resize());
    ro.observe(c);
    this.cleanup.push(() => ro.disconnect());
  }

  private zoomToCluster(k: number): void {
    const c = this.data.layout.clusters[k];
    const z = Math.min(this.width / (c.w * 1.1), this.height / (c.h * 1.1), 1);
    this.setView(z, this.width / 2 - (c.x + c.w / 2) * z, this.height / 2 - (c.y + c.h / 2) * z);
  }

  /** The component under a screen point, if any. */
  hit(sx: number, sy: number): number | null {
    const wx = (sx - this.tx) / this.k;
    const wy = (sy - this.ty) / this.k;
    const slack = 4 / this.k;
    const { x, y } = this.data.layout;
    const cx = Math.floor(wx / CELL);
    const cy = Math.floor(wy / CELL);
    let best: number | null = null;
    let bestD = Infinity;
    for (let gx = cx - 1; gx <= cx + 1; gx++) {
      for (let gy = cy - 1; gy <= cy + 1; gy++) {
        for (const i of this.grid.get(this.cellKey(gx, gy)) ?? []) {
          const dx = Math.abs(wx - x[i]);
          const dy = Math.abs(wy - y[i]);
          if (dx <= NODE_W / 2 + slack && dy <= NODE_H / 2 + slack) {
            const d = dx + dy;
            if (d < bestD) {
              bestD = d;
              best = i;
            }
          }
        }
      }
    }
    return best;
  }

  private hitCluster(sx: number, sy: number): number {
    const wx = (sx - this.tx) / this.k;
    const wy = (sy - this.ty) / this.k;
    return this.data.layout.clusters.findIndex((c) => wx >= c.x && wx <= c.x + c.w && wy >= c.y && wy <= c.y + c.h);
  }

  // ---- drawing ---------------------------------------------------------------------------

  request(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
      if (!this.interactiveSent) {
        this.interactiveSent = true;
        this.cb.onInteractive?.();
      }
    });
  }

  private draw(): void {
    const { ctx, k, tx, ty, dpr, data } = this;
    const { x, y, clusters, clusterOf } = data.layout;
    const n = data.ids.length;
    const lod = this.lod();
    const selecting = this.selected !== null;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = "#f8fafc";
    ctx.fillRect(0, 0, this.width, this.height);
    ctx.setTransform(dpr * k, 0, 0, dpr * k, dpr * tx, dpr * ty);
    const wx0 = -tx / k - NODE_W;
    const wy0 = -ty / k - NODE_H;
    const wx1 = (this.width - tx) / k + NODE_W;
    const wy1 = (this.height - ty) / k + NODE_H;
    const visible = (i: number) => x[i] >= wx0 && x[i] <= wx1 && y[i] >= wy0 && y[i] <= wy1;

    // sites
    for (const c of clusters) {
      if (c.x > wx1 || c.x + c.w < wx0 || c.y > wy1 || c.y + c.h < wy0) continue;
      ctx.fillStyle = c.key === NO_SITE ? "#f1f5f9" : "#eef2f7";
      ctx.strokeStyle = "#c3cedc";
      ctx.lineWidth = 1.2 / k;
      ctx.beginPath();
      ctx.roundRect(c.x, c.y, c.w, c.h, 14);
      ctx.fill();
      ctx.stroke();
    }

    if (lod === "sites") {
      // bundled links between sites
      ctx.strokeStyle = "rgba(71,85,105,0.16)";
      for (const l of this.clusterLinks) {
        const a = clusters[l.a];
        const b = clusters[l.b];
        ctx.lineWidth = (1 + Math.log2(l.count) * 0.6) / k;
        ctx.beginPath();
        ctx.moveTo(a.x + a.w / 2, a.y + a.h / 2);
        ctx.lineTo(b.x + b.w / 2, b.y + b.h / 2);
        ctx.stroke();
      }
    } else {
      // links: from a dependent's bottom edge to the top edge of what it needs
      ctx.lineWidth = (lod === "labels" ? 1.1 : 0.8) / k;
      ctx.strokeStyle = selecting ? "rgba(100,116,139,0.10)" : lod === "labels" ? "rgba(71,85,105,0.42)" : "rgba(100,116,139,0.22)";
      ctx.beginPath();
      for (let i = 0; i < n; i++) {
        const vi = visible(i);
        for (let e = data.needStart[i]; e < data.needStart[i + 1]; e++) {
          const j = data.needTarget[e];
          if (!vi && !visible(j)) continue;
          ctx.moveTo(x[i], y[i] + NODE_H / 2);
          ctx.lineTo(x[j], y[j] - NODE_H / 2);
        }
      }
      ctx.stroke();
    }

    if (selecting) {
      // the blast radius: links inside it, drawn over everything else
      ctx.strokeStyle = "rgba(220,38,38,0.75)";
      ctx.lineWidth = Math.max(1.5 / k, 2);
      ctx.beginPath();
      for (const i of [this.selected!, ...this.radius]) {
        for (let e = data.needStart[i]; e < data.needStart[i + 1]; e++) {
          const j = data.needTarget[e];
          if (!this.inRadius[j]) continue;
          ctx.moveTo(x[i], y[i] + NODE_H / 2);
          ctx.lineTo(x[j], y[j] - NODE_H / 2);
        }
      }
      ctx.stroke();
    }

    // components
    const boxW = NODE_W;
    const boxH = NODE_H;
    if (lod !== "labels") {
      ctx.globalAlpha = selecting ? 0.25 : 1;
      for (let i = 0; i < n; i++) {
        if (!visible(i) || (selecting && this.inRadius[i])) continue;
        ctx.fillStyle = kindColor(data.kinds[i]);
        ctx.fillRect(x[i] - boxW / 2, y[i] - boxH / 2, boxW, boxH);
      }
      ctx.globalAlpha = 1;
    } else {
      for (let i = 0; i < n; i++) {
        if (!visible(i) || (selecting && this.inRadius[i])) continue;
        ctx.globalAlpha = selecting ? 0.35 : 1;
        ctx.fillStyle = "#ffffff";
        ctx.strokeStyle = "#94a3b8";
        ctx.lineWidth = 1 / k;
        ctx.beginPath();
        ctx.roundRect(x[i] - boxW / 2, y[i] - boxH / 2, boxW, boxH, 5);
        ctx.fill();
        ctx.stroke();
        ctx.fillStyle = kindColor(data.kinds[i]);
        ctx.fillRect(x[i] - boxW / 2, y[i] - boxH / 2, 6, boxH);
      }
      ctx.globalAlpha = 1;
    }
    if (selecting) {
      for (const i of [...this.radius, this.selected!]) {
        if (!visible(i)) continue;
        const isSel = i === this.selected;
        const service = data.tiers[i] > 0 || data.kinds[i] === "business-service";
        ctx.fillStyle = isSel ? "#7f1d1d" : service ? "#dc2626" : "#f87171";
        ctx.beginPath();
        ctx.roundRect(x[i] - boxW / 2, y[i] - boxH / 2, boxW, boxH, 5);
        ctx.fill();
        if (isSel) {
          ctx.strokeStyle = "#111827";
          ctx.lineWidth = Math.max(3 / k, 3);
          ctx.stroke();
        }
      }
    }

    // text, in screen space so it stays crisp and readable
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.textBaseline = "middle";
    if (lod === "labels") {
      ctx.font = `${Math.round(Math.min(16, Math.max(11, 13 * k)))}px system-ui, -apple-system, 'Segoe UI', 'Noto Sans KR', 'NanumGothic', sans-serif`;
      const maxW = boxW * k - 16;
      for (let i = 0; i < n; i++) {
        if (!visible(i)) continue;
        const sx = x[i] * k + tx - (boxW / 2) * k + 11;
        const sy = y[i] * k + ty;
        const hot = selecting && this.inRadius[i];
        ctx.fillStyle = hot ? "#ffffff" : selecting ? "rgba(15,23,42,0.4)" : "#0f172a";
        ctx.fillText(truncate(ctx, data.labels[i], maxW), sx, sy);
      }
    }
    // site names and, while selecting, how many of each site's components are hit
    const affected = new Int32Array(clusters.length);
    if (selecting) for (const i of [this.selected!, ...this.radius]) affected[clusterOf[i]]++;
    for (let c = 0; c < clusters.length; c++) {
      const box = clusters[c];
      const sw = box.w * k;
      if (sw < 70) continue;
      const sx = box.x * k + tx;
      const sy = box.y * k + ty;
      if (sx > this.width || sy > this.height || sx + sw < 0 || sy + box.h * k < 0) continue;
      // the name sits on the top border in a pill, so it never covers a component
      const badge = affected[c] ? this.cb.affectedLabel(affected[c]) : "";
      ctx.font = "600 12px system-ui, sans-serif";
      const badgeW = badge ? ctx.measureText(badge).width + 16 : 0;
      ctx.font = "600 13px system-ui, -apple-system, 'Segoe UI', 'Noto Sans KR', 'NanumGothic', sans-serif";
      const room = badge ? sw - badgeW - 52 : Math.max(sw - 40, 180);
      const label = truncate(ctx, `${box.key === NO_SITE ? this.cb.noSiteLabel : box.label} · ${box.count}`, room);
      const py = Math.max(sy, Math.min(14, sy + box.h * k - 14));
      if (label) {
        const tw = ctx.measureText(label).width;
        ctx.fillStyle = "#ffffff";
        ctx.strokeStyle = "#c3cedc";
        ctx.lineWidth = 1;
        ctx.beginPath();
        ctx.roundRect(sx + 10, py - 11, tw + 18, 22, 11);
        ctx.fill();
        ctx.stroke();
        ctx.fillStyle = "#1e293b";
        ctx.fillText(label, sx + 19, py + 0.5);
      }
      if (badge) {
        const text = badge;
        ctx.font = "600 12px system-ui, sans-serif";
        const w = badgeW;
        const bx = sx + sw - w - 10;
        ctx.fillStyle = "#dc2626";
        ctx.beginPath();
        ctx.roundRect(bx, py - 11, w, 22, 11);
        ctx.fill();
        ctx.fillStyle = "#ffffff";
        ctx.fillText(text, bx + 8, py + 0.5);
      }
    }
  }

  destroy(): void {
    cancelAnimationFrame(this.frame);
    cancelAnimationFrame(this.hoverFrame);
    this.cleanup.forEach((f) => f());
  }
}

function truncate(ctx: CanvasRenderingContext2D, text: string, max: number): string {
  if (max <= 10) return "";
  if (ctx.measureText(text).width <= max) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ctx.measureText(text.slice(0, mid) + "…").width <= max) lo = mid;
    else hi = mid - 1;
  }
  return lo ? text.slice(0, lo) + "…" : "";
}

/**
 * A binary min-heap of timed events in typed arrays: O(log n) per event, no per-event objects,
 * so a million restarts cost no more than they must.
 */
export class EventQueue {
  private time = new Float64Array(1024);
  private kind = new Uint8Array(1024);
  private target = new Int32Array(1024);
  private version = new Int32Array(1024);
  private size = 0;

  get length(): number {
    return this.size;
  }

  clear(): void {
    this.size = 0;
  }

  peekTime(): number {
    return this.size ? this.time[0] : Infinity;
  }

  push(t: number, kind: number, target: number, version: number): void {
    if (this.size === this.time.length) this.grow();
    let i = this.size++;
    const time = this.time;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (time[parent] <= t) break;
      this.move(parent, i);
      i = parent;
    }
    time[i] = t;
    this.kind[i] = kind;
    this.target[i] = target;
    this.version[i] = version;
  }

  /** Removes the earliest event; its fields are then in `popped*`. */
  pop(): void {
    this.poppedTime = this.time[0];
    this.poppedKind = this.kind[0];
    this.poppedTarget = this.target[0];
    this.poppedVersion = this.version[0];
    const last = --this.size;
    if (last === 0) return;
    const t = this.time[last];
    const time = this.time;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= last) break;
      if (c + 1 < last && time[c + 1] < time[c]) c++;
      if (time[c] >= t) break;
      this.move(c, i);
      i = c;
    }
    time[i] = t;
    this.kind[i] = this.kind[last];
    this.target[i] = this.target[last];
    this.version[i] = this.version[last];
  }

  poppedTime = 0;
  poppedKind = 0;
  poppedTarget = 0;
  poppedVersion = 0;

  private move(from: number, to: number) {
    this.time[to] = this.time[from];
    this.kind[to] = this.kind[from];
    this.target[to] = this.target[from];
    this.version[to] = this.version[from];
  }

  private grow() {
    const cap = this.time.length * 2;
    const t = new Float64Array(cap);
    t.set(this.time);
    this.time = t;
    const k = new Uint8Array(cap);
    k.set(this.kind);
    this.kind = k;
    const g = new Int32Array(cap);
    g.set(this.target);
    this.target = g;
    const v = new Int32Array(cap);
    v.set(this.version);
    this.version = v;
  }
}

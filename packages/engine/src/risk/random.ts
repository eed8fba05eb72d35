/**
 * Seeded random numbers for the Monte Carlo simulation of years.
 *
 * The generator is xoshiro128** (Blackman and Vigna): 128 bits of state, 32-bit outputs, a few
 * integer operations per draw, and a jump function. What makes results independent of threads is
 * how streams are split: every (seed, risk, block of 1000 years) has its own stream, derived by
 * hashing, and the years of a block draw from it in order (monte-carlo.ts replays the earlier
 * years of a block when a slice starts inside it). So year k of risk r draws the same numbers
 * whichever worker plays it and whatever else the model holds (adding a risk does not change the
 * draws of the others: common random numbers for "with and without" comparisons).
 *
 * Streams are derived like this: the seed and a hash of the risk id make four 32-bit keys; the
 * stream index (the block of years) goes through a chain of bijective 32-bit mixers keyed by
 * them, giving the four state words. Because each word is a bijection of the index for a given
 * key, two streams of one risk never share a state word, let alone a sequence.
 */

/** A 32-bit bijective mixer (Chris Wellons' lowbias32). */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** FNV-1a over the UTF-16 code units of a string, then mixed. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

const TWO_POW_MINUS_32 = 2.3283064365386963e-10;
const TWO_POW_MINUS_33 = 1.1641532182693481e-10;
const TWO_POW_MINUS_53 = 1.1102230246251565e-16;

/** The keys of one (seed, stream name) pair; `Random.forYear` turns them into a year's generator. */
export interface StreamKey {
  readonly k0: number;
  readonly k1: number;
  readonly k2: number;
  readonly k3: number;
}

/** Checks a seed: a whole number from 0 to 2^53 − 1. */
export function validSeed(seed: number): boolean {
  return Number.isSafeInteger(seed) && seed >= 0;
}

export function streamKey(seed: number, name: string): StreamKey {
  if (!validSeed(seed)) throw new RangeError(`seed must be a whole number from 0 to 2^53-1, got ${seed}`);
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 4294967296) >>> 0;
  const h = hashString(name);
  const k0 = mix32(lo ^ mix32(hi ^ 0x6a09e667) ^ 0x3c6ef372);
  const k1 = mix32(k0 ^ h ^ 0xbb67ae85);
  const k2 = mix32(k1 ^ 0xa54ff53a);
  const k3 = mix32(k2 ^ h ^ 0x510e527f);
  return { k0, k1, k2, k3 };
}

export class Random {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;

  /** A generator seeded directly (for tests and one-off use); streams use `setStream`. */
  constructor(seed = 0) {
    const key = streamKey(seed, "");
    this.setStream(key, 0);
  }

  /** A new generator on stream `index` of `key` (e.g. the year). */
  static forStream(key: StreamKey, index: number): Random {
    const r = new Random();
    r.setStream(key, index);
    return r;
  }

  /** Re-seeds this generator in place on stream `index` (0 ≤ index < 2^32) of `key`: no allocation. */
  setStream(key: StreamKey, index: number): void {
    const x = mix32((index >>> 0) ^ key.k0);
    const y = mix32(x ^ key.k1);
    const z = mix32(y ^ key.k2);
    const w = mix32(z ^ key.k3);
    this.a = x | 0;
    this.b = y | 0;
    this.c = z | 0;
    this.d = w | 0;
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1; // the one state xoshiro cannot leave
  }

  /** The next 32 random bits, as an unsigned integer. */
  nextUint32(): number {
    const s0 = this.a;
    const s1 = this.b;
    const s2 = this.c;
    const s3 = this.d;
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9);
    const t = s1 << 9;
    const c2 = s2 ^ s0;
    const d3 = s3 ^ s1;
    this.b = s1 ^ c2;
    this.a = s0 ^ d3;
    this.c = c2 ^ t;
    this.d = (d3 << 11) | (d3 >>> 21);
    return result >>> 0;
  }

  /** Uniform in the open interval (0, 1), 32 bits of resolution (never 0 or 1: safe for log). */
  uniform(): number {
    return this.nextUint32() * TWO_POW_MINUS_32 + TWO_POW_MINUS_33;
  }

  /** Uniform in [0, 1) with 53 bits of resolution. */
  uniform53(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) * TWO_POW_MINUS_53;
  }

  /** A whole number in [0, n), without modulo bias worth speaking of (n ≤ 2^32). */
  below(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Advances the state by 2^64 draws: 2^64 non-overlapping subsequences for parallel use. */
  jump(): void {
    const JUMP = [0x8764000b, 0xf542d2d3, 0x6fa035c3, 0x77f2db5b];
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (const word of JUMP) {
      for (let bit = 0; bit < 32; bit++) {
        if (word & (1 << bit)) {
          s0 ^= this.a;
          s1 ^= this.b;
          s2 ^= this.c;
          s3 ^= this.d;
        }
        this.nextUint32();
      }
    }
    this.a = s0;
    this.b = s1;
    this.c = s2;
    this.d = s3;
  }

  /** The raw state (for tests). */
  state(): [number, number, number, number] {
    return [this.a >>> 0, this.b >>> 0, this.c >>> 0, this.d >>> 0];
  }

  setState(s: readonly number[]): void {
    this.a = s[0] | 0;
    this.b = s[1] | 0;
    this.c = s[2] | 0;
    this.d = s[3] | 0;
  }
}

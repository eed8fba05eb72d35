/**
 * Login rate limiting: failed sign-ins are counted per client address and e-mail (and, more
 * loosely, per address alone, against spraying many e-mails). Past the limit the answer is 429
 * with Retry-After, before the password is even checked. A successful sign-in clears the count.
 */

export interface LoginLimits {
  /** failed attempts allowed per address and e-mail within the window */
  max: number;
  windowSeconds: number;
}

export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();
  private readonly perAddress: number;

  constructor(private readonly limits: LoginLimits) {
    this.perAddress = limits.max * 4;
  }

  /** Seconds to wait before trying again, or 0 when an attempt is allowed now. */
  retryAfter(ip: string, email: string): number {
    const now = Date.now();
    const a = this.recent(`${ip}|${email.toLowerCase()}`, now);
    const b = this.recent(`${ip}|*`, now);
    const windowMs = this.limits.windowSeconds * 1000;
    let wait = 0;
    if (a.length >= this.limits.max) wait = Math.max(wait, a[a.length - this.limits.max] + windowMs - now);
    if (b.length >= this.perAddress) wait = Math.max(wait, b[b.length - this.perAddress] + windowMs - now);
    return wait > 0 ? Math.ceil(wait / 1000) : 0;
  }

  failed(ip: string, email: string): void {
    const now = Date.now();
    for (const key of [`${ip}|${email.toLowerCase()}`, `${ip}|*`]) {
      const list = this.recent(key, now);
      list.push(now);
      this.failures.set(key, list);
    }
    if (this.failures.size > 100_000) this.prune(now);
  }

  succeeded(ip: string, email: string): void {
    this.failures.delete(`${ip}|${email.toLowerCase()}`);
  }

  private recent(key: string, now: number): number[] {
    const windowMs = this.limits.windowSeconds * 1000;
    const list = (this.failures.get(key) ?? []).filter((t) => now - t < windowMs);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }

  private prune(now: number) {
    for (const key of [...this.failures.keys()]) this.recent(key, now);
  }
}

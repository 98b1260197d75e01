// Token buckets per key (a client, an address), in memory per instance.
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    /** refill per second */
    private readonly rate: number,
    /** bucket size */
    private readonly burst: number = rate * 2,
  ) {}

  /** Takes one token: 0 when allowed, otherwise the whole seconds to wait. */
  take(key: string, now = Date.now()): number {
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size > 100_000) this.prune(now);
      b = { tokens: this.burst, at: now };
      this.buckets.set(key, b);
    } else {
      b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.rate);
      b.at = now;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / this.rate));
  }

  prune(now = Date.now()) {
    const full = (this.burst / this.rate) * 1000;
    for (const [k, b] of this.buckets) if (now - b.at > full) this.buckets.delete(k);
  }
}

/**
 * A small TTL map keyed by a SHA-256 of a secret, for verified credentials.
 * `load` shares one verification among concurrent callers (no thundering herd
 * of argon2 when an entry expires under load) and refreshes an entry in the
 * background during the last half of its life, so a busy caller never waits.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();
  private readonly loading = new Map<string, Promise<V>>();
  constructor(
    private readonly ttlMs: number,
    private readonly max = 10_000,
  ) {}

  get(key: string, now = Date.now()): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.until <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return e.value;
  }

  set(key: string, value: V, now = Date.now()) {
    if (this.entries.size >= this.max) this.entries.clear();
    this.entries.set(key, { value, until: now + this.ttlMs });
  }

  /** The cached value when fresh (refreshing it ahead in the background), else undefined. */
  peek(key: string, loader: () => Promise<V>, now = Date.now()): V | undefined {
    const e = this.entries.get(key);
    if (!e || e.until <= now) return undefined;
    if (e.until - now < this.ttlMs / 2 && !this.loading.has(key)) void this.fetch(key, loader).catch(() => {});
    return e.value;
  }

  load(key: string, loader: () => Promise<V>, now = Date.now()): Promise<V> {
    const e = this.entries.get(key);
    if (e && e.until > now) return Promise.resolve(this.peek(key, loader, now) as V);
    return this.loading.get(key) ?? this.fetch(key, loader);
  }

  private fetch(key: string, loader: () => Promise<V>): Promise<V> {
    const p = loader()
      .then((v) => {
        this.set(key, v);
        return v;
      })
      .finally(() => this.loading.delete(key));
    this.loading.set(key, p);
    return p;
  }

  clear() {
    this.entries.clear();
  }
}

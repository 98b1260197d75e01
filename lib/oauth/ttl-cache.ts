// A small TTL map keyed by a SHA-256 of a secret, for verified credentials.
// `load` shares one verification among concurrent callers (no thundering herd
// of argon2 when an entry expires under load) and refreshes an entry in the
// background during the last half of its life, so a busy caller never waits.
// An entry never outlives the value's own end (an expiring credential), and
// `clear` (a credential changed somewhere) also disowns the verifications in
// flight: one that read the row before the change committed must not be
// cached after it.
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();
  private readonly loading = new Map<string, Promise<V>>();
  /** bumped by clear(): a verification started before it is answered but not kept */
  private generation = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly max = 10_000,
    /** when the value stops being valid by itself (epoch ms), or null */
    private readonly endOf: (value: V) => number | null = () => null,
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
    const end = this.endOf(value);
    const until = now + this.ttlMs;
    this.entries.set(key, { value, until: end !== null && end < until ? end : until });
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
    const generation = this.generation;
    const p: Promise<V> = loader()
      .then((v) => {
        if (generation === this.generation) this.set(key, v);
        return v;
      })
      .finally(() => {
        if (this.loading.get(key) === p) this.loading.delete(key);
      });
    this.loading.set(key, p);
    return p;
  }

  /** Forgets every entry and every verification in flight. */
  clear() {
    this.generation++;
    this.entries.clear();
    this.loading.clear();
  }
}

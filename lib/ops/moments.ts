// A process-wide order of events: a request's arrival, the start of a read of
// the committed catalog version, a catalog commit made by this process. The
// read-model fence (../access/follower.ts) uses it to serve every request that
// arrived before a version read began from that one read, instead of one read
// per request: a commit that preceded the request preceded the read too.
// Kept on globalThis: Next's bundle and the custom server share one order.
type Moments = { last: number; localCommit: number };

const key = Symbol.for("perimeter.ops.moments");
function moments(): Moments {
  const g = globalThis as unknown as Record<symbol, Moments | undefined>;
  return (g[key] ??= { last: 0, localCommit: 0 });
}

/** A number larger than every one returned before it in this process. */
export function nextMoment(): number {
  return ++moments().last;
}

/** Called once a catalog change committed here: reads begun before it no longer serve anyone (read-your-writes within a request). */
export function noteLocalCommit(): void {
  const m = moments();
  m.localCommit = ++m.last;
}

/** The moment of this process's latest catalog commit (0: none yet). */
export function lastLocalCommit(): number {
  return moments().localCommit;
}

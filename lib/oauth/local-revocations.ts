// Same-process delivery of revocations. Next.js bundles its own copy of lib/,
// so a server action or route handler and the token service started by
// scripts/server.ts hold different module instances; a listener set kept on
// globalThis under a registered symbol is shared by both. Other instances
// still learn through the signals (LISTEN/NOTIFY or the polled stamp).
export type RevokedToken = { jti: string; expiresAt: Date };
type Listener = (rows: RevokedToken[]) => void;

const KEY = Symbol.for("perimeter.oauth.localRevocations");

function listeners(): Set<Listener> {
  const g = globalThis as unknown as Record<symbol, Set<Listener> | undefined>;
  return (g[KEY] ??= new Set());
}

/** Subscribes to revocations committed in this process; returns the unsubscribe. */
export function onLocalRevocations(fn: Listener): () => void {
  listeners().add(fn);
  return () => void listeners().delete(fn);
}

/** Called after the revoking transaction committed. */
export function publishLocalRevocations(rows: RevokedToken[]): void {
  if (rows.length) for (const fn of listeners()) fn(rows);
}

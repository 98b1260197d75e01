// Same-process delivery of what withdraws access: revoked tokens, and changed
// credentials (client secrets, API tokens, client status). Next.js bundles
// its own copy of lib/, so a server action or route handler and the token
// service started by scripts/server.ts hold different module instances; a
// listener set kept on globalThis under a registered symbol is shared by
// both. Other instances still learn through the signals (LISTEN/NOTIFY or
// the polled stamp).
export type RevokedToken = { jti: string; expiresAt: Date };

/** A listener set shared by every copy of this module in the process. */
function localChannel<T>(name: string) {
  const key = Symbol.for(`perimeter.oauth.${name}`);
  const listeners = (): Set<(event: T) => void> => {
    const g = globalThis as unknown as Record<symbol, Set<(event: T) => void> | undefined>;
    return (g[key] ??= new Set());
  };
  return {
    on(fn: (event: T) => void): () => void {
      listeners().add(fn);
      return () => void listeners().delete(fn);
    },
    publish(event: T): void {
      for (const fn of listeners()) fn(event);
    },
  };
}

const revocations = localChannel<RevokedToken[]>("localRevocations");
const credentials = localChannel<void>("localCredentialChanges");

/** Subscribes to revocations committed in this process; returns the unsubscribe. */
export const onLocalRevocations = revocations.on;

/** Called after the revoking transaction committed. */
export function publishLocalRevocations(rows: RevokedToken[]): void {
  if (rows.length) revocations.publish(rows);
}

/** Subscribes to credential changes committed in this process; returns the unsubscribe. */
export const onLocalCredentialChanges = credentials.on;

/** Called after a transaction that revoked or expired a credential or API token, or suspended or deleted a client, committed. */
export const publishLocalCredentialChange = (): void => credentials.publish();

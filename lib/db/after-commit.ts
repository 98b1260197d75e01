// Work that must wait until a transaction has committed, such as telling this
// process's caches that a credential was revoked: told before the commit, a
// request in between would verify the old row again and cache it. transaction()
// (./client.ts) runs the callbacks once it committed; a transaction that
// rolls back (validation, preview) drops them.
import type { Tx } from "./client";

const pending = new WeakMap<Tx, (() => void)[]>();

/** Runs `fn` once the transaction `tx` (opened by transaction()) has committed. */
/** The process-wide client type-checks as a Tx too; work queued on it would never run. */
export function assertTransaction(tx: Tx): void {
  if (typeof (tx as { $transaction?: unknown }).$transaction === "function") throw new Error("this needs the write transaction, not the client");
}

export function afterCommit(tx: Tx, fn: () => void): void {
  assertTransaction(tx);
  const list = pending.get(tx);
  if (list) list.push(fn);
  else pending.set(tx, [fn]);
}

/** Called by transaction() after the commit: the write stands, so a failing callback is logged, not thrown. */
export function runAfterCommit(tx: Tx): void {
  const list = pending.get(tx);
  if (!list) return;
  pending.delete(tx);
  for (const fn of list) {
    try {
      fn();
    } catch (e) {
      console.error("after commit:", e instanceof Error ? e.message : e);
    }
  }
}

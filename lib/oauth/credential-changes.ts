// Introspection and decisions trust an API token or client secret verified in
// the last few seconds (svc.verified). Whatever withdraws one — a credential
// revoked, deleted or given an earlier expiry, an API token revoked, a client
// suspended, renamed or deleted — calls this inside its write transaction: the
// "credentials" signal tells every instance (at commit) to drop those caches,
// and this process's token service drops them as soon as the commit is done.
import { afterCommit, assertTransaction } from "../db/after-commit";
import type { Tx } from "../db/client";
import { publishLocalCredentialChange } from "./local-revocations";
import { providerOfDb, raiseSignal } from "./signals";

/** Transactions that already raised it: a change revoking ten credentials signals once. */
const raised = new WeakSet<Tx>();

export async function credentialsChanged(tx: Tx): Promise<void> {
  assertTransaction(tx);
  if (raised.has(tx)) return;
  raised.add(tx);
  await raiseSignal(tx, providerOfDb(tx), "credentials");
  afterCommit(tx, publishLocalCredentialChange);
}

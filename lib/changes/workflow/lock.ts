import type { Tx } from "../../db/client";

/**
 * Takes the catalog state row lock first, so workflow transactions (approve,
 * apply, expire) are serialised on PostgreSQL as SQLite serialises writers.
 */
export async function lockCatalog(tx: Tx) {
  return tx.catalogState.update({ where: { id: 1 }, data: { auditSeq: { increment: 0 } } });
}

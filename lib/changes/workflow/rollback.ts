import { transaction, type Db, type Tx } from "../../db/client";

class Rollback<T> extends Error {
  constructor(readonly value: T) {
    super("rolled back on purpose");
  }
}

/** Runs `fn` in a transaction that is always rolled back, and returns its value. */
export async function rolledBack<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    await transaction(db, async (tx) => {
      throw new Rollback(await fn(tx));
    });
  } catch (e) {
    if (e instanceof Rollback) return e.value as T;
    throw e;
  }
  throw new Error("unreachable: the transaction always rolls back");
}

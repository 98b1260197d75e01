// The write path's locking assumes READ COMMITTED on PostgreSQL (a writer that
// waited on the CatalogState row lock sees what the one before it committed),
// and a read-model snapshot assumes one snapshot for all its statements. Both
// are set per transaction, so a server whose default is stricter or looser
// changes neither.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, isolation, transaction, type Db } from "./client";
import { createTestDatabase, pgAdminUrl, type TestDatabase } from "../testing/databases";

describe.skipIf(!pgAdminUrl)("transaction isolation on postgres", () => {
  let t: TestDatabase;
  let strict: Db;

  beforeAll(async () => {
    t = await createTestDatabase("postgres");
    const name = new URL(t.url).pathname.slice(1);
    // a server (here: a database) whose default is SERIALIZABLE
    await t.db.$executeRawUnsafe(`ALTER DATABASE "${name}" SET default_transaction_isolation TO 'serializable'`);
    strict = createDb(t.url);
  });
  afterAll(async () => {
    await strict?.$disconnect();
    await t?.drop();
  });

  const level = async (db: Db, opts: object) =>
    (await db.$transaction((tx) => tx.$queryRawUnsafe<{ transaction_isolation: string }[]>("SHOW transaction_isolation"), opts))[0]!.transaction_isolation;

  it("runs the write path's transactions READ COMMITTED whatever the default", async () => {
    expect(await level(strict, {})).toBe("serializable");
    const inside = await transaction(strict, (tx) => tx.$queryRawUnsafe<{ transaction_isolation: string }[]>("SHOW transaction_isolation"));
    expect(inside[0]!.transaction_isolation).toBe("read committed");
  });

  it("reads a snapshot REPEATABLE READ", async () => {
    expect(await level(strict, isolation(strict, "RepeatableRead"))).toBe("repeatable read");
  });
});

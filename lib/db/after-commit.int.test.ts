import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, providersUnderTest, type TestDatabase } from "../testing/databases";
import { afterCommit } from "./after-commit";
import { transaction } from "./client";

describe.each(providersUnderTest)("afterCommit on %s", (provider) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(provider);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("runs after the commit, before transaction() returns", async () => {
    const seen: string[] = [];
    await transaction(t.db, async (tx) => {
      await tx.setting.create({ data: { key: "after-commit", value: "written" } });
      afterCommit(tx, () => seen.push("ran"));
      expect(seen).toEqual([]);
    });
    expect(seen).toEqual(["ran"]);
    expect(await t.db.setting.findUnique({ where: { key: "after-commit" } })).toMatchObject({ value: "written" });
  });

  it("never runs when the transaction rolls back", async () => {
    let ran = false;
    await expect(
      transaction(t.db, async (tx) => {
        afterCommit(tx, () => (ran = true));
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect(ran).toBe(false);
  });
});

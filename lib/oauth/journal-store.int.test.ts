// The SQLite journal store's writer thread: it outlives a statement the
// database cannot prepare, and once it has stopped, what is asked of it fails
// at once instead of waiting for an answer that cannot come.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { openJournalStore } from "./journal-store";

describe("the SQLite journal store's writer thread", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "journal-store-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("answers on a database without the journal's tables (a batch's statements are prepared when first written)", async () => {
    const file = path.join(dir, "empty.db");
    new Database(file).close();
    const store = openJournalStore(`file:${file}`);
    try {
      expect(await store.reachable()).toBe(true);
      await expect(store.signalStamps()).rejects.toThrow(/no such table/);
      expect(await store.reachable()).toBe(true);
    } finally {
      await store.close();
    }
  });

  it("fails what is asked after it stopped, at once", async () => {
    const file = path.join(dir, "closed.db");
    new Database(file).close();
    const store = openJournalStore(`file:${file}`);
    await store.close();
    expect(await store.reachable()).toBe(false);
    await expect(store.signalStamps()).rejects.toThrow(/writer thread stopped/);
  });
});

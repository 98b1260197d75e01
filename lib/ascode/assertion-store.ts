// Assertions as the catalog stores them: one row per assertion, its spec as JSON.
import type { Db, Tx } from "../db/client";
import { assertionSpec, type AssertionSpec } from "./format";

export type StoredAssertion = { id: string; spec: AssertionSpec };

/** Every stored assertion whose spec still parses (a row that does not is skipped, never guessed at). */
export async function loadAssertions(db: Db | Tx): Promise<StoredAssertion[]> {
  const rows = await db.assertion.findMany({ orderBy: { name: "asc" } });
  return rows.flatMap((r) => {
    try {
      const spec = assertionSpec.safeParse(JSON.parse(r.spec));
      return spec.success ? [{ id: r.id, spec: { ...spec.data, name: r.name } }] : [];
    } catch {
      return [];
    }
  });
}

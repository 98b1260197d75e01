// The stored assertions evaluated on the live catalog, for the console.
import type { Db } from "../db/client";
import { checkAssertions, type AssertionResult } from "./assertions";
import { loadLiveState } from "./live-state";

export async function assertionStatus(db: Db, now = new Date()): Promise<{ catalogVersion: number; results: AssertionResult[] }> {
  const { state, catalogVersion } = await loadLiveState(db);
  return { catalogVersion, results: checkAssertions(state, now) };
}

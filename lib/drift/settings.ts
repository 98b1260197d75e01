// The drift policy: how old a credential may get before rotation, and how long
// a scope may go unused. Stored as the "driftPolicy" setting; defaults otherwise.
import { z } from "zod";
import type { Db, Tx } from "../db/client";
import { DEFAULT_ROTATION_DAYS } from "./stale-credentials";
import { DEFAULT_UNUSED_DAYS } from "./unused-scopes";

export const DRIFT_POLICY_KEY = "driftPolicy";

export const driftPolicySchema = z.object({
  credentialRotationDays: z.number().int().min(1).max(3650),
  unusedDays: z.number().int().min(1).max(365),
});
export type DriftPolicy = z.infer<typeof driftPolicySchema>;

export const defaultDriftPolicy: DriftPolicy = { credentialRotationDays: DEFAULT_ROTATION_DAYS, unusedDays: DEFAULT_UNUSED_DAYS };

export async function loadDriftPolicy(db: Db | Tx): Promise<DriftPolicy> {
  const row = await db.setting.findUnique({ where: { key: DRIFT_POLICY_KEY } });
  if (!row) return defaultDriftPolicy;
  const parsed = driftPolicySchema.partial().safeParse(JSON.parse(row.value));
  return parsed.success ? { ...defaultDriftPolicy, ...parsed.data } : defaultDriftPolicy;
}

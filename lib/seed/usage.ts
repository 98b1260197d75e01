// Writes the demo's usage: the decision aggregates of ./usage-samples.ts and
// each credential's last use. Both are telemetry the token service and the
// decision API write directly (lib/decisions/stats.ts, lib/oauth/service.ts),
// not catalog changes, so the seed writes them directly too; it records no
// audit events for them (denials the decision API would have audited are
// not invented here).
import type { Db } from "../db/client";
import type { TimedStep } from "./demo-workflow";
import { decisionRows, USAGE_DAYS } from "./usage-samples";

const BATCH = 1_000;

export async function seedUsage(db: Db, steps: TimedStep[], now: Date): Promise<{ rows: number; days: number }> {
  const rows = decisionRows(steps, now);
  for (let i = 0; i < rows.length; i += BATCH) await db.decisionStat.createMany({ data: rows.slice(i, i + BATCH) });

  // a credential was last used when its client last got an answer (it authenticates for its tokens)
  const lastAllowed = new Map<string, Date>();
  for (const r of rows) {
    if (r.outcome === "allow" && r.minute.getTime() > (lastAllowed.get(r.clientId)?.getTime() ?? 0)) lastAllowed.set(r.clientId, r.minute);
  }
  const credentials = await db.credential.findMany({ select: { id: true, clientId: true, createdAt: true } });
  for (const c of credentials) {
    const last = lastAllowed.get(c.clientId);
    if (last && last > c.createdAt) await db.credential.update({ where: { id: c.id }, data: { lastUsedAt: last } });
  }
  return { rows: rows.length, days: USAGE_DAYS };
}

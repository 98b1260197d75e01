// Demo data for an empty database: the demo accounts, then five weeks of one
// company's history (./demo-history.ts) lived through the real workflow by
// those accounts (./demo-workflow.ts): opened, reviewed, applied, rejected,
// reverted, expired, emergency changes reviewed after the fact, requests still
// waiting, an access review in progress; ./usage.ts adds the access decisions
// the catalog's clients made meanwhile. Nothing is written around the write
// path: the audit log, change history and profile versions are what real use
// would have produced.
import { systemActor, type Actor } from "../auth/permissions";
import type { Db } from "../db/client";
import { createUser } from "../users/create-user";
import * as data from "./demo-data";
import { accountsCreated, demoHistory, when } from "./demo-history";
import { runStep, type SeedContext, type TimedStep } from "./demo-workflow";
import { seedUsage } from "./usage";

export type SeedOptions = { password: string; now?: Date; log?: (line: string) => void };
export type { TimedStep };

/** Seeds an empty database; does nothing when any user or domain exists. */
export async function seedDemo(db: Db, opts: SeedOptions): Promise<{ seeded: boolean }> {
  if ((await db.user.count()) > 0 || (await db.domain.count()) > 0) return { seeded: false };
  const now = opts.now ?? new Date();

  const actors = new Map<string, Actor>();
  for (const u of data.demoUsers) {
    const user = await createUser(db, { actor: systemActor, input: { ...u, password: opts.password }, now: when(now, accountsCreated) });
    actors.set(u.email, { id: user.id, label: user.email, role: u.role, kind: "user" });
  }
  const ctx: SeedContext = { db, now, actors, numbers: new Map(), log: opts.log };
  const applied: TimedStep[] = [];
  for (const step of demoHistory(now)) applied.push(...(await runStep(ctx, step)));
  const usage = await seedUsage(db, applied, now);
  opts.log?.(`${usage.rows} decision aggregates over ${usage.days} days`);
  return { seeded: true };
}

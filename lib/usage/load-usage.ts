// Loads usage for a client or a profile: the grants from the read model and
// the window's decision aggregates in one grouped query (latest minute and
// summed count per profile, scope and outcome), denials included.
import { getReadModel } from "../access/cache";
import type { ReadModel } from "../access/read-model";
import type { Db } from "../db/client";
import { DAY } from "../drift/types";
import { indexOf } from "../oauth/model-index";
import { DEFAULT_USAGE_DAYS, summarizeUsage, type GrantedScope, type UsageNames, type UsageStat, type UsageSummary } from "./usage";

export type UsageOptions = {
  days?: number;
  now?: Date;
  /** the read model to take grants from (default: the process's cached one) */
  model?: ReadModel;
};

/** `of` is a client id (any profile) or a profile id (any client). */
async function loadStats(db: Db, of: { clientId: string } | { profileId: string }, since: Date, now: Date): Promise<UsageStat[]> {
  const rows = await db.decisionStat.groupBy({
    by: ["profileId", "scopeId", "outcome"],
    // a denial for an unknown resource carries no scope: nothing to show per scope
    // (a client's denial may carry a scope but no profile: shown, as such)
    where: { scopeId: { not: "" }, ...of, minute: { gte: since, lte: now } },
    _max: { minute: true },
    _sum: { count: true },
  });
  return rows.flatMap((r) => (r._max.minute ? [{ profileId: r.profileId, scopeId: r.scopeId, outcome: r.outcome, minute: r._max.minute, count: r._sum.count ?? 0 }] : []));
}

const scopeName = (model: ReadModel, scopeId: string) => indexOf(model).scopeRef.get(scopeId)?.name ?? scopeId;
const namesIn = (model: ReadModel): UsageNames => ({ scope: (id) => scopeName(model, id), profile: (id) => model.profiles.get(id)?.name ?? id });

/** What the client holds now (active, live bindings and claim rules) versus what it used in the last N days. */
export async function usageForClient(db: Db, clientId: string, { days = DEFAULT_USAGE_DAYS, now = new Date(), model }: UsageOptions = {}): Promise<UsageSummary> {
  const m = model ?? (await getReadModel(db));
  const granted: GrantedScope[] = m.grantsOf(clientId, now).map((g) => ({ scopeId: g.scopeId, scopeName: scopeName(m, g.scopeId), profileId: g.profileId, profileName: g.profileName }));
  // a client holding nothing may still have been denied: always load
  const stats = await loadStats(db, { clientId }, new Date(now.getTime() - days * DAY), now);
  return summarizeUsage(granted, stats, { now, days, names: namesIn(m) });
}

/** The profile's scopes versus what any of its holders used through it in the last N days. */
export async function usageForProfile(db: Db, profileId: string, { days = DEFAULT_USAGE_DAYS, now = new Date(), model }: UsageOptions = {}): Promise<UsageSummary> {
  const m = model ?? (await getReadModel(db));
  const p = m.profiles.get(profileId);
  const granted: GrantedScope[] = (p?.scopeIds ?? []).filter((id) => m.scopes.has(id)).map((id) => ({ scopeId: id, scopeName: scopeName(m, id), profileId, profileName: p!.name }));
  const stats = p ? await loadStats(db, { profileId }, new Date(now.getTime() - days * DAY), now) : [];
  return summarizeUsage(granted, stats, { now, days, names: namesIn(m) });
}

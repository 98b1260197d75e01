// Decision aggregates: counts per minute, client, profile, scope and outcome,
// kept in memory and upserted (incremented) every few seconds, so answering a
// decision never writes. (Denials are also audited, durably before the answer:
// ./decide.ts through the token service's journal.)
import type { Db } from "../db/client";

export class DecisionRecorder {
  private counts = new Map<string, number>();
  private flushing: Promise<void> | null = null;

  constructor(private readonly db: Db) {}

  record(at: number, clientId: string, profileId: string, scopeId: string, allow: boolean) {
    const minute = at - (at % 60_000);
    const key = `${minute}|${clientId}|${profileId}|${scopeId}|${allow ? "allow" : "deny"}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  get pending() {
    return this.counts.size;
  }

  flush(): Promise<void> {
    this.flushing ??= this.write().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async write() {
    const counts = this.counts;
    this.counts = new Map();
    if (counts.size === 0) return;
    const rows = [...counts].map(([key, count]) => {
      const [minute, clientId, profileId, scopeId, outcome] = key.split("|") as [string, string, string, string, string];
      return { minute: new Date(Number(minute)), clientId, profileId, scopeId, outcome, count };
    });
    try {
      await this.db.$transaction(
        rows.map(({ count, ...k }) =>
          this.db.decisionStat.upsert({
            where: { minute_clientId_profileId_scopeId_outcome: k },
            create: { ...k, count },
            update: { count: { increment: count } },
          }),
        ),
      );
    } catch (e) {
      // another instance inserted the same bucket first, or the database is busy: count again next time
      for (const r of rows) {
        const key = `${r.minute.getTime()}|${r.clientId}|${r.profileId}|${r.scopeId}|${r.outcome}`;
        this.counts.set(key, (this.counts.get(key) ?? 0) + r.count);
      }
      if (!(e instanceof Error && /Unique constraint|P2002/.test(e.message))) console.error("decision stats could not be written:", e instanceof Error ? e.message : e);
    }
  }
}

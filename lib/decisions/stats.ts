// Decision aggregates: counts per minute, client, profile, scope and outcome,
// kept in memory and upserted (incremented) every few seconds, so answering a
// decision never writes. Denials also go to the audit log, collapsed per
// (caller, client, resource, action, reason) between flushes.
import type { Actor } from "../audit/append";
import type { Db } from "../db/client";
import type { AuditBatcher } from "../oauth/audit-batch";

type Denial = { actor: Actor; client: string; clientId: string; resource: string; action: string; reason: string; count: number; first: number; last: number };

export class DecisionRecorder {
  private counts = new Map<string, number>();
  private denials = new Map<string, Denial>();
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditBatcher,
  ) {}

  record(at: number, clientId: string, profileId: string, scopeId: string, allow: boolean) {
    const minute = at - (at % 60_000);
    const key = `${minute}|${clientId}|${profileId}|${scopeId}|${allow ? "allow" : "deny"}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  deny(at: number, actor: Actor, d: { client: string; clientId: string; resource: string; action: string; reason: string }) {
    const key = `${actor.label}|${d.clientId || d.client}|${d.resource}|${d.action}|${d.reason}`;
    const seen = this.denials.get(key);
    if (seen) {
      seen.count++;
      seen.last = at;
    } else if (this.denials.size < 10_000) this.denials.set(key, { actor, ...d, count: 1, first: at, last: at });
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
    const denials = this.denials;
    this.counts = new Map();
    this.denials = new Map();
    for (const d of denials.values()) {
      this.audit.push(
        d.actor,
        {
          action: "decision.denied",
          targetType: "client",
          targetId: d.clientId,
          targetName: d.client,
          after: { resource: d.resource, action: d.action, reason: d.reason, count: d.count, first: new Date(d.first).toISOString(), last: new Date(d.last).toISOString() },
        },
        new Date(d.last),
      );
    }
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

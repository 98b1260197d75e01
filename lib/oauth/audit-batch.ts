// Audit events of the hot paths (tokens issued, decisions denied), appended
// in batches every few seconds: one transaction for many events, so issuing
// a token or answering a decision never waits for the audit chain's lock.
import { appendAudit, type Actor, type NewAuditEvent } from "../audit/append";
import { transaction, type Db } from "../db/client";

type Pending = { actor: Actor; event: NewAuditEvent; at: Date };

export class AuditBatcher {
  private pending: Pending[] = [];
  private flushing: Promise<void> | null = null;
  dropped = 0;

  constructor(
    private readonly db: Db,
    private readonly maxPending = 50_000,
  ) {}

  get size() {
    return this.pending.length;
  }

  push(actor: Actor, event: NewAuditEvent, at = new Date()) {
    if (this.pending.length >= this.maxPending) {
      this.dropped++;
      return;
    }
    this.pending.push({ actor, event, at });
  }

  flush(): Promise<void> {
    this.flushing ??= this.write().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async write() {
    while (this.pending.length) {
      const batch = this.pending.splice(0, 2_000);
      try {
        await transaction(this.db, async (tx) => {
          // consecutive events of one actor share an append (and its timestamp: the last one's)
          let i = 0;
          while (i < batch.length) {
            let j = i + 1;
            while (j < batch.length && batch[j]!.actor.label === batch[i]!.actor.label && batch[j]!.actor.id === batch[i]!.actor.id) j++;
            const group = batch.slice(i, j);
            await appendAudit(tx, group[0]!.actor, group.map((p) => p.event), group[group.length - 1]!.at);
            i = j;
          }
        });
      } catch (e) {
        // keep them for the next flush (bounded), rather than lose the trail
        this.pending.unshift(...batch.slice(0, Math.max(0, this.maxPending - this.pending.length)));
        console.error("audit batch could not be written:", e instanceof Error ? e.message : e);
        return;
      }
    }
  }
}

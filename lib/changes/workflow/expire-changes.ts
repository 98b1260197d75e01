// Temporary changes: when a request's expiresAt passes, its inverse is applied
// automatically (by the system, recorded as its own change request and in the
// audit log). Runs on start, so expiries missed while the server was down are
// caught up, and then periodically. A conditional status update makes each
// expiry happen once even with several instances.
import { appendAudit } from "../../audit/append";
import { systemActor } from "../../auth/permissions";
import { transaction, type Db, type Tx } from "../../db/client";
import { enqueueWebhookEvent } from "../../webhooks/enqueue";
import { inverseOperations } from "../inverse";
import { parseChange, type ParsedOperation } from "../operations";
import { recordAndApply } from "../record-and-apply";
import { lockCatalog } from "./lock";
import { discardExpiredSecrets } from "./secret-delivery";

/** Deletes whose target is already gone need not (and cannot) be applied again. */
async function stillPresent(tx: Tx, op: ParsedOperation): Promise<boolean> {
  if (op.kind !== "delete") return true;
  const where = { where: { id: op.id }, select: { id: true } } as const;
  const finders: Record<string, () => Promise<unknown>> = {
    domain: () => tx.domain.findUnique(where),
    environment: () => tx.environment.findUnique(where),
    resource: () => tx.resource.findUnique(where),
    scope: () => tx.scope.findUnique(where),
    profile: () => tx.profile.findUnique(where),
    client: () => tx.client.findUnique(where),
    binding: () => tx.binding.findUnique(where),
    claimRule: () => tx.claimRule.findUnique(where),
    credential: () => tx.credential.findUnique(where),
  };
  return !!(await finders[op.entity]!());
}

export async function expireDueChanges(db: Db, now = new Date()): Promise<number[]> {
  const due = await db.changeRequest.findMany({
    where: { status: "applied", expiresAt: { lte: now } },
    select: { id: true },
    orderBy: { expiresAt: "asc" },
    take: 50,
  });
  const expired: number[] = [];
  for (const { id } of due) {
    const number = await transaction(db, async (tx) => {
      await lockCatalog(tx);
      const moved = await tx.changeRequest.updateMany({ where: { id, status: "applied" }, data: { status: "expired", closedAt: now } });
      if (!moved.count) return null;
      const cr = await tx.changeRequest.findUniqueOrThrow({ where: { id }, include: { operations: true } });
      const inverse = parseChange({ title: "expiry", operations: inverseOperations(cr.operations) }).operations;
      const ops: ParsedOperation[] = [];
      for (const op of inverse) if (await stillPresent(tx, op)) ops.push(op);
      if (ops.length) {
        await recordAndApply(tx, {
          actor: systemActor,
          authorId: null,
          title: `Expire CR-${cr.number}: ${cr.title}`.slice(0, 200),
          reason: `Temporary change CR-${cr.number} expired at ${cr.expiresAt?.toISOString()}`,
          operations: ops,
          now,
          revertOfId: cr.id,
        });
      }
      await appendAudit(tx, systemActor, [{ action: "change.expired", targetType: "changeRequest", targetId: cr.id, targetName: `CR-${cr.number}`, changeRequestId: cr.id, after: { expiresAt: cr.expiresAt?.toISOString(), inverseOperations: ops.length } }], now);
      await enqueueWebhookEvent(tx, "change.expired", { number: cr.number, title: cr.title, expiresAt: cr.expiresAt?.toISOString() }, now);
      return cr.number;
    });
    if (number !== null) expired.push(number);
  }
  return expired;
}

/** Catches up at once, then checks every `intervalMs`; returns a stop function. */
export function startExpirySweeper(db: Db, intervalMs = 15_000): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const expired = await expireDueChanges(db);
      if (expired.length) console.log(`expired temporary changes: ${expired.map((n) => `CR-${n}`).join(", ")}`);
      const discarded = await discardExpiredSecrets(db);
      if (discarded) console.log(`discarded ${discarded} credential secret(s) nobody came for`);
    } catch (e) {
      console.error("expiry sweep failed:", e instanceof Error ? e.message : e);
    } finally {
      running = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

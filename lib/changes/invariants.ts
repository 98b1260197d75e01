// The control plane's promises about changes, as predicates checked against
// what the database holds. The README's security model states them; the gate
// (workflow/gate.ts) and the one write path enforce them; the model-based test
// (workflow/workflow.model.int.test.ts) drives every surface at random and
// checks these after each step, so a new path that forgets one fails.
import { catalogEntities } from "../audit/actions";
import { verifyAuditChain } from "../audit/verify";
import type { Db } from "../db/client";
import { parseReach } from "./workflow/review-data";

export type Violation = { invariant: string; detail: string };

const landed = ["applied", "expired", "reverted"];
const reviewers = new Set(["approver", "admin"]);

/** I1: every change that reached the catalog went through the approval rules (or the emergency or expiry rule). */
async function landedThroughTheGate(db: Db): Promise<Violation[]> {
  const out: Violation[] = [];
  const crs = await db.changeRequest.findMany({ where: { status: { in: landed } }, include: { approvals: { include: { user: { select: { role: true } } } }, author: { select: { role: true } } } });
  for (const cr of crs) {
    const label = `CR-${cr.number}`;
    const reach = parseReach(cr.reach);
    if (!reach) {
      out.push({ invariant: "gate", detail: `${label} landed without a stored requirement` });
      continue;
    }
    const req = reach.requirement;
    if (cr.source === "expiry") {
      const original = cr.revertOfId ? await db.changeRequest.findUnique({ where: { id: cr.revertOfId }, select: { status: true, expiresAt: true } }) : null;
      if (original?.status !== "expired" || !original.expiresAt || (cr.appliedAt && original.expiresAt > cr.appliedAt)) out.push({ invariant: "gate", detail: `${label} is an expiry of a change that had not expired` });
      continue;
    }
    if (cr.emergency) {
      if (cr.author?.role !== "admin") out.push({ invariant: "gate", detail: `${label} used the emergency rule without an admin author` });
      if (!cr.reviewDue && !cr.postReview) out.push({ invariant: "emergency review", detail: `${label} is an emergency change neither waiting for nor given its after-the-fact review` });
      continue;
    }
    if (req.autoApply) {
      if (cr.risk !== "low" || reach.touchesProtected) out.push({ invariant: "gate", detail: `${label} applied without review although it is ${cr.risk} risk${reach.touchesProtected ? " in a protected environment" : ""}` });
      continue;
    }
    const approvers = [...new Set(cr.approvals.filter((a) => a.decision === "approve" && a.userId !== cr.authorId && reviewers.has(a.user.role)).map((a) => a.userId))];
    if (approvers.length < req.approvals) out.push({ invariant: "gate", detail: `${label} landed with ${approvers.length} of ${req.approvals} approvals` });
    if (req.ownerRequired && reach.domainIds.length) {
      const owners = await db.domainOwner.count({ where: { userId: { in: approvers }, domainId: { in: reach.domainIds } } });
      if (!owners) out.push({ invariant: "gate", detail: `${label} landed without an approval by an owner of an affected domain` });
    }
  }
  return out;
}

/** I2: every change and every change event has a human principal. */
async function humanPrincipal(db: Db): Promise<Violation[]> {
  const ownerless = await db.changeRequest.findMany({ where: { authorId: null }, select: { number: true } });
  const events = await db.auditEvent.findMany({
    where: { actorId: null, OR: [{ action: { startsWith: "change." } }, ...catalogEntities.map((e) => ({ action: { startsWith: `${e}.` } }))] },
    select: { seq: true, action: true },
    take: 20,
  });
  return [
    ...ownerless.map((c) => ({ invariant: "principal", detail: `CR-${c.number} has no author` })),
    ...events.filter((e) => !e.action.startsWith("credential.secret_")).map((e) => ({ invariant: "principal", detail: `audit event ${e.seq} (${e.action}) acts for nobody` })),
  ];
}

/** I3: the audit chain verifies, and every catalog event belongs to a change that landed, one per operation. */
async function completeAudit(db: Db): Promise<Violation[]> {
  const out: Violation[] = [];
  const chain = await verifyAuditChain(db);
  if (!chain.ok) out.push({ invariant: "audit", detail: `chain broken at ${chain.brokenAt}: ${chain.reason}` });
  const entityEvents = await db.auditEvent.groupBy({
    by: ["changeRequestId"],
    where: { OR: catalogEntities.flatMap((e) => ["created", "updated", "deleted"].map((v) => ({ action: `${e}.${v}` }))) },
    _count: true,
  });
  const crs = new Map((await db.changeRequest.findMany({ select: { id: true, number: true, status: true, _count: { select: { operations: true } } } })).map((c) => [c.id, c]));
  for (const g of entityEvents) {
    const cr = g.changeRequestId ? crs.get(g.changeRequestId) : undefined;
    if (!cr) out.push({ invariant: "audit", detail: `${g._count} catalog event(s) belong to no change request` });
    else if (!landed.includes(cr.status)) out.push({ invariant: "audit", detail: `CR-${cr.number} is ${cr.status} but has catalog events` });
    else if (g._count !== cr._count.operations) out.push({ invariant: "audit", detail: `CR-${cr.number} has ${cr._count.operations} operations and ${g._count} catalog events` });
  }
  for (const cr of crs.values()) {
    if (landed.includes(cr.status) && cr._count.operations && !entityEvents.some((g) => g.changeRequestId === cr.id)) out.push({ invariant: "audit", detail: `CR-${cr.number} landed without catalog events` });
  }
  return out;
}

/** I4: nothing the rules apply at once is left open once recovery ran (pass the instant recovery last ran). */
async function nothingStranded(db: Db, recoveredAt: Date | null): Promise<Violation[]> {
  if (!recoveredAt) return [];
  const open = await db.changeRequest.findMany({ where: { status: "open", createdAt: { lte: recoveredAt } }, select: { number: true, emergency: true, reach: true } });
  return open
    .filter((c) => c.emergency || parseReach(c.reach)?.requirement.autoApply)
    .map((c) => ({ invariant: "stranded", detail: `CR-${c.number} should have applied at once but is still open` }));
}

export async function checkInvariants(db: Db, { recoveredAt = null }: { recoveredAt?: Date | null } = {}): Promise<Violation[]> {
  return [...(await landedThroughTheGate(db)), ...(await humanPrincipal(db)), ...(await completeAudit(db)), ...(await nothingStranded(db, recoveredAt))];
}

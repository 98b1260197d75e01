// Declaring a client compromised, in drill mode: the drill is recorded, a
// canary token is minted for the client, its blast radius is captured, and
// the clock starts (drill.started). A drill due later is only recorded
// (drill.scheduled); the sweeper starts it when it is due. Nothing here
// changes anyone's access: only the responder's actions do.
import { z } from "zod";
import { getReadModel } from "../access/cache";
import { appendAudit, type Actor as AuditActor } from "../audit/append";
import { can, type Actor } from "../auth/permissions";
import { transaction, type Db } from "../db/client";
import { instanceUrls } from "../env";
import { AppError, validationError } from "../errors";
import { blastRadius } from "../graph/queries";
import { text } from "../validation/text";
import { mintCanary } from "./canary";
import type { LiveDrill } from "./live";
import { probeOnce, startProbing } from "./probe";
import { createProbeToken } from "./probe-token";
import { loadDrillPolicy } from "./settings";
import { counted } from "../format";

export const startDrillInput = z.object({
  clientId: text().trim().min(1, "is required").max(200),
  reason: text().trim().max(500, "must be at most 500 characters").default(""),
  /** ISO 8601; absent or past: now */
  scheduledFor: z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time" }).optional(),
});

/** Probing stops after this even if the drill is never contained. */
const MAX_PROBE_MS = 30 * 60_000;

/** Drills still probing or about to. */
const activeStatuses = ["scheduled", "running", "contained"];
export const MAX_ACTIVE_DRILLS = 5;

async function nextNumber(db: Db) {
  const last = await db.drill.findFirst({ orderBy: { number: "desc" }, select: { number: true } });
  return (last?.number ?? 0) + 1;
}

export async function startDrill(db: Db, { actor, input, now = new Date() }: { actor: Actor; input: unknown; now?: Date }) {
  if (!can(actor, "drill.start")) throw new AppError("forbidden", "only editors, approvers and admins start breach drills");
  if (!actor.id) throw new AppError("forbidden", "a drill needs a human principal");
  const parsed = startDrillInput.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const v = parsed.data;
  const client = await db.client.findFirst({ where: { OR: [{ id: v.clientId }, { name: v.clientId }] }, select: { id: true, name: true, status: true } });
  if (!client) throw new AppError("not_found", `client ${v.clientId} does not exist`, [{ field: "clientId", message: "no client with this id or name" }]);
  if (client.status !== "active") throw new AppError("conflict", `${client.name} is ${client.status}: a drill needs a client whose tokens are live`, [{ field: "clientId", message: `the client is ${client.status}` }]);
  const policy = await loadDrillPolicy(db);
  const at = v.scheduledFor ? new Date(v.scheduledFor) : null;
  const audit = { id: actor.id, label: actor.label };
  const drill = await transaction(db, async (tx) => {
    // each drill probes every instance five times a second: one at a time per client, a few at once in all
    const active = await tx.drill.findMany({ where: { status: { in: activeStatuses } }, select: { clientId: true, number: true } });
    const same = active.find((d) => d.clientId === client.id);
    if (same) throw new AppError("conflict", `${client.name} already has drill D-${same.number} under way: complete or cancel it first`, [{ field: "clientId", message: `drill D-${same.number} is under way` }]);
    if (active.length >= MAX_ACTIVE_DRILLS) throw new AppError("conflict", `${active.length} drills are under way (at most ${MAX_ACTIVE_DRILLS} at once): complete or cancel one first`);
    const number = await nextNumber(tx as Db);
    const row = await tx.drill.create({
      data: {
        number,
        clientId: client.id,
        clientName: client.name,
        status: at && at > now ? "scheduled" : "running",
        reason: v.reason,
        scheduledFor: at && at > now ? at : null,
        objectiveSeconds: policy.objectiveSeconds,
        createdById: actor.id,
        createdBy: actor.label,
        createdAt: now,
      },
    });
    if (row.status === "scheduled") {
      await appendAudit(tx, audit, [{ action: "drill.scheduled", targetType: "drill", targetId: row.id, targetName: `D-${number}`, after: { client: client.name, scheduledFor: at!.toISOString() } }], now);
    }
    return row;
  });
  if (drill.status === "scheduled") return drill;
  return beginDrill(db, drill.id, audit, now);
}

/**
 * Starts a drill recorded as running (or just claimed by the scheduler): mints
 * the canary, takes a probe credential, captures the blast radius, records
 * drill.started, and runs a first probe round so the timeline shows the canary
 * accepted before the responder acts. On failure the drill is cancelled, saying why.
 */
export async function beginDrill(db: Db, drillId: string, actor: AuditActor, startedAt = new Date()) {
  const drill = await db.drill.findUniqueOrThrow({ where: { id: drillId } });
  try {
    const canary = await mintCanary(db, { client: { id: drill.clientId, name: drill.clientName }, drillId, actor, now: startedAt });
    const probe = await createProbeToken(db, { actor, userId: drill.createdById, drillNumber: drill.number, now: startedAt });
    const radius = blastRadius(await getReadModel(db), { client: drill.clientId, at: startedAt });
    const instances = instanceUrls();
    const items = radius ? radius.byEnvironment.flatMap((e) => e.items.map((i) => `${e.environment}/${i.resource}: ${i.actions.join(", ")}`)) : [];
    const totals = radius?.totals ?? { resources: 0, actions: 0, protected: 0 };
    await transaction(db, async (tx) => {
      await tx.drill.update({
        where: { id: drillId },
        data: { status: "running", startedAt, canaryJti: canary.jti, canaryExpiresAt: canary.expiresAt, instances: JSON.stringify(instances), blastRadius: JSON.stringify({ ...totals, items }) },
      });
      await tx.drillEvent.create({
        data: {
          drillId,
          at: startedAt,
          kind: "started",
          message: `${drill.clientName} declared compromised (drill); canary ${canary.jti.slice(0, 8)}… minted under ${canary.profile}; it reaches ${counted(totals.resources, "resource")}, ${totals.protected} protected`,
          detail: JSON.stringify({ jti: canary.jti, profile: canary.profile, instances }),
        },
      });
      await appendAudit(tx, actor, [{ action: "drill.started", targetType: "drill", targetId: drillId, targetName: `D-${drill.number}`, after: { client: drill.clientName, canaryJti: canary.jti, instances, blastRadius: totals } }], startedAt);
    });
    const live: LiveDrill = {
      canary: canary.token,
      probeSecret: probe.secret,
      instances,
      accepted: new Set(),
      rejected: new Set(),
      unreachable: new Set(),
      timer: null,
      busy: null,
      until: Math.min(canary.expiresAt.getTime(), startedAt.getTime() + MAX_PROBE_MS),
    };
    await probeOnce(db, drillId, live, actor);
    startProbing(db, drillId, live, actor);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    await db.drill.updateMany({ where: { id: drillId, status: { in: ["running", "scheduled"] } }, data: { status: "cancelled", completedAt: new Date() } });
    await db.drillEvent.create({ data: { drillId, at: new Date(), kind: "note", message: `the drill could not start: ${why}` } });
    throw e;
  }
  return db.drill.findUniqueOrThrow({ where: { id: drillId } });
}

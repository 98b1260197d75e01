// Completing a drill: probing stops, what the client can still reach is
// measured, and the report (figures, timeline, gaps, findings) is written
// with the drill and summarised in the audit log (drill.completed). The probe
// credential is revoked. Cancelling a scheduled or running drill records why.
import { getReadModel } from "../access/cache";
import { raiseAlert } from "../alerts/raise";
import { appendAudit, type Actor as AuditActor } from "../audit/append";
import { can, type Actor } from "../auth/permissions";
import { transaction, type Db } from "../db/client";
import { AppError } from "../errors";
import { blastRadius } from "../graph/queries";
import { liveDrills } from "./live";
import { probeNow, stopProbing } from "./probe";
import { revokeProbeToken } from "./probe-token";
import { buildReport } from "./report";
import type { DrillReport, RemainingReach } from "./types";

async function remainingReach(db: Db, d: { clientId: string; canaryJti: string | null }, now: Date): Promise<RemainingReach> {
  const radius = blastRadius(await getReadModel(db), { client: d.clientId, at: now });
  const [liveCredentials, liveTokens] = await Promise.all([
    db.credential.count({ where: { clientId: d.clientId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] } }),
    db.token.count({ where: { clientId: d.clientId, revokedAt: null, expiresAt: { gt: now }, ...(d.canaryJti ? { jti: { not: d.canaryJti } } : {}) } }),
  ]);
  const active = radius?.client.status === "active";
  return {
    resources: radius?.totals.resources ?? 0,
    actions: radius?.totals.actions ?? 0,
    protected: radius?.totals.protected ?? 0,
    liveCredentials,
    // tokens of a client that is not active are rejected everywhere
    liveTokens: active ? liveTokens : 0,
    items: radius ? radius.byEnvironment.flatMap((e) => e.items.map((i) => `${e.environment}/${i.resource}: ${i.actions.join(", ")}`)) : [],
  };
}

async function releaseProbe(db: Db, drill: { id: string; number: number }, actor: AuditActor, now: Date) {
  stopProbing(drill.id);
  liveDrills().delete(drill.id);
  await revokeProbeToken(db, { actor, drillNumber: drill.number, now });
}

export async function completeDrill(db: Db, { actor, id, now }: { actor: Actor; id: string; now?: Date }): Promise<DrillReport> {
  if (!can(actor, "change.emergency")) throw new AppError("forbidden", "only admins run breach drills");
  const drill = await db.drill.findUnique({ where: { id } });
  if (!drill) throw new AppError("not_found", "no drill with this id");
  if (drill.status !== "running" && drill.status !== "contained") throw new AppError("conflict", `D-${drill.number} is ${drill.status}; only a running or contained drill can be completed`);
  // a last look at every instance before the figures are taken
  await probeNow(db, id, { id: actor.id, label: actor.label }).catch(() => {});
  const at = now ?? new Date();
  const audit = { id: actor.id, label: actor.label };
  await releaseProbe(db, drill, audit, at);
  const fresh = await db.drill.findUniqueOrThrow({ where: { id } });
  const remaining = await remainingReach(db, fresh, at);
  const events = await db.drillEvent.findMany({ where: { drillId: id }, orderBy: { at: "asc" } });
  const completedEvent = { at, kind: "completed", instance: "", message: `${actor.label} completed the drill`, detail: "{}" };
  const report = buildReport(fresh, [...events, completedEvent], remaining, at);
  return transaction(db, async (tx) => {
    const claimed = await tx.drill.updateMany({ where: { id, status: { in: ["running", "contained"] } }, data: { status: "completed", completedAt: at, report: JSON.stringify(report) } });
    if (!claimed.count) throw new AppError("conflict", `D-${drill.number} was completed or cancelled meanwhile`);
    await tx.drillEvent.create({ data: { drillId: id, ...completedEvent } });
    await appendAudit(
      tx,
      audit,
      [
        {
          action: "drill.completed",
          targetType: "drill",
          targetId: id,
          targetName: `D-${drill.number}`,
          after: { client: drill.clientName, figures: report.figures, remaining: { resources: remaining.resources, protected: remaining.protected }, gaps: report.gaps.length, findings: report.findings },
        },
      ],
      at,
    );
    // a drill that missed its containment objective raises an alert (Settings → alert rules)
    if (!report.figures.objectiveMet) {
      const took = report.figures.timeToContainmentMs === null ? "not contained" : `contained after ${Math.round(report.figures.timeToContainmentMs / 1000)} s`;
      await raiseAlert(tx, "drill_failed", { summary: `D-${drill.number} (${drill.clientName}) missed its objective of ${fresh.objectiveSeconds} s: ${took}`, drill: `D-${drill.number}`, drillId: id, gaps: report.gaps }, at);
    }
    return report;
  });
}

export async function cancelDrill(db: Db, { actor, id, now = new Date() }: { actor: Actor; id: string; now?: Date }) {
  if (!can(actor, "change.emergency")) throw new AppError("forbidden", "only admins run breach drills");
  const drill = await db.drill.findUnique({ where: { id } });
  if (!drill) throw new AppError("not_found", "no drill with this id");
  const audit = { id: actor.id, label: actor.label };
  await releaseProbe(db, drill, audit, now);
  return transaction(db, async (tx) => {
    const claimed = await tx.drill.updateMany({ where: { id, status: { in: ["scheduled", "running", "contained"] } }, data: { status: "cancelled", completedAt: now } });
    if (!claimed.count) throw new AppError("conflict", `D-${drill.number} is ${drill.status}; it cannot be cancelled`);
    await tx.drillEvent.create({ data: { drillId: id, at: now, kind: "note", message: `${actor.label} cancelled the drill` } });
    await appendAudit(tx, audit, [{ action: "drill.cancelled", targetType: "drill", targetId: id, targetName: `D-${drill.number}`, after: { client: drill.clientName } }], now);
    return { id, status: "cancelled" };
  });
}

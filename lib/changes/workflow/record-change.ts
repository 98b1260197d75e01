// Recording a change request (status "open", or "stale" for a revert that
// cannot be exact) with its operations, analysis and approval requirement,
// plus its audit event and webhooks, inside the caller's transaction.
import { raiseAlert } from "../../alerts/raise";
import { appendAudit } from "../../audit/append";
import type { Actor } from "../../auth/permissions";
import type { Tx } from "../../db/client";
import { enqueueWebhookEvent } from "../../webhooks/enqueue";
import { operationRows } from "../apply-operations";
import type { Requirement } from "../approval-rules";
import type { ChangeSource } from "../sources";
import type { Analysis } from "./analyze";
import { storedReach } from "./review-data";

export type RecordInput = {
  actor: Actor;
  title: string;
  reason: string;
  analysis: Analysis;
  requirement: Requirement;
  source: ChangeSource;
  now: Date;
  expiresAt?: Date | null;
  revertOfId?: string | null;
  emergency?: boolean;
  /** record as stale at once, saying why (a revert that cannot be exact) */
  staleReason?: string;
};

export async function recordChange(tx: Tx, r: RecordInput) {
  const { actor, analysis, now } = r;
  const state = await tx.catalogState.update({ where: { id: 1 }, data: { crNumber: { increment: 1 } } });
  const row = await tx.changeRequest.create({
    data: {
      number: state.crNumber,
      title: r.title,
      reason: r.reason,
      status: r.staleReason ? "stale" : "open",
      staleReason: r.staleReason ?? null,
      closedAt: r.staleReason ? now : null,
      risk: analysis.risk.level,
      authorId: actor.id,
      authorTokenId: actor.tokenId ?? null,
      source: r.source,
      emergency: r.emergency ?? false,
      baseVersion: state.catalogVersion,
      expiresAt: r.expiresAt ?? null,
      revertOfId: r.revertOfId ?? null,
      findings: JSON.stringify(analysis.findings),
      reach: JSON.stringify(storedReach(analysis, r.requirement)),
      createdAt: now,
      updatedAt: now,
    },
  });
  await tx.operation.createMany({ data: operationRows(row.id, analysis.done).map((o) => ({ ...o, after: null })) });
  const summary = {
    number: row.number,
    title: row.title,
    risk: row.risk,
    author: actor.label,
    source: row.source,
    emergency: row.emergency,
    operations: analysis.done.length,
    gained: analysis.delta.gained.length,
    lost: analysis.delta.lost.length,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    ...(r.staleReason ? { staleReason: r.staleReason } : {}),
  };
  await appendAudit(tx, actor, [{ action: "change.opened", targetType: "changeRequest", targetId: row.id, targetName: `CR-${row.number}`, changeRequestId: row.id, after: summary }], now);
  if (r.staleReason) {
    await appendAudit(tx, actor, [{ action: "change.stale", targetType: "changeRequest", targetId: row.id, targetName: `CR-${row.number}`, changeRequestId: row.id, after: { reason: r.staleReason } }], now);
  }
  await enqueueWebhookEvent(tx, "change.opened", summary, now);
  if (analysis.touchesCritical) await enqueueWebhookEvent(tx, "change.critical", summary, now);
  // an access assertion this change breaks raises an alert (Settings → alert rules)
  const broken = analysis.findings.filter((f) => f.checkId === "assertion");
  if (broken.length) {
    await raiseAlert(tx, "assertion_failed", { summary: `CR-${row.number} breaks ${broken.map((f) => f.target.name).join(", ")}`, changeRequest: `CR-${row.number}`, changeRequestId: row.id, findings: broken.map((f) => f.message) }, now);
  }
  return row;
}

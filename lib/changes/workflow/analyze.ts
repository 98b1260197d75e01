// What a change would do, computed by applying it inside a transaction the
// caller rolls back: the applied operations (with before snapshots), policy
// findings, reach delta, the domains and environments it touches, and risk.
import { affectedClients, clientInfo, reachDelta, reachOf, type ReachDelta } from "../../access/reach";
import type { Tx } from "../../db/client";
import { findingsFor, type Finding } from "../../policy/findings";
import { applyOperations, type AppliedOperation } from "../apply-operations";
import type { ParsedOperation } from "../operations";
import { assessRisk, type RiskAssessment } from "../risk";
import { touchedBefore } from "./touched";
import { assertionBaseline, assertionFindings } from "../../ascode/assertion-findings";

export type Analysis = {
  done: AppliedOperation[];
  findings: Finding[];
  delta: ReachDelta;
  risk: RiskAssessment;
  touchesProtected: boolean;
  touchesCritical: boolean;
  domainIds: string[];
};

const str = (v: unknown) => (typeof v === "string" && v ? v : null);

/** Environment, domain and resource ids named in the operations' snapshots. */
function referenced(done: AppliedOperation[]) {
  const envs = new Set<string>();
  const domains = new Set<string>();
  const resources = new Set<string>();
  for (const { op, applied } of done) {
    for (const snap of [applied.before, applied.after]) {
      if (!snap) continue;
      const env = str(snap.environmentId);
      const dom = str(snap.domainId);
      if (env) envs.add(env);
      if (dom) domains.add(dom);
      if (op.entity === "resource") resources.add(applied.targetId);
      const res = str(snap.resourceId);
      if (res) resources.add(res);
    }
  }
  return { envs, domains, resources };
}

export async function analyzeChange(tx: Tx, ops: ParsedOperation[], changeRequestId: string, now: Date): Promise<Analysis> {
  const clients = await affectedClients(tx, ops);
  const [before, infoBefore] = await Promise.all([reachOf(tx, clients, now), clientInfo(tx, clients)]);
  // what the change touches as the catalog is now: a deletion still touches what it deletes
  const pre = await touchedBefore(tx, ops);
  const protectedBefore = pre.envs.size ? await tx.environment.count({ where: { id: { in: [...pre.envs] }, protection: "protected" } }) : 0;
  const assertionsBefore = await assertionBaseline(tx, ops, now);
  const done = await applyOperations({ tx, changeRequestId, now }, ops);
  const allClients = [...new Set([...clients, ...done.filter((d) => d.op.entity === "client").map((d) => d.applied.targetId)])];
  const [after, infoAfter] = await Promise.all([reachOf(tx, allClients, now), clientInfo(tx, allClients)]);
  const delta = await reachDelta(tx, before, after, new Map([...infoAfter, ...infoBefore]));
  const findings = await findingsFor(
    tx,
    done.map(({ op, applied }) => ({ entity: op.entity, id: applied.targetId, deleted: op.kind === "delete" })),
  );
  // the catalog's access assertions (lib/ascode/): the ones this change breaks
  findings.push(...(await assertionFindings(tx, assertionsBefore, now)));

  const refs = referenced(done);
  for (const e of [...delta.gained, ...delta.lost]) {
    refs.resources.add(e.resourceId);
    if (e.domainId) refs.domains.add(e.domainId);
  }
  // a profile (or a binding or claim rule through its profile) touches the
  // resources its scopes act on
  const profileIds = new Set<string>();
  for (const { op, applied } of done) {
    if (op.entity === "profile") profileIds.add(applied.targetId);
    for (const snap of [applied.before, applied.after]) if (snap && typeof snap.profileId === "string") profileIds.add(snap.profileId);
  }
  if (profileIds.size) {
    const held = await tx.profileScope.findMany({ where: { profileId: { in: [...profileIds] } }, select: { scope: { select: { resourceId: true } } } });
    for (const h of held) refs.resources.add(h.scope.resourceId);
  }
  const resources = await tx.resource.findMany({
    where: { id: { in: [...refs.resources] } },
    select: { environmentId: true, domainId: true, criticality: true },
  });
  for (const r of resources) {
    refs.envs.add(r.environmentId);
    refs.domains.add(r.domainId);
  }
  for (const d of pre.domains) refs.domains.add(d);
  const protectedEnvs = await tx.environment.count({ where: { id: { in: [...refs.envs] }, protection: "protected" } });
  const touchesProtected = protectedEnvs > 0 || protectedBefore > 0 || [...delta.gained, ...delta.lost].some((e) => e.protected);
  const touchesCritical = resources.some((r) => r.criticality === "critical") || [...pre.resources.values()].some((r) => r.criticality === "critical");
  return {
    done,
    findings,
    delta,
    risk: assessRisk({ delta, findings, touchesProtected }),
    touchesProtected,
    touchesCritical,
    domainIds: [...refs.domains],
  };
}

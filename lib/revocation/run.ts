// Running the revocation policies: a dry run records what they would do; a
// real run opens one change request per rule through the one write path
// (source "policy"; for review, or applied at once under the rule's named
// emergency rule and reviewed after), revokes the tokens narrowed bindings
// left live, and records the run (RevocationRun, audit revocationPolicy.ran).
// A rule whose change already waits for review is not opened twice.
import { appendAudit } from "../audit/append";
import { can, type Actor } from "../auth/permissions";
import { openChange } from "../changes/workflow/open-change";
import { transaction, type Db } from "../db/client";
import { AppError } from "../errors";
import { revokeTokens } from "../oauth/revocations";
import { planRevocations, type Plan } from "./plan";
import { loadRevocationPolicies } from "./settings";
import { counted } from "../format";

export type RunAction = {
  rule: string;
  kind: "change" | "tokens";
  summary: string;
  targets: string[];
  apply?: "review" | "emergency";
  changeRequest?: { id: string; number: number; status: string; existing?: boolean };
  revoked?: number;
};

export type RunResult = { id: string; at: string; dryRun: boolean; trigger: "manual" | "schedule"; actions: RunAction[]; errors: { rule: string; message: string }[] };

function describe(plan: Plan): RunAction[] {
  return [
    ...plan.changes.map((c): RunAction => ({ rule: c.name, kind: "change", summary: c.title, targets: c.targets, apply: c.apply })),
    ...(plan.tokens?.clients.map((c): RunAction => ({ rule: plan.tokens!.name, kind: "tokens", summary: `revoke ${counted(c.jtis.length, "token")} of ${c.name}: ${c.why.join("; ")}`, targets: [c.name], revoked: c.jtis.length })) ?? []),
  ];
}

export async function runRevocationPolicies(
  db: Db,
  { actor, dryRun, trigger = "manual", now = new Date() }: { actor: Actor; dryRun: boolean; trigger?: "manual" | "schedule"; now?: Date },
): Promise<RunResult> {
  if (!can(actor, "change.create")) throw new AppError("forbidden", `${actor.role} may not run the revocation policies`);
  const policies = await loadRevocationPolicies(db);
  const plan = await planRevocations(db, policies, now);
  const actions = describe(plan);
  const errors: RunResult["errors"] = [];

  if (!dryRun) {
    for (const [i, c] of plan.changes.entries()) {
      const action = actions[i]!;
      try {
        const waiting = await db.changeRequest.findFirst({ where: { source: "policy", title: c.title, status: { in: ["open", "approved"] } }, select: { id: true, number: true, status: true } });
        if (waiting) {
          action.changeRequest = { ...waiting, existing: true };
          continue;
        }
        const opened = await openChange(db, { actor, source: "policy", now, input: { title: c.title, reason: c.reason, operations: c.operations, emergency: c.apply === "emergency" } });
        action.changeRequest = { id: opened.changeRequest.id, number: opened.changeRequest.number, status: opened.changeRequest.status };
      } catch (e) {
        errors.push({ rule: c.name, message: e instanceof Error ? e.message : String(e) });
      }
    }
    for (const c of plan.tokens?.clients ?? []) {
      const rows = await revokeTokens(db, { jtis: c.jtis }, { actor: { id: actor.id, label: actor.label }, reason: `Policy ${plan.tokens!.name}: ${c.why.join("; ")}`, target: { type: "client", id: c.id, name: c.name }, now });
      const action = actions.find((a) => a.kind === "tokens" && a.targets[0] === c.name);
      if (action) action.revoked = rows.length;
    }
  }

  const run = await transaction(db, async (tx) => {
    const row = await tx.revocationRun.create({ data: { at: now, trigger, dryRun, actorLabel: actor.label, actions: JSON.stringify(actions), errors: JSON.stringify(errors) } });
    if (!dryRun) {
      await appendAudit(
        tx,
        { id: actor.id, label: actor.label },
        [{ action: "revocationPolicy.ran", targetType: "revocationRun", targetId: row.id, targetName: `revocation policies (${trigger})`, after: { actions: actions.map(({ targets: _t, ...a }) => a), errors } }],
        now,
      );
    }
    return row;
  });
  return { id: run.id, at: now.toISOString(), dryRun, trigger, actions, errors };
}

export async function listRevocationRuns(db: Db, take = 10) {
  const rows = await db.revocationRun.findMany({ orderBy: { at: "desc" }, take });
  return rows.map((r) => ({ ...r, actions: JSON.parse(r.actions) as RunAction[], errors: JSON.parse(r.errors) as RunResult["errors"] }));
}

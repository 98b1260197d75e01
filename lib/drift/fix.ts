// One-click fixes: the finding is recomputed on the server (a client only
// names it by key) and its narrowing change request is opened through the one
// write path. A fix already waiting for review is returned instead of a second.
import { can, type Actor } from "../auth/permissions";
import { openChange } from "../changes/workflow/open-change";
import type { Db } from "../db/client";
import { AppError } from "../errors";
import { findDrift, pendingFixes } from "./load";

export type FixResult = { changeRequest: { id?: string; number: number; title?: string; status: string }; existing: boolean };

export async function fixDrift(db: Db, { actor, key, now = new Date() }: { actor: Actor; key: unknown; now?: Date }): Promise<FixResult> {
  if (!can(actor, "change.create")) throw new AppError("forbidden", `The ${actor.role} role may not open change requests.`);
  if (typeof key !== "string" || !key) throw AppError.field("key", "name the finding to fix");
  const { findings } = await findDrift(db, { now });
  const finding = findings.find((f) => f.key === key);
  if (!finding) throw new AppError("not_found", `No drift finding ${key}: it may have been fixed already.`);
  if (finding.fix?.kind !== "change") throw new AppError("conflict", `${finding.target.name} has no automatic fix; ${finding.fix?.label ?? "fix it by hand"}.`);
  const pending = (await pendingFixes(db, [finding])).get(key);
  if (pending) return { changeRequest: pending, existing: true };
  const { title, reason, operations } = finding.fix;
  const opened = await openChange(db, { actor, source: "drift", input: { title, reason, operations }, now });
  return { changeRequest: opened.changeRequest, existing: false };
}

// Direct application of a change: recorded as a change request and applied in
// one transaction, with no review. The demo seed uses it; console forms and
// the API go through openChange (lib/changes/workflow/open-change.ts), which
// applies by the same code once the approval rules are met. previewChange runs
// the same path and rolls it back: what a change would do, without doing it.
import { can, type Actor } from "../auth/permissions";
import { transaction, type Db } from "../db/client";
import { AppError } from "../errors";
import { withIds, type OperationResult } from "./apply-operations";
import { parseChange } from "./operations";
import { recordAndApply, type RecordedChange } from "./record-and-apply";
import { rolledBack } from "./workflow/rollback";

export type { OperationResult };
export type ChangeResult = RecordedChange;
export type SubmitOptions = { actor: Actor; input: unknown; now?: Date };

function prepare({ actor, input }: SubmitOptions) {
  if (!can(actor, "change.create")) throw new AppError("forbidden", `${actor.role} may not change the catalog`);
  const parsed = parseChange(input);
  return { ...parsed, operations: withIds(parsed.operations) };
}

export async function submitChange(client: Db, opts: SubmitOptions): Promise<ChangeResult> {
  const change = prepare(opts);
  const now = opts.now ?? new Date();
  const authorId = opts.actor.id;
  return transaction(client, (tx) => recordAndApply(tx, { actor: opts.actor, authorId, ...change, now }));
}

export async function previewChange(client: Db, opts: SubmitOptions): Promise<ChangeResult> {
  const change = prepare(opts);
  const now = opts.now ?? new Date();
  return rolledBack(client, (tx) => recordAndApply(tx, { actor: opts.actor, authorId: null, ...change, now, dryRun: true }));
}

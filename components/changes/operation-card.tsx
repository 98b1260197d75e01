import { Badge, type Tone } from "@/components/ui/badge";
import type { ChangeOperation } from "@/lib/changes/queries/get-change";
import { fieldLabel } from "@/lib/validation/humanise";
import { DiffTable } from "./diff-table";

const kindTone: Record<string, Tone> = { create: "good", update: "info", delete: "bad" };
const entityWords: Record<string, string> = { claimRule: "claim rule" };

/** One operation: what it does to which object, and its fields before → after. */
export function OperationCard({ op }: { op: ChangeOperation }) {
  const entity = entityWords[op.entity] ?? fieldLabel(op.entity).toLowerCase();
  const title = `${op.kind} ${entity} ${op.label}`;
  return (
    <li className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <h3 className="mb-2 flex flex-wrap items-center gap-2 text-sm">
        <span className="font-mono text-slate-600 dark:text-slate-400">#{op.seq + 1}</span>
        <Badge tone={kindTone[op.kind]}>{op.kind}</Badge>
        <span className="text-slate-700 dark:text-slate-300">{entity}</span>
        <span className="font-mono font-medium">{op.label}</span>
        {op.recorded ? null : <Badge tone="neutral">planned: not applied yet</Badge>}
      </h3>
      <DiffTable rows={op.rows} caption={`Fields changed by ${title}`} />
    </li>
  );
}

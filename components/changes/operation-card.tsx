import { Badge, type Tone } from "@/components/ui/badge";
import type { ChangeOperation } from "@/lib/changes/queries/get-change";
import { DiffTable } from "./diff-table";

const kindTone: Record<string, Tone> = { create: "good", update: "info", delete: "bad" };

export function OperationCard({ op }: { op: ChangeOperation }) {
  const title = `${op.kind} ${op.entity} ${op.targetName}`;
  return (
    <li className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <h3 className="mb-2 flex flex-wrap items-center gap-2 text-sm">
        <span className="font-mono text-slate-500 dark:text-slate-400">#{op.seq + 1}</span>
        <Badge tone={kindTone[op.kind]}>{op.kind}</Badge>
        <span className="text-slate-600 dark:text-slate-400">{op.entity}</span>
        <span className="font-mono font-medium">{op.targetName}</span>
      </h3>
      {op.recorded ? (
        <DiffTable changes={op.changes} caption={`Fields changed by ${title}`} />
      ) : (
        <p className="text-sm text-slate-500 dark:text-slate-400">Not applied yet: the diff appears once the operation is applied.</p>
      )}
    </li>
  );
}

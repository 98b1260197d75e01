import type { Operation } from "../../db/generated/sqlite/client";
import { parseChange, type ParsedOperation } from "../operations";

/** Re-validates a stored request's operations (restoring dates) for applying. */
export function storedOperations(title: string, rows: Operation[]): ParsedOperation[] {
  const ordered = [...rows].sort((a, b) => a.seq - b.seq);
  const change = parseChange({
    title,
    operations: ordered.map((r) =>
      r.kind === "delete"
        ? { entity: r.entity, kind: "delete", id: r.targetId }
        : { entity: r.entity, kind: r.kind, id: r.targetId, data: JSON.parse(r.payload) as unknown },
    ),
  });
  return change.operations;
}

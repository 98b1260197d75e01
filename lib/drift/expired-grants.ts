// Temporary grants (bindings with expiresAt) whose expiry has passed but which
// are still in the catalog. Fix: delete the binding.
import { driftFinding, type DriftFinding } from "./types";

export type GrantRow = { id: string; clientName: string; profileName: string; environment: string | null; expiresAt: Date | null; reason: string };

export function expiredGrants(rows: GrantRow[], now: Date): DriftFinding[] {
  return rows.flatMap((b) => {
    if (!b.expiresAt || b.expiresAt > now) return [];
    const name = `${b.clientName} → ${b.profileName}`;
    return [
      driftFinding("expired-grant", { entity: "binding", id: b.id, name }, `${name} expired at ${b.expiresAt.toISOString()} and is still bound`, b.environment, {
        kind: "change",
        label: "Delete binding",
        title: `Remove expired grant ${name}`,
        reason: `Drift: temporary grant expired at ${b.expiresAt.toISOString()}${b.reason ? ` (was: ${b.reason})` : ""}.`,
        operations: [{ entity: "binding", kind: "delete", id: b.id }],
      }),
    ];
  });
}

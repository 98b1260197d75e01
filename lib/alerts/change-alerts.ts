// The alerts an applied change raises (called by applyRecorded in the applying
// transaction): access gained in a protected environment (from the reach
// delta the reviewers saw), and scopes created with an admin-like action.
import type { ReachEntry } from "../access/reach";
import type { Tx } from "../db/client";
import { raiseAlert } from "./raise";

/** Actions that grant control rather than use: admin, the wildcard, and their usual synonyms. */
const adminLike = /^(\*|admin|administer|root|owner|superuser|sudo|manage|full-access)$|(^|-)admin($|-)/;

export function isAdminLike(action: string): boolean {
  return adminLike.test(action.toLowerCase());
}

type Applied = { op: { entity: string; kind: string }; applied: { targetId: string; after: unknown } };

function gainedOf(reach: string): ReachEntry[] {
  try {
    const r = JSON.parse(reach) as { gained?: ReachEntry[] };
    return Array.isArray(r.gained) ? r.gained : [];
  } catch {
    return [];
  }
}

export async function alertsForAppliedChange(tx: Tx, cr: { id: string; number: number; title: string; reach: string }, done: Applied[], now: Date): Promise<void> {
  const change = { changeRequest: `CR-${cr.number}`, changeRequestId: cr.id, title: cr.title };
  const widened = gainedOf(cr.reach).filter((g) => g.protected);
  if (widened.length) {
    const envs = [...new Set(widened.map((g) => g.environment))];
    await raiseAlert(
      tx,
      "protected_widening",
      {
        summary: `CR-${cr.number} widens access in ${envs.join(", ")}: ${widened.length} grant${widened.length === 1 ? "" : "s"} (${widened
          .slice(0, 3)
          .map((g) => `${g.client} → ${g.resource}:${g.action}`)
          .join(", ")}${widened.length > 3 ? ", …" : ""})`,
        ...change,
        environments: envs,
        grants: widened.slice(0, 50).map((g) => ({ client: g.client, resource: g.resource, action: g.action, environment: g.environment })),
      },
      now,
    );
  }
  const adminScopes = done
    .filter(({ op }) => op.entity === "scope" && op.kind === "create")
    .map(({ applied }) => ({ id: applied.targetId, action: String((applied.after as { action?: unknown } | null)?.action ?? "") }))
    .filter((s) => isAdminLike(s.action));
  if (adminScopes.length) {
    await raiseAlert(tx, "admin_scope", { summary: `CR-${cr.number} creates admin-like scope${adminScopes.length === 1 ? "" : "s"}: ${adminScopes.map((s) => s.action).join(", ")}`, ...change, scopes: adminScopes }, now);
  }
}

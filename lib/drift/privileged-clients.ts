// Clients holding a catch-all scope (*) anywhere, or admin in a protected
// environment, through a standing binding. Fix: make those bindings temporary
// grants that end after a grace period (the narrowing that keeps break-glass
// access possible through a new, reviewed grant).
import { DAY, driftFinding, type DriftFinding } from "./types";

export type PrivilegedScope = { name: string; action: string; environment: string; protected: boolean };
export type ClientBindingRow = {
  bindingId: string;
  clientId: string;
  clientName: string;
  profileName: string;
  /** the binding's expiry */
  expiresAt: Date | null;
  /** the profile's own expiry: access through an expiring profile is time-bound too */
  profileExpiresAt: Date | null;
  scopes: PrivilegedScope[];
};

const earliest = (...dates: (Date | null)[]) => dates.reduce<Date | null>((a, d) => (!d ? a : !a || d < a ? d : a), null);

/** Days a standing privileged binding keeps working once the fix is applied. */
export const PRIVILEGED_GRACE_DAYS = 7;

export const isPrivileged = (s: Pick<PrivilegedScope, "action" | "protected">) => s.action === "*" || (s.action === "admin" && s.protected);

export function privilegedClients(rows: ClientBindingRow[], now: Date): DriftFinding[] {
  const byClient = new Map<string, ClientBindingRow[]>();
  for (const r of rows) {
    const ends = earliest(r.expiresAt, r.profileExpiresAt);
    const live = !ends || ends > now;
    // a time-bound grant of admin is the accepted practice; a catch-all is never fine
    const held = r.scopes.filter((s) => isPrivileged(s) && (s.action === "*" || !ends));
    if (!live || !held.length) continue;
    byClient.set(r.clientId, [...(byClient.get(r.clientId) ?? []), { ...r, scopes: held }]);
  }
  const until = new Date(now.getTime() + PRIVILEGED_GRACE_DAYS * DAY);
  return [...byClient.values()].map((bindings) => {
    const { clientId, clientName } = bindings[0]!;
    const scopes = [...new Set(bindings.flatMap((b) => b.scopes.map((s) => `${s.environment}/${s.name}`)))].sort();
    const environments = [...new Set(bindings.flatMap((b) => b.scopes.map((s) => s.environment)))].sort();
    const standing = bindings.filter((b) => !b.expiresAt && !b.profileExpiresAt);
    const shown = scopes.slice(0, 4).join(", ") + (scopes.length > 4 ? ` and ${scopes.length - 4} more` : "");
    const via = bindings.map((b) => b.profileName).sort().join(", ");
    return driftFinding(
      "privileged-client",
      { entity: "client", id: clientId, name: clientName },
      `${clientName} holds ${shown} through ${via}${standing.length ? " without expiry" : ""}`,
      environments.length === 1 ? environments[0]! : null,
      standing.length
        ? {
            kind: "change",
            label: `Expire in ${PRIVILEGED_GRACE_DAYS} days`,
            title: `Make ${clientName}'s privileged access temporary`,
            reason: `Drift: ${clientName} holds catch-all or production admin scopes (${shown}) through standing bindings; they now end on ${until.toISOString().slice(0, 10)}.`,
            operations: standing.map((b) => ({ entity: "binding", kind: "update", id: b.bindingId, data: { expiresAt: until.toISOString() } })),
          }
        : { kind: "link", label: "Review client", href: `/clients/${clientId}` },
    );
  });
}

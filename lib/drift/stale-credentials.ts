// Live credentials older than the rotation policy, or never used since they
// were created (after a grace period). A never-used secret is revoked; an old
// one in use must be rotated by its owner (a new secret has to reach the client).
import { DAY, daysAgo, driftFinding, type DriftFinding } from "./types";

export type CredentialRow = {
  id: string;
  clientId: string;
  clientName: string;
  prefix: string;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
};

export const DEFAULT_ROTATION_DAYS = 90;
/** A new credential is not "never used" until it is this old. */
export const NEVER_USED_GRACE_DAYS = 7;

export function staleCredentials(rows: CredentialRow[], now: Date, rotationDays = DEFAULT_ROTATION_DAYS): DriftFinding[] {
  return rows.flatMap((c) => {
    if (c.revokedAt || (c.expiresAt && c.expiresAt <= now)) return [];
    const age = daysAgo(now, c.createdAt);
    const name = `${c.clientName}/${c.prefix}`;
    const target = { entity: "credential" as const, id: c.id, name };
    if (!c.lastUsedAt && now.getTime() - c.createdAt.getTime() >= NEVER_USED_GRACE_DAYS * DAY) {
      return [
        driftFinding("stale-credential", target, `${name} was created ${age} days ago and has never been used`, null, {
          kind: "change",
          label: "Revoke credential",
          title: `Revoke unused credential ${name}`,
          reason: `Drift: credential created ${c.createdAt.toISOString().slice(0, 10)} and never used.`,
          operations: [{ entity: "credential", kind: "update", id: c.id, data: { revoke: true } }],
        }),
      ];
    }
    if (now.getTime() - c.createdAt.getTime() >= rotationDays * DAY) {
      return [
        driftFinding("stale-credential", target, `${name} is ${age} days old; the rotation policy is ${rotationDays} days`, null, {
          kind: "link",
          label: "Rotate",
          href: `/clients/${c.clientId}`,
        }),
      ];
    }
    return [];
  });
}

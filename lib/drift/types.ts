// Drift findings: what the catalog holds that it should no longer hold, found
// by comparing it with time (expiries, rotation) and with use. Each kind is
// one pure function in its own file over rows a loader reads (load.ts).
import type { CatalogEntity } from "../audit/actions";
import type { OperationInput } from "../changes/operations";
import type { Severity } from "../policy/findings";

export const driftKinds = [
  {
    id: "expired-grant",
    severity: "high",
    title: "Temporary grant past its expiry",
    explanation: "A binding whose expiry has passed no longer grants access, but its row is still in the catalog, where it can be mistaken for a live grant or extended by accident.",
  },
  {
    id: "unused-scopes",
    severity: "medium",
    title: "Scopes granted but unused",
    explanation: "Scopes a profile has held for the whole window without one allowed decision: the profile can be narrowed to what it uses.",
  },
  {
    id: "privileged-client",
    severity: "critical",
    title: "Client holding catch-all or production admin scopes",
    explanation: "A standing binding to a catch-all scope (*), or to admin on a protected environment, is the widest access there is; it should be a temporary grant.",
  },
  {
    id: "stale-credential",
    severity: "medium",
    title: "Credential past rotation, or never used",
    explanation: "Secrets older than the rotation policy should be rotated; a secret never used since it was created should be revoked.",
  },
  {
    id: "open-claim-rule",
    severity: "high",
    title: "Claim rule matches every subject",
    explanation: "A claim rule with no conditions, or only wildcards, gives its profile to every identity its issuer vouches for.",
  },
  {
    id: "ownerless-profile",
    severity: "low",
    title: "Profile without an owner",
    explanation: "Nobody answers for a profile without an owner, so nobody reviews who holds it.",
  },
] as const satisfies readonly { id: string; severity: Severity; title: string; explanation: string }[];

export type DriftKind = (typeof driftKinds)[number]["id"];
export const driftKindIds = driftKinds.map((k) => k.id) as DriftKind[];
export const driftInfo = Object.fromEntries(driftKinds.map((k) => [k.id, k])) as Record<DriftKind, (typeof driftKinds)[number]>;

/** A fix is either a narrowing change request (opened through the write path) or a link to do it by hand. */
export type DriftFix =
  | { kind: "change"; label: string; title: string; reason: string; operations: OperationInput[] }
  | { kind: "link"; label: string; href: string };

export type DriftFinding = {
  /** stable: kind + target, so a fix can be asked for by key and recomputed on the server */
  key: string;
  kind: DriftKind;
  severity: Severity;
  message: string;
  target: { entity: CatalogEntity; id: string; name: string };
  environment: string | null;
  fix: DriftFix | null;
};

export const DAY = 86_400_000;

export function driftFinding(kind: DriftKind, target: DriftFinding["target"], message: string, environment: string | null, fix: DriftFix | null): DriftFinding {
  return { key: `${kind}:${target.entity}:${target.id}`, kind, severity: driftInfo[kind].severity, message, target, environment, fix };
}

export const daysAgo = (now: Date, d: Date) => Math.floor((now.getTime() - d.getTime()) / DAY);

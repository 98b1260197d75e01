// Claim rules that match every subject of their issuer: no conditions, or only
// wildcard ones. Fix: delete the rule (narrower conditions need a person).
import { driftFinding, type DriftFinding } from "./types";

export type ClaimRuleRow = { id: string; name: string; issuer: string; conditions: Record<string, string>; profileName: string; environment: string | null };

/** Condition values that match any claim value (the same set the policy check uses). */
const wildcards = new Set(["*", "**", ".*"]);

export const matchesEverySubject = (conditions: Record<string, string>) => Object.values(conditions).every((v) => wildcards.has(v.trim()));

export function openClaimRules(rows: ClaimRuleRow[]): DriftFinding[] {
  return rows.flatMap((r) => {
    if (!matchesEverySubject(r.conditions)) return [];
    const why = Object.keys(r.conditions).length ? "only wildcard conditions" : "no conditions";
    return [
      driftFinding("open-claim-rule", { entity: "claimRule", id: r.id, name: r.name }, `${r.name} has ${why}: every subject of ${r.issuer} gets ${r.profileName}`, r.environment, {
        kind: "change",
        label: "Delete rule",
        title: `Delete claim rule ${r.name} that matches every subject`,
        reason: `Drift: ${r.name} gives ${r.profileName} to every identity ${r.issuer} vouches for.`,
        operations: [{ entity: "claimRule", kind: "delete", id: r.id }],
      }),
    ];
  });
}

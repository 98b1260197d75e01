// The risk of a change request, from what it does to access: widening or
// narrowing, environment protection, write/admin actions, resource
// criticality, how many clients gain access, and policy findings.
import type { ReachDelta } from "../access/reach";
import type { Finding } from "../policy/findings";

export const riskLevels = ["low", "medium", "high", "critical"] as const;
export type Risk = (typeof riskLevels)[number];
export type RiskAssessment = { level: Risk; reasons: string[] };

const powerful = new Set(["write", "admin", "*"]);
const rank = (r: Risk) => riskLevels.indexOf(r);
const max = (a: Risk, b: Risk): Risk => (rank(a) >= rank(b) ? a : b);

export function assessRisk(input: { delta: ReachDelta; findings: Finding[]; touchesProtected: boolean }): RiskAssessment {
  const { delta, findings, touchesProtected } = input;
  let level: Risk = "low";
  const reasons: string[] = [];
  const raise = (to: Risk, why: string) => {
    if (rank(to) > rank(level)) level = to;
    reasons.push(why);
  };

  const gained = delta.gained;
  if (gained.length === 0) reasons.push(delta.lost.length ? "narrows access only" : "changes no client's access");
  const protectedGains = gained.filter((g) => g.protected);
  const powerfulProtected = protectedGains.filter((g) => powerful.has(g.action));
  if (powerfulProtected.some((g) => g.criticality === "critical")) raise("critical", "grants write/admin on a critical resource in a protected environment");
  else if (powerfulProtected.length) raise("high", "grants write/admin in a protected environment");
  else if (protectedGains.length) raise("medium", "grants access in a protected environment");
  const powerfulElsewhere = gained.filter((g) => !g.protected && powerful.has(g.action));
  if (powerfulElsewhere.some((g) => g.criticality === "critical" || g.criticality === "high")) raise("medium", "grants write/admin on a high-criticality resource");
  else if (powerfulElsewhere.length) reasons.push("grants write/admin in an unprotected environment");
  if (delta.clientsGaining >= 10) raise(level === "low" ? "medium" : max(level, "high"), `${delta.clientsGaining} clients gain access`);

  for (const f of findings) {
    if (f.severity === "critical" || f.severity === "high") raise(f.severity === "critical" ? "critical" : "high", `policy finding ${f.checkId}`);
    else if (f.severity === "medium") raise("medium", `policy finding ${f.checkId}`);
  }
  if (touchesProtected && level === "low") reasons.push("touches a protected environment");
  return { level, reasons };
}

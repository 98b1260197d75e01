// The drill report: figures, timeline, gaps and findings computed from what
// was recorded (the drill row and its timeline) and what remained reachable
// when it completed. Pure; also rendered as Markdown for export.
import type { DrillFinding, DrillReport, RemainingReach, TimelineEntry } from "./types";
import { counted } from "../format";

export type DrillRow = {
  id: string;
  number: number;
  clientId: string;
  clientName: string;
  reason: string;
  createdBy: string;
  objectiveSeconds: number;
  startedAt: Date | null;
  firstActionAt: Date | null;
  containedAt: Date | null;
  canaryJti: string | null;
  canaryExpiresAt: Date | null;
  instances: string;
  blastRadius: string;
};

export type EventRow = { at: Date; kind: string; instance: string; message: string; detail: string };

const parse = <T>(s: string, fallback: T): T => {
  try {
    return JSON.parse(s) as T;
  } catch {
    return fallback;
  }
};

const seconds = (ms: number | null) => (ms === null ? "—" : `${(ms / 1000).toFixed(1)} s`);

export function buildReport(d: DrillRow, events: EventRow[], remaining: RemainingReach, completedAt: Date): DrillReport {
  const started = d.startedAt ?? completedAt;
  const timeline: TimelineEntry[] = [...events]
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .map((e) => ({ at: e.at.toISOString(), kind: e.kind as TimelineEntry["kind"], instance: e.instance, message: e.message, detail: parse(e.detail, {}) }));
  const urls = parse<string[]>(d.instances, []);
  const first = (kind: string, url: string) => events.filter((e) => e.kind === kind && e.instance === url).sort((a, b) => a.at.getTime() - b.at.getTime())[0]?.at ?? null;
  const instances = urls.map((url) => {
    const acceptedAt = first("canary.accepted", url);
    const rejectedAt = first("canary.rejected", url);
    return { url, acceptedAt: acceptedAt?.toISOString() ?? null, rejectedAt: rejectedAt?.toISOString() ?? null, rejectedAfterMs: rejectedAt ? rejectedAt.getTime() - started.getTime() : null };
  });
  const timeToFirstActionMs = d.firstActionAt ? d.firstActionAt.getTime() - started.getTime() : null;
  const timeToContainmentMs = d.containedAt ? d.containedAt.getTime() - started.getTime() : null;
  const propagationMs = d.containedAt && d.firstActionAt ? d.containedAt.getTime() - d.firstActionAt.getTime() : null;
  const objectiveMet = timeToContainmentMs !== null && timeToContainmentMs <= d.objectiveSeconds * 1000;
  const actions = events
    .filter((e) => e.kind === "action")
    .map((e) => {
      const x = parse<{ action?: string; by?: string; revoked?: number; changeRequest?: { id: string; number: number } | null }>(e.detail, {});
      return { at: e.at.toISOString(), action: x.action ?? "", by: x.by ?? "", changeRequest: x.changeRequest ?? null, revoked: x.revoked ?? 0 };
    });

  const gaps: string[] = [];
  for (const i of instances) {
    if (!i.acceptedAt) gaps.push(`${i.url} never accepted the canary: the drill could not show the token was live there`);
    if (!i.rejectedAt) gaps.push(`${i.url} still accepted the canary (or could not be asked) when the drill completed`);
    else if (!d.firstActionAt || new Date(i.rejectedAt) < d.firstActionAt) gaps.push(`${i.url} rejected the canary before any containment action: something else ended it`);
  }
  if (!actions.length) gaps.push("no containment action was taken");
  if (remaining.resources) gaps.push(`${d.clientName} could still reach ${counted(remaining.resources, "resource")} (${remaining.protected} protected) when the drill completed: ${remaining.items.slice(0, 5).join("; ")}`);
  if (remaining.liveCredentials && remaining.resources) gaps.push(`${counted(remaining.liveCredentials, "live credential")} could still mint new tokens`);
  if (remaining.liveTokens) gaps.push(`${counted(remaining.liveTokens, "other live token")} of ${d.clientName} ${remaining.liveTokens === 1 ? "was" : "were"} still accepted`);

  const findings: DrillFinding[] = [];
  if (timeToContainmentMs === null) findings.push({ severity: "critical", message: `the canary was not contained on every instance; the objective is ${d.objectiveSeconds} s` });
  else if (!objectiveMet) findings.push({ severity: "high", message: `containment took ${seconds(timeToContainmentMs)}, over the ${d.objectiveSeconds} s objective` });
  if (remaining.resources && remaining.protected) findings.push({ severity: "high", message: `${counted(remaining.protected, "protected resource")} stayed reachable after containment` });

  const radius = parse(d.blastRadius, { resources: 0, actions: 0, protected: 0, items: [] as string[] });
  return {
    drill: { id: d.id, number: d.number, client: { id: d.clientId, name: d.clientName }, reason: d.reason, createdBy: d.createdBy, objectiveSeconds: d.objectiveSeconds },
    startedAt: started.toISOString(),
    completedAt: completedAt.toISOString(),
    canary: { jti: d.canaryJti ?? "", expiresAt: d.canaryExpiresAt?.toISOString() ?? null },
    instances,
    figures: { timeToFirstActionMs, timeToContainmentMs, propagationMs, objectiveMet },
    blastRadius: radius,
    remaining,
    actions,
    timeline,
    gaps,
    findings,
  };
}

export function reportMarkdown(r: DrillReport): string {
  const lines = [
    `# Breach drill D-${r.drill.number}: ${r.drill.client.name}`,
    "",
    `Started ${r.startedAt} by ${r.drill.createdBy}; completed ${r.completedAt}.${r.drill.reason ? ` Reason: ${r.drill.reason}` : ""}`,
    "",
    "## Figures",
    "",
    "| figure | value |",
    "| --- | --- |",
    `| time to first containment action | ${seconds(r.figures.timeToFirstActionMs)} |`,
    `| time until every instance rejected the canary | ${seconds(r.figures.timeToContainmentMs)} |`,
    `| propagation after the first action | ${seconds(r.figures.propagationMs)} |`,
    `| objective | ${r.drill.objectiveSeconds} s (${r.figures.objectiveMet ? "met" : "missed"}) |`,
    `| blast radius at the start | ${r.blastRadius.resources} resources, ${r.blastRadius.actions} actions, ${r.blastRadius.protected} protected |`,
    `| still reachable at the end | ${r.remaining.resources} resources, ${r.remaining.actions} actions, ${r.remaining.protected} protected |`,
    "",
    "## Instances",
    "",
    "| instance | accepted the canary | rejected it | after |",
    "| --- | --- | --- | --- |",
    ...r.instances.map((i) => `| ${i.url} | ${i.acceptedAt ?? "never"} | ${i.rejectedAt ?? "never"} | ${seconds(i.rejectedAfterMs)} |`),
    "",
    "## Timeline",
    "",
    ...r.timeline.map((t) => `- ${t.at} — ${t.kind}${t.instance ? ` (${t.instance})` : ""}: ${t.message}`),
    "",
    "## Gaps",
    "",
    ...(r.gaps.length ? r.gaps.map((g) => `- ${g}`) : ["- none found"]),
    "",
    "## Findings",
    "",
    ...(r.findings.length ? r.findings.map((f) => `- **${f.severity}**: ${f.message}`) : ["- none"]),
    "",
  ];
  return lines.join("\n");
}

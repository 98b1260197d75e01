// Shapes shared by the drill modules and pages.
import type { BlastRadius } from "../graph/queries";

export const drillStatuses = ["scheduled", "running", "contained", "completed", "cancelled"] as const;
export type DrillStatus = (typeof drillStatuses)[number];

export const drillActions = ["suspend", "revokeTokens", "revokeCredentials"] as const;
export type DrillAction = (typeof drillActions)[number];

export const drillActionLabels: Record<DrillAction, string> = {
  suspend: "Suspend client",
  revokeTokens: "Revoke all tokens",
  revokeCredentials: "Revoke credentials",
};

export type DrillEventKind = "started" | "canary.accepted" | "canary.rejected" | "instance.unreachable" | "action" | "contained" | "completed" | "note";

export type TimelineEntry = { at: string; kind: DrillEventKind; instance: string; message: string; detail: Record<string, unknown> };

export type RemainingReach = { resources: number; actions: number; protected: number; liveCredentials: number; liveTokens: number; items: string[] };

export type DrillFinding = { severity: "critical" | "high" | "medium" | "low"; message: string };

export type DrillReport = {
  drill: { id: string; number: number; client: { id: string; name: string }; reason: string; createdBy: string; objectiveSeconds: number };
  startedAt: string;
  completedAt: string;
  canary: { jti: string; expiresAt: string | null };
  instances: { url: string; acceptedAt: string | null; rejectedAt: string | null; rejectedAfterMs: number | null }[];
  figures: {
    /** declaration to the responder's first containment action */
    timeToFirstActionMs: number | null;
    /** declaration until every instance rejected the canary */
    timeToContainmentMs: number | null;
    /** first action until every instance rejected the canary */
    propagationMs: number | null;
    objectiveMet: boolean;
  };
  blastRadius: BlastRadius["totals"] & { items: string[] };
  remaining: RemainingReach;
  actions: { at: string; action: string; by: string; changeRequest: { id: string; number: number } | null; revoked: number }[];
  timeline: TimelineEntry[];
  gaps: string[];
  findings: DrillFinding[];
};

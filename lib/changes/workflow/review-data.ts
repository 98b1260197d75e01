// What a change request stores about itself when opened (JSON columns).
import type { ReachDelta } from "../../access/reach";
import type { Requirement } from "../approval-rules";
import type { Analysis } from "./analyze";

export type StoredReach = ReachDelta & {
  totalGained: number;
  totalLost: number;
  domainIds: string[];
  touchesProtected: boolean;
  touchesCritical: boolean;
  requirement: Requirement;
  riskReasons: string[];
};

const LIST_CAP = 500;

export function storedReach(a: Analysis, requirement: Requirement): StoredReach {
  return {
    gained: a.delta.gained.slice(0, LIST_CAP),
    lost: a.delta.lost.slice(0, LIST_CAP),
    clientsGaining: a.delta.clientsGaining,
    clientsLosing: a.delta.clientsLosing,
    totalGained: a.delta.gained.length,
    totalLost: a.delta.lost.length,
    domainIds: a.domainIds,
    touchesProtected: a.touchesProtected,
    touchesCritical: a.touchesCritical,
    requirement,
    riskReasons: a.risk.reasons,
  };
}

export function parseReach(json: string): StoredReach | null {
  const v = JSON.parse(json) as Partial<StoredReach>;
  return v && Array.isArray(v.gained) && v.requirement ? (v as StoredReach) : null;
}

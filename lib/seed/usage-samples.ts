// The demo's access decisions as DecisionStat rows: for every scope a client
// held in the last USAGE_DAYS (./holdings.ts), a few samples a day in the
// client's rhythm (./usage-data.ts), each a minute bucket with the count of
// decisions it stands for; plus the listed denials. Pure and deterministic:
// the same history and `now` give the same rows.
import * as data from "./demo-data";
import type { TimedStep } from "./demo-workflow";
import { replayHoldings, type Held } from "./holdings";
import { clientId, profileId, scopeId } from "./ids";
import { seededRandom, type Random } from "./random";
import { isWeekend, utcDay } from "./timeline";
import { denials, neverUsed, rhythmByKind, rhythms, type Rhythm } from "./usage-data";

export const USAGE_DAYS = 35;
const SEED = 2041;
const DAY = 86_400_000;
const MINUTE = 60_000;

export type DecisionRow = { minute: Date; clientId: string; profileId: string; scopeId: string; outcome: "allow" | "deny"; count: number };
type Sample = { at: Date; count: number };

/** scope id -> its name ("orders-db:read") and action */
function scopeIndex(): Map<string, { name: string; action: string }> {
  const out = new Map<string, { name: string; action: string }>();
  for (const r of data.resources) {
    for (const env of Object.keys(r.envs)) for (const action of data.scopeActions(r)) out.set(scopeId(env, r.name, action), { name: `${r.name}:${action}`, action });
  }
  return out;
}

const at = (day: Date, hour: number, minute: number) => new Date(day.getTime() + (hour * 60 + minute) * MINUTE);

/** One day's decisions of one client on one scope. Reads are the bulk; writes and the rest come less often. */
function daySamples(rhythm: Rhythm, action: string, day: Date, rand: Random): Sample[] {
  const read = action === "read";
  const rare = action === "admin" || action === "rotate" || action === "*";
  switch (rhythm.kind) {
    case "service":
      if (!read && !rand.chance(0.35)) return [];
      return [{ at: at(day, rand.int(0, 23), rand.int(0, 59)), count: read ? rand.int(200, 5000) : rand.int(5, 300) }];
    case "schedule": {
      const runs = rhythm.weekdays ? rhythm.weekdays.includes(day.getUTCDay()) : rhythm.monthDays ? rhythm.monthDays.includes(day.getUTCDate()) : true;
      if (!runs || (!read && !rand.chance(0.7))) return [];
      return [{ at: at(day, rhythm.hour, rand.int(0, 45)), count: read ? rand.int(50, 2000) : rand.int(10, 500) }];
    }
    case "ci":
      if (isWeekend(day) || !rand.chance(rhythm.chance * (read ? 0.9 : rare ? 0.5 : 0.75))) return [];
      return [{ at: at(day, rand.int(9, 17), rand.int(0, 59)), count: rand.int(1, 12) }];
    case "person":
      if (isWeekend(day) || !rand.chance(rhythm.chance * (read ? 1 : rare ? 0.15 : 0.35))) return [];
      return [{ at: at(day, rand.int(8, 18), rand.int(0, 59)), count: rand.int(1, 40) }];
    case "idle":
      return [];
  }
}

/** Automation starts using a grant at once; people only a temporary grant, asked for to be used. */
function firstUse(rhythm: Rhythm, hold: { from: Date; until: Date | null }, action: string, rand: Random): Sample[] {
  const automated = rhythm.kind !== "person" && rhythm.kind !== "idle";
  const temporary = rhythm.kind === "person" && hold.until !== null && action === "read";
  if (!automated && !temporary) return [];
  return [{ at: new Date(hold.from.getTime() + rand.int(5, 55) * MINUTE), count: rand.int(1, 20) }];
}

/** Samples of `rhythm` in [from, until), within the window and before `now`. */
function samplesBetween(rhythm: Rhythm, action: string, from: Date, until: Date | null, now: Date, rand: Random, first: Sample[]): Sample[] {
  const start = new Date(Math.max(from.getTime(), now.getTime() - USAGE_DAYS * DAY));
  const end = new Date(Math.min(until?.getTime() ?? Infinity, now.getTime()));
  const out = [...first];
  for (let day = utcDay(start); day < end; day = new Date(day.getTime() + DAY)) out.push(...daySamples(rhythm, action, day, rand));
  return out.filter((s) => s.at >= start && s.at < end);
}

export function decisionRows(steps: TimedStep[], now: Date): DecisionRow[] {
  const rand = seededRandom(SEED);
  const scopes = scopeIndex();
  const { clients, held } = replayHoldings(steps);
  const profileName = new Map(data.profiles.map((p) => [profileId(p.name), p.name]));
  const rows = new Map<string, DecisionRow>();
  const add = (r: Omit<DecisionRow, "minute" | "count">, s: Sample) => {
    const minute = new Date(s.at.getTime() - (s.at.getTime() % MINUTE));
    const key = `${minute.getTime()}|${r.clientId}|${r.profileId}|${r.scopeId}|${r.outcome}`;
    const row = rows.get(key);
    if (row) row.count += s.count;
    else rows.set(key, { ...r, minute, count: s.count });
  };
  const unused = (h: Held) => {
    const never = neverUsed[profileName.get(h.profileId) ?? ""] ?? [];
    return never.includes("*") || never.includes(scopes.get(h.scopeId)!.name);
  };

  for (const h of held) {
    const client = clients.get(h.clientId)!;
    const rhythm = rhythms[client.name] ?? rhythmByKind[client.kind]!;
    const action = scopes.get(h.scopeId)!.action;
    if (unused(h)) continue;
    const first = firstUse(rhythm, h, action, rand);
    for (const s of samplesBetween(rhythm, action, h.from, h.until, now, rand, first)) add({ clientId: h.clientId, profileId: h.profileId, scopeId: h.scopeId, outcome: "allow" }, s);
  }
  for (const d of denials) {
    const client = clients.get(clientId(d.client))!;
    const from = d.from === "created" ? client.createdAt : client.suspendedAt!;
    const [env, resource, action] = d.scope;
    const target = { clientId: client.id, profileId: d.profile ? profileId(d.profile) : "", scopeId: scopeId(env, resource, action), outcome: "deny" as const };
    // a suspended client goes on calling at once; the other refusals are occasional, and fewer than the uses
    const first = d.from === "suspended" ? [{ at: new Date(from.getTime() + rand.int(5, 55) * MINUTE), count: rand.int(1, 20) }] : [];
    for (const s of samplesBetween(d.rhythm, action, from, null, now, rand, first)) add(target, { ...s, count: Math.max(1, Math.round(s.count / 20)) });
  }
  return [...rows.values()];
}

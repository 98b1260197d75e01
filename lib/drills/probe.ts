// Probing the canary: every instance's introspection endpoint is asked,
// several times a second, whether the canary is active. Each instance's first
// acceptance and first rejection go on the timeline; once every instance
// rejects it, the drill is contained (drill.contained). Resolution: the
// probe interval, so a figure can be up to PROBE_INTERVAL_MS late.
import { appendAudit, type Actor } from "../audit/append";
import { transaction, type Db } from "../db/client";
import { liveDrills, type LiveDrill } from "./live";

export const PROBE_INTERVAL_MS = 200;
const PROBE_TIMEOUT_MS = 2_000;

/** What one instance answers for the canary: active, inactive, or unreachable (with why). */
export async function introspectAt(base: string, probeSecret: string, token: string): Promise<{ active: boolean } | { error: string }> {
  try {
    const res = await fetch(`${base}/oauth/introspect`, {
      method: "POST",
      headers: { authorization: `Bearer ${probeSecret}`, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token }).toString(),
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    });
    if (!res.ok) return { error: `introspection answered ${res.status}` };
    const body = (await res.json()) as { active?: unknown };
    return { active: body.active === true };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

async function note(db: Db, drillId: string, kind: string, instance: string, message: string, at = new Date()) {
  await db.drillEvent.create({ data: { drillId, at, kind, instance, message } });
}

/** One round over the instances not yet rejecting; marks the drill contained when none is left. */
export async function probeOnce(db: Db, drillId: string, live: LiveDrill, actor: Actor): Promise<void> {
  const pending = live.instances.filter((u) => !live.rejected.has(u));
  await Promise.all(
    pending.map(async (url) => {
      const answer = await introspectAt(url, live.probeSecret, live.canary);
      const at = new Date();
      if ("error" in answer) {
        if (!live.unreachable.has(url)) {
          live.unreachable.add(url);
          await note(db, drillId, "instance.unreachable", url, `${url} could not be asked: ${answer.error}`, at);
        }
      } else if (answer.active) {
        if (!live.accepted.has(url)) {
          live.accepted.add(url);
          await note(db, drillId, "canary.accepted", url, `${url} accepts the canary`, at);
        }
      } else {
        live.rejected.add(url);
        await note(db, drillId, "canary.rejected", url, `${url} rejects the canary`, at);
      }
    }),
  );
  if (live.rejected.size === live.instances.length) await markContained(db, drillId, actor);
}

async function markContained(db: Db, drillId: string, actor: Actor) {
  stopProbing(drillId);
  const last = await db.drillEvent.findFirst({ where: { drillId, kind: "canary.rejected" }, orderBy: { at: "desc" } });
  const at = last?.at ?? new Date();
  await transaction(db, async (tx) => {
    const claimed = await tx.drill.updateMany({ where: { id: drillId, status: "running" }, data: { status: "contained", containedAt: at } });
    if (!claimed.count) return;
    const drill = await tx.drill.findUniqueOrThrow({ where: { id: drillId } });
    const ms = drill.startedAt ? at.getTime() - drill.startedAt.getTime() : null;
    await tx.drillEvent.create({ data: { drillId, at, kind: "contained", message: `every instance rejects the canary${ms === null ? "" : ` ${(ms / 1000).toFixed(1)} s after the drill started`}` } });
    await appendAudit(tx, actor, [{ action: "drill.contained", targetType: "drill", targetId: drillId, targetName: `D-${drill.number}`, after: { client: drill.clientName, containedAt: at.toISOString(), timeToContainmentMs: ms } }]);
  });
}

/** Probes until contained, the canary expires, or the drill ends (on any instance). One round at a time. */
export function startProbing(db: Db, drillId: string, live: LiveDrill, actor: Actor) {
  liveDrills().set(drillId, live);
  let rounds = 0;
  const tick = () => {
    if (live.busy) return;
    if (Date.now() > live.until) return stopProbing(drillId);
    // every few seconds: completed or cancelled elsewhere?
    const check = ++rounds % 25 === 0;
    live.busy = (check ? stillRunning(db, drillId) : Promise.resolve(true))
      .then((running) => (running ? probeOnce(db, drillId, live, actor) : stopProbing(drillId)))
      .catch((e: unknown) => console.error(`drill ${drillId}: probe failed:`, e instanceof Error ? e.message : e))
      .finally(() => {
        live.busy = null;
      });
  };
  live.timer = setInterval(tick, PROBE_INTERVAL_MS);
  live.timer.unref();
}

/** A probe round now (after an action), waiting for one already running. */
export async function probeNow(db: Db, drillId: string, actor: Actor): Promise<void> {
  const live = liveDrills().get(drillId);
  if (!live?.timer) return;
  if (live.busy) await live.busy;
  if (!live.timer) return;
  live.busy = probeOnce(db, drillId, live, actor).finally(() => {
    live.busy = null;
  });
  await live.busy;
}

async function stillRunning(db: Db, drillId: string) {
  const d = await db.drill.findUnique({ where: { id: drillId }, select: { status: true } });
  return d?.status === "running";
}

export function stopProbing(drillId: string) {
  const live = liveDrills().get(drillId);
  if (live?.timer) {
    clearInterval(live.timer);
    live.timer = null;
  }
}

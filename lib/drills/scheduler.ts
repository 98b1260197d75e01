// Scheduled drills: the workflow sweeper starts those that are due. Each is
// claimed by one instance (a conditional update), which then holds its canary
// and probes; the drill acts for the admin who scheduled it.
import type { Db } from "../db/client";
import { beginDrill } from "./start-drill";

export async function startDueDrills(db: Db, now = new Date()): Promise<number[]> {
  const due = await db.drill.findMany({ where: { status: "scheduled", scheduledFor: { lte: now } }, select: { id: true, number: true, createdById: true, createdBy: true } });
  const started: number[] = [];
  for (const d of due) {
    const claimed = await db.drill.updateMany({ where: { id: d.id, status: "scheduled" }, data: { status: "running" } });
    if (!claimed.count) continue;
    try {
      await beginDrill(db, d.id, { id: d.createdById, label: `${d.createdBy} (scheduled drill)` }, now);
      started.push(d.number);
    } catch (e) {
      console.error(`scheduled drill D-${d.number} could not start:`, e instanceof Error ? e.message : e);
    }
  }
  return started;
}

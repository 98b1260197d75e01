// Reading drills: the list (newest first) and one drill with its timeline.
import type { Db } from "../db/client";
import { AppError } from "../errors";
import type { DrillReport } from "./types";

export async function listDrills(db: Db, { take = 100 }: { take?: number } = {}) {
  const rows = await db.drill.findMany({ orderBy: { number: "desc" }, take });
  return rows.map(({ report, ...d }) => {
    const r = report ? (JSON.parse(report) as DrillReport) : null;
    return { ...d, figures: r?.figures ?? null, findings: r?.findings ?? [], gaps: r?.gaps.length ?? 0 };
  });
}

export async function getDrill(db: Db, id: string) {
  // a number past the column's 32 bits names no drill (and must not reach the driver)
  if (/^\d+$/.test(id) && !(Number(id) <= 2_147_483_647)) throw new AppError("not_found", `no drill ${id}`);
  const drill = await db.drill.findFirst({ where: /^\d+$/.test(id) ? { number: Number(id) } : { id }, include: { events: { orderBy: { at: "asc" } } } });
  if (!drill) throw new AppError("not_found", `no drill ${id}`);
  const { report, blastRadius, instances, ...rest } = drill;
  return {
    ...rest,
    instances: JSON.parse(instances) as string[],
    blastRadius: JSON.parse(blastRadius) as { resources: number; actions: number; protected: number; items: string[] } | [],
    report: report ? (JSON.parse(report) as DrillReport) : null,
    events: drill.events.map((e) => ({ ...e, detail: JSON.parse(e.detail) as Record<string, unknown> })),
  };
}

export type DrillDetail = Awaited<ReturnType<typeof getDrill>>;

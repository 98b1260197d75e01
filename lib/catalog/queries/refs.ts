import type { Db } from "../../db/client";

/** Small reference lists that forms and filters choose from. */
export async function catalogRefs(db: Db) {
  const [environments, domains] = await Promise.all([
    db.environment.findMany({ orderBy: { rank: "asc" }, select: { id: true, name: true, displayName: true, protection: true } }),
    db.domain.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, displayName: true } }),
  ]);
  return { environments, domains };
}

import type { Db } from "../../db/client";

/** A client's name and kind, for preselecting it in a form. */
export function clientRef(db: Db, id: string) {
  return db.client.findUnique({ where: { id }, select: { id: true, name: true, kind: true, status: true } });
}

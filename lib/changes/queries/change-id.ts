import type { Db } from "../../db/client";
import { AppError } from "../../errors";

/** "CR-12" or "12" -> the request's id; 404 when there is none. */
export async function changeIdFromNumber(db: Db, number: string): Promise<string> {
  const n = Number(number.replace(/^CR-/i, ""));
  const cr = Number.isInteger(n) && n > 0 ? await db.changeRequest.findUnique({ where: { number: n }, select: { id: true } }) : null;
  if (!cr) throw new AppError("not_found", `there is no change request ${number}`);
  return cr.id;
}

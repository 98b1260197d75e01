import type { Db } from "../../db/client";
import { AppError } from "../../errors";

/** "CR-12" or "12" -> the request's id; 404 when there is none. */
export async function changeIdFromNumber(db: Db, number: string): Promise<string> {
  const n = Number(number.replace(/^CR-/i, ""));
  // a number past the column's 32-bit range is no change request (and would make the query fail, a 500)
  const cr = Number.isInteger(n) && n > 0 && n <= 2_147_483_647 ? await db.changeRequest.findUnique({ where: { number: n }, select: { id: true } }) : null;
  if (!cr) throw new AppError("not_found", `there is no change request ${number}`);
  return cr.id;
}

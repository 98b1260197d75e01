// Substring filters on free text (descriptions, display names, titles) that
// ignore case on both databases: SQLite's LIKE already does for ASCII, and
// PostgreSQL needs ILIKE, which Prisma spells mode: "insensitive" (a field
// the SQLite client's types do not have, hence the cast).
import { providerOfDb } from "./provider";

type Contains = { contains: string };

export function containsText(db: object): (q: string) => Contains {
  if (providerOfDb(db) === "postgres") return (q) => ({ contains: q, mode: "insensitive" }) as Contains;
  return (q) => ({ contains: q });
}

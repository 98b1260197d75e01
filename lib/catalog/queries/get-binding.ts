import type { Db } from "../../db/client";

/** One binding: which client holds which profile, and until when. */
export async function getBinding(db: Db, id: string, now: Date = new Date()) {
  const b = await db.binding.findUnique({
    where: { id },
    select: {
      id: true,
      expiresAt: true,
      reason: true,
      createdAt: true,
      updatedAt: true,
      client: { select: { id: true, name: true, kind: true, status: true } },
      profile: { select: { id: true, name: true, version: true, environment: { select: { id: true, name: true } } } },
    },
  });
  if (!b) return null;
  return { ...b, expired: b.expiresAt !== null && b.expiresAt <= now };
}

export type BindingDetail = NonNullable<Awaited<ReturnType<typeof getBinding>>>;

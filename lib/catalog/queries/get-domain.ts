import type { Db } from "../../db/client";

/** One domain with its owners and what belongs to it. */
export async function getDomain(db: Db, id: string) {
  const d = await db.domain.findUnique({
    where: { id },
    select: {
      id: true,
      name: true,
      displayName: true,
      description: true,
      createdAt: true,
      updatedAt: true,
      owners: { select: { user: { select: { email: true } } } },
      _count: { select: { resources: true, profiles: true, clients: true } },
    },
  });
  if (!d) return null;
  const { owners, _count, ...fields } = d;
  return { ...fields, ownerEmails: owners.map((o) => o.user.email).sort(), resources: _count.resources, profiles: _count.profiles, clients: _count.clients };
}

export type DomainDetail = NonNullable<Awaited<ReturnType<typeof getDomain>>>;

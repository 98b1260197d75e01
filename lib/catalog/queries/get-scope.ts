import type { Db } from "../../db/client";
import { reachOf } from "./get-resource";

/** One scope: its resource, the profiles holding it and the clients it reaches through them. */
export async function getScope(db: Db, id: string) {
  const s = await db.scope.findUnique({
    where: { id },
    select: {
      id: true,
      action: true,
      description: true,
      createdAt: true,
      updatedAt: true,
      resource: {
        select: {
          id: true,
          name: true,
          kind: true,
          criticality: true,
          environment: { select: { id: true, name: true } },
          domain: { select: { id: true, name: true } },
        },
      },
      profiles: {
        orderBy: { profile: { name: "asc" } },
        select: {
          profile: {
            select: {
              id: true,
              name: true,
              version: true,
              bindings: { select: { expiresAt: true, client: { select: { id: true, name: true, kind: true, status: true } } } },
            },
          },
        },
      },
    },
  });
  if (!s) return null;
  return {
    id: s.id,
    name: `${s.resource.name}:${s.action}`,
    action: s.action,
    description: s.description,
    resource: s.resource,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    profiles: s.profiles.map(({ profile }) => ({ id: profile.id, name: profile.name, version: profile.version })),
    reach: reachOf([s]),
  };
}

export type ScopeDetail = NonNullable<Awaited<ReturnType<typeof getScope>>>;

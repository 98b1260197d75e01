import type { Db } from "../../db/client";

/** One client's path to the resource: bound to a profile that holds some of its scopes. */
export type Reach = {
  client: { id: string; name: string; kind: string; status: string };
  profile: { id: string; name: string };
  actions: string[];
  /** a temporary binding ends here; null for a standing one */
  expiresAt: Date | null;
};

type ScopeWithHolders = {
  action: string;
  profiles: {
    profile: {
      id: string;
      name: string;
      bindings: { expiresAt: Date | null; client: { id: string; name: string; kind: string; status: string } }[];
    };
  }[];
};

/** Who can reach the resource: one row per client and profile, naming the actions that profile grants. */
export function reachOf(scopes: ScopeWithHolders[]): Reach[] {
  const byPath = new Map<string, Reach>();
  for (const scope of scopes)
    for (const { profile } of scope.profiles)
      for (const b of profile.bindings) {
        const key = `${b.client.id}/${profile.id}`;
        const row = byPath.get(key) ?? { client: b.client, profile: { id: profile.id, name: profile.name }, actions: [], expiresAt: b.expiresAt };
        row.actions.push(scope.action);
        byPath.set(key, row);
      }
  return [...byPath.values()]
    .map((r) => ({ ...r, actions: r.actions.sort() }))
    .sort((a, b) => a.client.name.localeCompare(b.client.name) || a.profile.name.localeCompare(b.profile.name));
}

export async function getResource(db: Db, id: string) {
  const r = await db.resource.findUnique({
    where: { id },
    include: {
      environment: { select: { id: true, name: true, displayName: true, protection: true } },
      domain: { select: { id: true, name: true, displayName: true } },
      scopes: {
        orderBy: { action: "asc" },
        select: {
          id: true,
          action: true,
          description: true,
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
      },
    },
  });
  if (!r) return null;
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    criticality: r.criticality,
    owner: r.owner,
    description: r.description,
    labels: JSON.parse(r.labels) as Record<string, string>,
    environment: r.environment,
    domain: r.domain,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    scopes: r.scopes.map((s) => ({
      id: s.id,
      name: `${r.name}:${s.action}`,
      action: s.action,
      description: s.description,
      profiles: s.profiles.map(({ profile }) => ({ id: profile.id, name: profile.name, version: profile.version })),
    })),
    reach: reachOf(r.scopes),
  };
}

export type ResourceDetail = NonNullable<Awaited<ReturnType<typeof getResource>>>;

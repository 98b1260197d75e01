import type { Db } from "../../db/client";
import { parseConditions } from "./list-claim-rules";
import { credentialStatus } from "./list-credentials";

type EnvRef = { name: string; displayName: string; rank: number };

type BoundProfile = {
  expiresAt: Date | null;
  profile: {
    id: string;
    name: string;
    expiresAt: Date | null;
    scopes: { scope: { id: string; action: string; resource: { id: string; name: string; criticality: string; environment: EnvRef } } }[];
  };
};

export type EffectiveScope = {
  id: string;
  name: string;
  resource: { id: string; name: string };
  criticality: string;
  /** the bound profiles that grant it */
  profiles: { id: string; name: string }[];
};

export type EffectiveEnvironment = { environment: { name: string; displayName: string }; scopes: EffectiveScope[] };

const live = (expiresAt: Date | null, now: Date) => expiresAt === null || expiresAt > now;

/**
 * What the client can do now: the union of the scopes of its bound profiles,
 * skipping bindings (and profiles) that have expired, grouped by the
 * resource's environment and naming the profiles that grant each scope.
 */
export function effectiveScopesOf(bindings: BoundProfile[], now: Date): EffectiveEnvironment[] {
  const envs = new Map<string, { env: EnvRef; scopes: Map<string, EffectiveScope> }>();
  for (const b of bindings) {
    if (!live(b.expiresAt, now) || !live(b.profile.expiresAt, now)) continue;
    for (const { scope } of b.profile.scopes) {
      const env = scope.resource.environment;
      const group = envs.get(env.name) ?? { env, scopes: new Map<string, EffectiveScope>() };
      envs.set(env.name, group);
      const row = group.scopes.get(scope.id) ?? {
        id: scope.id,
        name: `${scope.resource.name}:${scope.action}`,
        resource: { id: scope.resource.id, name: scope.resource.name },
        criticality: scope.resource.criticality,
        profiles: [],
      };
      row.profiles.push({ id: b.profile.id, name: b.profile.name });
      group.scopes.set(scope.id, row);
    }
  }
  return [...envs.values()]
    .sort((a, b) => a.env.rank - b.env.rank || a.env.name.localeCompare(b.env.name))
    .map(({ env, scopes }) => ({
      environment: { name: env.name, displayName: env.displayName },
      scopes: [...scopes.values()]
        .map((s) => ({ ...s, profiles: s.profiles.sort((a, b) => a.name.localeCompare(b.name)) }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    }));
}

export async function getClient(db: Db, id: string, now: Date = new Date()) {
  const c = await db.client.findUnique({
    where: { id },
    include: {
      domain: { select: { id: true, name: true, displayName: true } },
      bindings: {
        orderBy: { profile: { name: "asc" } },
        select: {
          id: true,
          expiresAt: true,
          reason: true,
          createdAt: true,
          profile: {
            select: {
              id: true,
              name: true,
              version: true,
              expiresAt: true,
              environment: { select: { name: true } },
              scopes: {
                select: {
                  scope: {
                    select: {
                      id: true,
                      action: true,
                      resource: { select: { id: true, name: true, criticality: true, environment: { select: { name: true, displayName: true, rank: true } } } },
                    },
                  },
                },
              },
            },
          },
        },
      },
      claimRules: { orderBy: { name: "asc" }, select: { id: true, name: true, issuer: true, conditions: true, profile: { select: { id: true, name: true } } } },
      // metadata only: the hash never leaves the database
      credentials: {
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        select: { id: true, prefix: true, kind: true, label: true, createdAt: true, expiresAt: true, revokedAt: true, lastUsedAt: true },
      },
    },
  });
  if (!c) return null;
  return {
    id: c.id,
    name: c.name,
    displayName: c.displayName,
    kind: c.kind,
    status: c.status,
    owner: c.owner,
    description: c.description,
    domain: c.domain,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    bindings: c.bindings.map((b) => ({
      id: b.id,
      expiresAt: b.expiresAt,
      expired: !live(b.expiresAt, now),
      reason: b.reason,
      createdAt: b.createdAt,
      profile: { id: b.profile.id, name: b.profile.name, version: b.profile.version, environment: b.profile.environment?.name ?? null, scopes: b.profile.scopes.length },
    })),
    claimRules: c.claimRules.map((r) => ({ ...r, conditions: parseConditions(r.conditions) })),
    credentials: c.credentials.map((k) => ({ ...k, status: credentialStatus(k, now) })),
    effectiveScopes: effectiveScopesOf(c.bindings, now),
  };
}

export type ClientDetail = NonNullable<Awaited<ReturnType<typeof getClient>>>;

// The canary: a real access token for the drilled client, signed with the
// token service's active key and recorded like any other (Token row and a
// token.issued event, marked canary), so every instance accepts it until
// the responder's actions make it inactive. Only its holder (this process,
// in memory) can present it; it is never shown or stored in clear.
import { newTokenId } from "../crypto/token-id";
import { appendAudit, type Actor } from "../audit/append";
import { transaction, type Db } from "../db/client";
import { issuerUrl, keySecret } from "../env";
import { AppError } from "../errors";
import { signJwt } from "../oauth/jwt-sign";
import { KeyStore } from "../oauth/key-store";
import { audienceOf } from "../oauth/scopes";

/** A canary outlives any drill worth measuring, never a long-lived token. */
export const CANARY_LIFETIME_SECONDS = 3_600;

export type Canary = { token: string; jti: string; expiresAt: Date; profile: string; scope: string };

/** The client's widest live grant: the unexpired binding whose unexpired profile holds the most scopes. */
async function widestGrant(db: Db, clientId: string, now: Date) {
  const unexpired = { OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] };
  const bindings = await db.binding.findMany({
    where: { clientId, ...unexpired, profile: unexpired },
    select: {
      expiresAt: true,
      profile: {
        select: {
          id: true,
          name: true,
          version: true,
          maxTokenLifetimeSeconds: true,
          expiresAt: true,
          scopes: { select: { scope: { select: { action: true, resource: { select: { name: true, environment: { select: { name: true } } } } } } } },
        },
      },
    },
  });
  return bindings.filter((b) => b.profile.scopes.length).sort((a, b) => b.profile.scopes.length - a.profile.scopes.length)[0] ?? null;
}

export async function mintCanary(db: Db, p: { client: { id: string; name: string }; drillId: string; actor: Actor; now?: Date }): Promise<Canary> {
  const now = p.now ?? new Date();
  const grant = await widestGrant(db, p.client.id, now);
  if (!grant) throw new AppError("conflict", `${p.client.name} holds no live grant: there is nothing a stolen token could reach, so nothing to drill`, [{ field: "clientId", message: "the client holds no live binding" }]);
  const keys = new KeyStore(db, keySecret(), 168 * 3_600_000);
  await keys.reload();
  const key = keys.signingKey();
  if (!key) throw new AppError("conflict", `the canary cannot be signed: ${keys.signingError ?? "no signing key"}`);
  const ends = [grant.expiresAt, grant.profile.expiresAt].filter((d): d is Date => !!d).map((d) => Math.floor((d.getTime() - now.getTime()) / 1000));
  const lifetime = Math.min(CANARY_LIFETIME_SECONDS, grant.profile.maxTokenLifetimeSeconds, ...ends);
  if (lifetime < 60) throw new AppError("conflict", `${p.client.name}'s grant ends within a minute: too soon for a drill`);
  const refs = grant.profile.scopes.map(({ scope }) => ({ resource: `${scope.resource.environment.name}/${scope.resource.name}`, action: scope.action }));
  const scope = refs.map((r) => `${r.resource}:${r.action}`).sort();
  const iat = Math.floor(now.getTime() / 1000);
  const claims = {
    iss: issuerUrl(),
    sub: p.client.name,
    aud: [...new Set(refs.map((r) => r.resource))].sort().map(audienceOf),
    exp: iat + lifetime,
    iat,
    jti: newTokenId(),
    client_id: p.client.name,
    scope: scope.join(" "),
    profile_id: grant.profile.id,
    profile_name: grant.profile.name,
    profile_version: grant.profile.version,
  };
  const token = await signJwt(key, claims);
  const expiresAt = new Date(claims.exp * 1000);
  await transaction(db, async (tx) => {
    await tx.token.create({
      data: {
        jti: claims.jti,
        clientId: p.client.id,
        profileId: grant.profile.id,
        profileVersion: grant.profile.version,
        scope: claims.scope,
        audience: claims.aud.join(" "),
        issuedAt: new Date(iat * 1000),
        expiresAt,
      },
    });
    await appendAudit(
      tx,
      p.actor,
      [
        {
          action: "token.issued",
          targetType: "client",
          targetId: p.client.id,
          targetName: p.client.name,
          after: { jti: claims.jti, grant: "drill_canary", via: "drill", canary: true, drillId: p.drillId, profile: grant.profile.name, profileVersion: grant.profile.version, scope: claims.scope, exp: expiresAt.toISOString() },
        },
      ],
      now,
    );
  });
  return { token, jti: claims.jti, expiresAt, profile: grant.profile.name, scope: claims.scope };
}

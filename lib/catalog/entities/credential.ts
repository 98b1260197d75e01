// Credentials: the secret is generated here, returned once to the caller and
// stored only as a hash. Snapshots (and so audit events) never include it.
import type { z } from "zod";
import type { Credential } from "../../db/generated/sqlite/client";
import type { credentialCreate, credentialUpdate } from "../schemas";
import { newSecret } from "../../crypto/secrets";
import { publicKeyCredential } from "../../oauth/client-keys";
import { credentialsChanged } from "../../oauth/credential-changes";
import { AppError } from "../../errors";
import { iso, mustExist, notFound, type EntityHandler } from "./types";

const snapshot = (c: Credential) => ({
  id: c.id,
  clientId: c.clientId,
  kind: c.kind,
  prefix: c.prefix,
  label: c.label,
  expiresAt: iso(c.expiresAt),
  revokedAt: iso(c.revokedAt),
});

export const credentialHandler: EntityHandler<z.output<typeof credentialCreate>, z.output<typeof credentialUpdate>> = {
  entity: "credential",
  async current(tx, id) {
    const row = await tx.credential.findUnique({ where: { id } });
    return row && snapshot(row);
  },
  async create({ tx, now }, data, id) {
    const client = await mustExist(tx.client.findUnique({ where: { id: data.clientId } }), "clientId", "client");
    if (data.expiresAt && data.expiresAt <= now) throw AppError.field("expiresAt", "must be in the future");
    const { jwk, ...fields } = data;
    if (data.kind === "public_key") {
      // private_key_jwt: the public JWK is stored as is; there is no secret to show
      const key = await publicKeyCredential(jwk);
      if (await tx.credential.findUnique({ where: { prefix: key.prefix } })) throw AppError.field("jwk", "this key is already registered");
      const row = await tx.credential.create({
        data: { ...fields, id, expiresAt: data.expiresAt ?? null, prefix: key.prefix, hash: "", publicJwk: key.publicJwk, createdAt: now },
      });
      return { targetId: row.id, targetName: `${client.name}/${row.prefix}`, before: null, after: snapshot(row) };
    }
    const secret = await newSecret(data.kind === "secret" ? "sec" : "key");
    const row = await tx.credential.create({
      data: { ...fields, id, expiresAt: data.expiresAt ?? null, prefix: secret.prefix, hash: secret.hash, createdAt: now },
    });
    return { targetId: row.id, targetName: `${client.name}/${row.prefix}`, before: null, after: snapshot(row), secret: secret.secret };
  },
  async update({ tx, now }, id, data) {
    const old = await tx.credential.findUnique({ where: { id }, include: { client: true } });
    if (!old) throw notFound("credential", id);
    const row = await tx.credential.update({
      where: { id },
      data: {
        ...(data.label !== undefined ? { label: data.label } : {}),
        ...(data.expiresAt !== undefined ? { expiresAt: data.expiresAt } : {}),
        ...(data.revoke && !old.revokedAt ? { revokedAt: now } : {}),
      },
    });
    // a revoked or re-dated secret must stop at once where it was verified and cached
    if (row.revokedAt?.getTime() !== old.revokedAt?.getTime() || row.expiresAt?.getTime() !== old.expiresAt?.getTime()) await credentialsChanged(tx);
    return { targetId: id, targetName: `${old.client.name}/${old.prefix}`, before: snapshot(old), after: snapshot(row) };
  },
  async remove({ tx }, id) {
    const old = await tx.credential.findUnique({ where: { id }, include: { client: true } });
    if (!old) throw notFound("credential", id);
    await tx.credential.delete({ where: { id } });
    await credentialsChanged(tx);
    return { targetId: id, targetName: `${old.client.name}/${old.prefix}`, before: snapshot(old), after: null };
  },
};

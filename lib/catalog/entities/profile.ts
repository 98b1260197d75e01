// Profiles are versioned: every applied change to their scopes or limits
// writes an immutable ProfileVersion and increments the version.
import type { z } from "zod";
import type { Tx } from "../../db/client";
import type { profileCreate, profileUpdate } from "../schemas";
import { AppError } from "../../errors";
import { defined, iso, mustExist, notFound, stillUsed, stamped, taken, touched, type ApplyContext, type EntityHandler } from "./types";

async function snapshot(tx: Tx, id: string) {
  const p = await tx.profile.findUnique({ where: { id }, include: { scopes: { select: { scopeId: true } } } });
  if (!p) return null;
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    environmentId: p.environmentId,
    domainId: p.domainId,
    owner: p.owner,
    maxTokenLifetimeSeconds: p.maxTokenLifetimeSeconds,
    expiresAt: iso(p.expiresAt),
    version: p.version,
    scopeIds: p.scopes.map((s) => s.scopeId).sort(),
  };
}

async function checkRefs(tx: Tx, data: { environmentId?: string | null; domainId?: string | null }) {
  if (data.environmentId) await mustExist(tx.environment.findUnique({ where: { id: data.environmentId } }), "environmentId", "environment");
  if (data.domainId) await mustExist(tx.domain.findUnique({ where: { id: data.domainId } }), "domainId", "domain");
}

async function checkScopes(tx: Tx, ids: string[], field: string) {
  const unique = [...new Set(ids)];
  const found = await tx.scope.findMany({ where: { id: { in: unique } }, select: { id: true } });
  const missing = unique.find((s) => !found.some((f) => f.id === s));
  if (missing) throw AppError.field(field, `no scope with id ${missing}`);
  return unique;
}

async function recordVersion(ctx: ApplyContext, profileId: string) {
  const p = await ctx.tx.profile.findUniqueOrThrow({ where: { id: profileId }, include: { scopes: true } });
  await ctx.tx.profileVersion.create({
    data: {
      profileId,
      version: p.version,
      scopeIds: JSON.stringify(p.scopes.map((s) => s.scopeId).sort()),
      maxTokenLifetimeSeconds: p.maxTokenLifetimeSeconds,
      expiresAt: p.expiresAt,
      changeRequestId: ctx.changeRequestId,
      createdAt: ctx.now,
    },
  });
}

export const profileHandler: EntityHandler<z.output<typeof profileCreate>, z.output<typeof profileUpdate>> = {
  entity: "profile",
  current: snapshot,
  async create(ctx, data, id) {
    const { tx } = ctx;
    if (await tx.profile.findUnique({ where: { name: data.name } })) throw taken("name", data.name);
    await checkRefs(tx, data);
    const scopeIds = await checkScopes(tx, data.scopeIds, "scopeIds");
    const { scopeIds: _ids, ...fields } = data;
    const row = await tx.profile.create({
      data: { ...fields, id, expiresAt: data.expiresAt ?? null, ...stamped(ctx.now), scopes: { create: scopeIds.map((scopeId) => ({ scopeId })) } },
    });
    await recordVersion(ctx, row.id);
    return { targetId: row.id, targetName: row.name, before: null, after: await snapshot(tx, row.id) };
  },
  async update(ctx, id, data) {
    const { tx } = ctx;
    const before = await snapshot(tx, id);
    if (!before) throw notFound("profile", id);
    await checkRefs(tx, data);
    const { scopeIds, addScopeIds, removeScopeIds, ...fields } = data;
    let next = new Set(before.scopeIds);
    if (scopeIds) next = new Set(await checkScopes(tx, scopeIds, "scopeIds"));
    for (const s of await checkScopes(tx, addScopeIds ?? [], "addScopeIds")) next.add(s);
    for (const s of removeScopeIds ?? []) next.delete(s);
    const scopesChanged = next.size !== before.scopeIds.length || before.scopeIds.some((s) => !next.has(s));
    const patch = defined(fields);
    const limitsChanged =
      (patch.maxTokenLifetimeSeconds !== undefined && patch.maxTokenLifetimeSeconds !== before.maxTokenLifetimeSeconds) ||
      (data.expiresAt !== undefined && iso(data.expiresAt) !== before.expiresAt);
    const versioned = scopesChanged || limitsChanged;
    await tx.profile.update({
      where: { id },
      data: { ...patch, ...(data.expiresAt === null ? { expiresAt: null } : {}), ...(versioned ? { version: { increment: 1 } } : {}), ...touched(ctx.now) },
    });
    if (scopesChanged) {
      await tx.profileScope.deleteMany({ where: { profileId: id, scopeId: { notIn: [...next] } } });
      const add = [...next].filter((s) => !before.scopeIds.includes(s));
      if (add.length) await tx.profileScope.createMany({ data: add.map((scopeId) => ({ profileId: id, scopeId })) });
    }
    if (versioned) await recordVersion(ctx, id);
    return { targetId: id, targetName: before.name, before, after: await snapshot(tx, id) };
  },
  async remove({ tx }, id) {
    const before = await snapshot(tx, id);
    if (!before) throw notFound("profile", id);
    const bindings = await tx.binding.count({ where: { profileId: id } });
    if (bindings) throw stillUsed(`profile ${before.name}`, "bindings", bindings);
    const rules = await tx.claimRule.count({ where: { profileId: id } });
    if (rules) throw stillUsed(`profile ${before.name}`, "claim rules", rules);
    await tx.profile.delete({ where: { id } });
    return { targetId: id, targetName: before.name, before, after: null };
  },
};

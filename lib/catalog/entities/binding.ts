import type { z } from "zod";
import type { Binding } from "../../db/generated/sqlite/client";
import type { bindingCreate, bindingUpdate } from "../schemas";
import { AppError } from "../../errors";
import { iso, mustExist, notFound, stamped, touched, type EntityHandler } from "./types";

const snapshot = (b: Binding) => ({
  id: b.id,
  clientId: b.clientId,
  profileId: b.profileId,
  expiresAt: iso(b.expiresAt),
  reason: b.reason,
});

export const bindingHandler: EntityHandler<z.output<typeof bindingCreate>, z.output<typeof bindingUpdate>> = {
  entity: "binding",
  async current(tx, id) {
    const row = await tx.binding.findUnique({ where: { id } });
    return row && snapshot(row);
  },
  async create({ tx, now }, data, id) {
    const client = await mustExist(tx.client.findUnique({ where: { id: data.clientId } }), "clientId", "client");
    const profile = await mustExist(tx.profile.findUnique({ where: { id: data.profileId } }), "profileId", "profile");
    if (data.expiresAt && data.expiresAt <= now) throw AppError.field("expiresAt", "must be in the future");
    const clash = await tx.binding.findUnique({ where: { clientId_profileId: { clientId: client.id, profileId: profile.id } } });
    if (clash) throw new AppError("conflict", `profileId: ${client.name} is already bound to ${profile.name}`, [
      { field: "profileId", message: `${client.name} is already bound to ${profile.name}` },
    ]);
    const row = await tx.binding.create({ data: { ...data, id, expiresAt: data.expiresAt ?? null, ...stamped(now) } });
    return { targetId: row.id, targetName: `${client.name} → ${profile.name}`, before: null, after: snapshot(row) };
  },
  async update({ tx, now }, id, data) {
    const old = await tx.binding.findUnique({ where: { id }, include: { client: true, profile: true } });
    if (!old) throw notFound("binding", id);
    const row = await tx.binding.update({
      where: { id },
      data: { ...(data.reason !== undefined ? { reason: data.reason } : {}), ...(data.expiresAt !== undefined ? { expiresAt: data.expiresAt } : {}), ...touched(now) },
    });
    return { targetId: id, targetName: `${old.client.name} → ${old.profile.name}`, before: snapshot(old), after: snapshot(row) };
  },
  async remove({ tx }, id) {
    const old = await tx.binding.findUnique({ where: { id }, include: { client: true, profile: true } });
    if (!old) throw notFound("binding", id);
    await tx.binding.delete({ where: { id } });
    return { targetId: id, targetName: `${old.client.name} → ${old.profile.name}`, before: snapshot(old), after: null };
  },
};

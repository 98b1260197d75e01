import type { z } from "zod";
import type { Tx } from "../../db/client";
import type { domainCreate, domainUpdate } from "../schemas";
import { AppError } from "../../errors";
import { defined, notFound, stillUsed, stamped, taken, touched, type EntityHandler } from "./types";

async function ownerIds(tx: Tx, emails: string[]): Promise<string[]> {
  const users = await tx.user.findMany({ where: { email: { in: emails } }, select: { id: true, email: true } });
  const missing = emails.find((e) => !users.some((u) => u.email === e));
  if (missing) throw AppError.field("ownerEmails", `no console user ${missing}`);
  return users.map((u) => u.id);
}

async function snapshot(tx: Tx, id: string) {
  const d = await tx.domain.findUnique({ where: { id }, include: { owners: { include: { user: true } } } });
  if (!d) return null;
  return {
    id: d.id,
    name: d.name,
    displayName: d.displayName,
    description: d.description,
    ownerEmails: d.owners.map((o) => o.user.email).sort(),
  };
}

export const domainHandler: EntityHandler<z.output<typeof domainCreate>, z.output<typeof domainUpdate>> = {
  entity: "domain",
  current: snapshot,
  async create({ tx, now }, data, id) {
    if (await tx.domain.findUnique({ where: { name: data.name } })) throw taken("name", data.name);
    const owners = await ownerIds(tx, data.ownerEmails);
    const row = await tx.domain.create({
      data: {
        id,
        name: data.name,
        displayName: data.displayName || data.name,
        description: data.description,
        ...stamped(now),
        owners: { create: owners.map((userId) => ({ userId })) },
      },
    });
    return { targetId: row.id, targetName: row.name, before: null, after: await snapshot(tx, row.id) };
  },
  async update({ tx, now }, id, data) {
    const before = await snapshot(tx, id);
    if (!before) throw notFound("domain", id);
    const { ownerEmails, ...fields } = data;
    await tx.domain.update({ where: { id }, data: { ...defined(fields), ...touched(now) } });
    if (ownerEmails) {
      const owners = await ownerIds(tx, ownerEmails);
      await tx.domainOwner.deleteMany({ where: { domainId: id } });
      await tx.domainOwner.createMany({ data: owners.map((userId) => ({ domainId: id, userId })) });
    }
    return { targetId: id, targetName: before.name, before, after: await snapshot(tx, id) };
  },
  async remove({ tx }, id) {
    const before = await snapshot(tx, id);
    if (!before) throw notFound("domain", id);
    const resources = await tx.resource.count({ where: { domainId: id } });
    if (resources) throw stillUsed(`domain ${before.name}`, "resources", resources);
    await tx.domain.delete({ where: { id } });
    return { targetId: id, targetName: before.name, before, after: null };
  },
};

import type { z } from "zod";
import type { ClaimRule } from "../../db/generated/sqlite/client";
import type { Tx } from "../../db/client";
import type { claimRuleCreate, claimRuleUpdate } from "../schemas";
import { defined, mustExist, notFound, stamped, taken, touched, type EntityHandler } from "./types";

const snapshot = (r: ClaimRule) => ({
  id: r.id,
  name: r.name,
  issuer: r.issuer,
  conditions: JSON.parse(r.conditions) as Record<string, string>,
  profileId: r.profileId,
  clientId: r.clientId,
  description: r.description,
});

async function checkRefs(tx: Tx, data: { profileId?: string; clientId?: string | null }) {
  if (data.profileId) await mustExist(tx.profile.findUnique({ where: { id: data.profileId } }), "profileId", "profile");
  if (data.clientId) await mustExist(tx.client.findUnique({ where: { id: data.clientId } }), "clientId", "client");
}

export const claimRuleHandler: EntityHandler<z.output<typeof claimRuleCreate>, z.output<typeof claimRuleUpdate>> = {
  entity: "claimRule",
  async current(tx, id) {
    const row = await tx.claimRule.findUnique({ where: { id } });
    return row && snapshot(row);
  },
  async create({ tx, now }, data, id) {
    if (await tx.claimRule.findUnique({ where: { name: data.name } })) throw taken("name", data.name);
    await checkRefs(tx, data);
    const row = await tx.claimRule.create({ data: { ...data, id, conditions: JSON.stringify(data.conditions), ...stamped(now) } });
    return { targetId: row.id, targetName: row.name, before: null, after: snapshot(row) };
  },
  async update({ tx, now }, id, data) {
    const old = await tx.claimRule.findUnique({ where: { id } });
    if (!old) throw notFound("claim rule", id);
    await checkRefs(tx, data);
    const { conditions, ...rest } = data;
    const row = await tx.claimRule.update({
      where: { id },
      data: { ...defined(rest), ...(conditions ? { conditions: JSON.stringify(conditions) } : {}), ...touched(now) },
    });
    return { targetId: id, targetName: row.name, before: snapshot(old), after: snapshot(row) };
  },
  async remove({ tx }, id) {
    const old = await tx.claimRule.findUnique({ where: { id } });
    if (!old) throw notFound("claim rule", id);
    await tx.claimRule.delete({ where: { id } });
    return { targetId: id, targetName: old.name, before: snapshot(old), after: null };
  },
};

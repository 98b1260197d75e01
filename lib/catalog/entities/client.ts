import type { z } from "zod";
import type { Client } from "../../db/generated/sqlite/client";
import type { clientCreate, clientUpdate } from "../schemas";
import { credentialsChanged } from "../../oauth/credential-changes";
import { defined, mustExist, notFound, stamped, taken, touched, type EntityHandler } from "./types";

const snapshot = (c: Client) => ({
  id: c.id,
  name: c.name,
  displayName: c.displayName,
  kind: c.kind,
  status: c.status,
  domainId: c.domainId,
  owner: c.owner,
  description: c.description,
});

export const clientHandler: EntityHandler<z.output<typeof clientCreate>, z.output<typeof clientUpdate>> = {
  entity: "client",
  async current(tx, id) {
    const row = await tx.client.findUnique({ where: { id } });
    return row && snapshot(row);
  },
  async create({ tx, now }, data, id) {
    if (await tx.client.findUnique({ where: { name: data.name } })) throw taken("name", data.name);
    if (data.domainId) await mustExist(tx.domain.findUnique({ where: { id: data.domainId } }), "domainId", "domain");
    const row = await tx.client.create({ data: { ...data, id, ...stamped(now) } });
    return { targetId: row.id, targetName: row.name, before: null, after: snapshot(row) };
  },
  async update({ tx, now }, id, data) {
    const old = await tx.client.findUnique({ where: { id } });
    if (!old) throw notFound("client", id);
    if (data.domainId) await mustExist(tx.domain.findUnique({ where: { id: data.domainId } }), "domainId", "domain");
    const row = await tx.client.update({ where: { id }, data: { ...defined(data), ...touched(now) } });
    // cached verifications of its secrets carry the client's status and name
    if (row.status !== old.status || row.name !== old.name) await credentialsChanged(tx);
    return { targetId: id, targetName: row.name, before: snapshot(old), after: snapshot(row) };
  },
  async remove({ tx }, id) {
    const old = await tx.client.findUnique({ where: { id } });
    if (!old) throw notFound("client", id);
    // bindings, claim rules, credentials and tokens of the client go with it (cascade)
    await tx.client.delete({ where: { id } });
    await credentialsChanged(tx);
    return { targetId: id, targetName: old.name, before: snapshot(old), after: null };
  },
};

// The assertion as a catalog object: created, changed and deleted only by
// change requests (the one write path), like every other catalog object.
import { z } from "zod";
import type { Tx } from "../../db/client";
import { identifier } from "../schemas";
import { notFound, stamped, taken, touched, type EntityHandler } from "./types";
import { assertionSpec } from "../../ascode/format";

export const assertionCreate = z.object({ name: identifier, spec: assertionSpec });
/** An update replaces the whole spec (its name stays the assertion's). */
export const assertionUpdate = z.object({ spec: assertionSpec }).partial();

type Row = { id: string; name: string; rule: string; severity: string; spec: string };
const snapshot = (r: Row) => ({ id: r.id, name: r.name, rule: r.rule, severity: r.severity, spec: JSON.parse(r.spec) as unknown });
const stored = (name: string, spec: z.output<typeof assertionSpec>) => {
  const full = { ...spec, name, severity: spec.severity ?? "high" };
  return { rule: full.rule, severity: full.severity, spec: JSON.stringify(full) };
};

export const assertionHandler: EntityHandler<z.output<typeof assertionCreate>, z.output<typeof assertionUpdate>> = {
  entity: "assertion",
  async current(tx: Tx, id) {
    const row = await tx.assertion.findUnique({ where: { id } });
    return row && snapshot(row);
  },
  async create({ tx, now }, data, id) {
    if (await tx.assertion.findUnique({ where: { name: data.name } })) throw taken("name", data.name);
    const row = await tx.assertion.create({ data: { id, name: data.name, ...stored(data.name, data.spec), ...stamped(now) } });
    return { targetId: row.id, targetName: row.name, before: null, after: snapshot(row) };
  },
  async update({ tx, now }, id, data) {
    const old = await tx.assertion.findUnique({ where: { id } });
    if (!old) throw notFound("assertion", id);
    const row = await tx.assertion.update({ where: { id }, data: { ...(data.spec ? stored(old.name, data.spec) : {}), ...touched(now) } });
    return { targetId: id, targetName: old.name, before: snapshot(old), after: snapshot(row) };
  },
  async remove({ tx }, id) {
    const old = await tx.assertion.findUnique({ where: { id } });
    if (!old) throw notFound("assertion", id);
    await tx.assertion.delete({ where: { id } });
    return { targetId: id, targetName: old.name, before: snapshot(old), after: null };
  },
};

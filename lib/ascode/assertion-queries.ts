// Reads of stored assertions for the REST API.
import type { Db } from "../db/client";
import { validationError } from "../errors";
import { listParams, pageArgs, toPage, type Page } from "../catalog/queries/paging";

export const assertionListParams = listParams;

export type AssertionRow = { id: string; name: string; rule: string; severity: string; spec: unknown; updatedAt: string };

const toRow = (r: { id: string; name: string; rule: string; severity: string; spec: string; updatedAt: Date }): AssertionRow => ({
  id: r.id,
  name: r.name,
  rule: r.rule,
  severity: r.severity,
  spec: JSON.parse(r.spec) as unknown,
  updatedAt: r.updatedAt.toISOString(),
});

export async function listAssertions(db: Db, raw: unknown): Promise<Page<AssertionRow>> {
  const parsed = assertionListParams.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const p = parsed.data;
  const where = p.q ? { name: { contains: p.q.toLowerCase() } } : {};
  const [rows, total] = await Promise.all([db.assertion.findMany({ where, orderBy: [{ name: "asc" }, { id: "asc" }], ...pageArgs(p) }), db.assertion.count({ where })]);
  return toPage(rows.map(toRow), p.limit, total);
}

export async function getAssertion(db: Db, id: string): Promise<AssertionRow | null> {
  const row = await db.assertion.findUnique({ where: { id } });
  return row && toRow(row);
}

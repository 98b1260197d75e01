// The findings list: every check over the whole catalog, filtered, for the
// findings page and GET /api/v1/findings.
import { z } from "zod";
import type { Db } from "../db/client";
import { validationError } from "../errors";
import { checkIds, checkInfo, runChecks, severities } from "./checks";
import type { Finding } from "./findings";
import { loadFullView } from "./view";
import { text } from "../validation/text";

export const findingListParams = z.object({
  checkId: z.enum(checkIds as [string, ...string[]]).optional(),
  severity: z.enum(severities).optional(),
  environment: text().max(63).optional(),
  /** part of the object's name; for a scope, of its resource's name or its action */
  q: text().trim().toLowerCase().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export type FindingList = { items: Finding[]; total: number };

function matches(f: Finding, q: string): boolean {
  if (f.target.entity !== "scope") return f.target.name.toLowerCase().includes(q);
  // Same test as the database filter on unused scopes, so the count agrees.
  const [resource = "", action = ""] = f.target.name.split(":");
  return resource.includes(q) || action.includes(q);
}

export async function listFindings(db: Db, raw: unknown): Promise<FindingList> {
  const parsed = findingListParams.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const { checkId, severity, environment, q, limit } = parsed.data;
  const only = checkIds.filter((id) => (!checkId || id === checkId) && (!severity || checkInfo[id].severity === severity));
  let environmentId: string | undefined;
  if (environment) {
    const env = await db.environment.findUnique({ where: { name: environment }, select: { id: true } });
    if (!env) return { items: [], total: 0 };
    environmentId = env.id;
  }
  // Unused scopes can be tens of thousands: load one page of them and count the rest.
  const withUnused = only.includes("unused-scope");
  const { view, unusedScopes } = await loadFullView(db, { unusedScopeLimit: withUnused ? limit : 0, environmentId, scopeSearch: q });
  const all = runChecks(view, only).filter((f) => (!environment || f.environment === environment) && (!q || matches(f, q)));
  const unusedLoaded = all.filter((f) => f.checkId === "unused-scope").length;
  return { items: all.slice(0, limit), total: all.length - unusedLoaded + (withUnused ? unusedScopes : 0) };
}

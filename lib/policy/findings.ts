// Policy findings for a change: the least-privilege checks run over the objects
// it touched and the objects those affect, inside the write transaction.
import type { CatalogEntity } from "../audit/actions";
import type { Tx } from "../db/client";
import { runChecks } from "./checks";
import { loadView, type SubjectIds } from "./view";

export type Severity = "low" | "medium" | "high" | "critical";

export type Finding = {
  checkId: string;
  severity: Severity;
  message: string;
  /** resourceId is set for scopes, whose page is their resource's */
  target: { entity: CatalogEntity; id: string; name: string; resourceId?: string };
  environment: string | null;
  /** the object's environment lists this check in its blockingChecks */
  blocking: boolean;
};

export type Touched = { entity: CatalogEntity; id: string; deleted: boolean };

const idsOf = (touched: Touched[], entity: CatalogEntity) => [...new Set(touched.filter((t) => t.entity === entity && !t.deleted).map((t) => t.id))];
const ids = (rows: Record<string, string>[], key: string) => rows.map((r) => r[key]!);

/**
 * What a change affects, by indexed lookups on the touched ids only:
 * a resource -> its scopes; a scope -> the profiles holding it; a profile ->
 * its bindings and claim rules (their environment is the profile's); a client
 * -> its bindings. Environment and domain edits are not fanned out: that would
 * mean re-checking a whole environment, and blocking applies to changed
 * objects, not retroactively (the findings page shows the whole catalog).
 */
async function affected(tx: Tx, touched: Touched[]): Promise<SubjectIds> {
  const scopes = idsOf(touched, "scope");
  const profiles = idsOf(touched, "profile");
  const resources = idsOf(touched, "resource");
  const clients = idsOf(touched, "client");
  const none = Promise.resolve([]);
  const [ofResources, holders, bindingsOfProfiles, bindingsOfClients, rules] = await Promise.all([
    resources.length ? tx.scope.findMany({ where: { resourceId: { in: resources } }, select: { id: true } }) : none,
    scopes.length ? tx.profileScope.findMany({ where: { scopeId: { in: scopes } }, select: { profileId: true } }) : none,
    profiles.length ? tx.binding.findMany({ where: { profileId: { in: profiles } }, select: { id: true } }) : none,
    clients.length ? tx.binding.findMany({ where: { clientId: { in: clients } }, select: { id: true } }) : none,
    profiles.length ? tx.claimRule.findMany({ where: { profileId: { in: profiles } }, select: { id: true } }) : none,
  ]);
  const unique = (...lists: string[][]) => [...new Set(lists.flat())];
  return {
    scopes: unique(scopes, ids(ofResources, "id")),
    profiles: unique(profiles, ids(holders, "profileId")),
    bindings: unique(idsOf(touched, "binding"), ids(bindingsOfProfiles, "id"), ids(bindingsOfClients, "id")),
    claimRules: unique(idsOf(touched, "claimRule"), ids(rules, "id")),
  };
}

/** The findings on the objects a change touched and the objects they affect, as they are now. */
export async function findingsFor(tx: Tx, touched: Touched[]): Promise<Finding[]> {
  const subjects = await affected(tx, touched);
  if (!Object.values(subjects).some((list) => list.length)) return [];
  return runChecks(await loadView(tx, subjects));
}

export function blockingFindings(findings: Finding[]): Finding[] {
  return findings.filter((f) => f.blocking);
}

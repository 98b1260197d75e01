// What a denial counts against in the decision aggregates, so usage can show
// per scope (and profile) what was refused. Only what the catalog can tell:
//  - the scope: the catalog scope for (resource, action), else the resource's
//    catch-all "*" scope (the one that would have covered the action); none
//    when the resource is unknown or has neither;
//  - the profile, by token: the profile the token is bound to (a decision is
//    only ever evaluated against it);
//  - the profile, by client (evaluated against everything the client holds):
//    the one profile linked to the client that holds the scope (its grant
//    expired, or the client is suspended); when none holds it, the one live
//    profile the client holds for the resource's environment (environment
//    unset: any), i.e. the only grant that could have answered. Two or more
//    candidates are ambiguous, and a guess would put the denial on a profile
//    that had nothing to do with it: the profile is left empty then.
// Denials leave the allow hot path, so this may loop, but it builds nothing
// beyond the scope name it looks up.
import type { SnapshotResource } from "../access/snapshot";
import { holdsProfile, type ModelIndex } from "../oauth/model-index";

/** The scope id a denial of `action` on the resource (named `ref`, "prod/orders-db") counts against, or "". */
export function deniedScopeId(ix: ModelIndex, ref: string, action: string): string {
  return (ix.scopeByName.get(`${ref}:${action}`) ?? ix.scopeByName.get(`${ref}:*`))?.id ?? "";
}

/** The profile a client's denial counts against, or "" when none or several could have answered. */
export function deniedProfileOfClient(ix: ModelIndex, clientId: string, resource: SnapshotResource, scopeId: string, at: number): string {
  const linked = ix.links.get(clientId);
  if (!linked) return "";
  let found = "";
  if (scopeId) {
    for (const profileId of linked.keys()) {
      if (!ix.profileScopes.get(profileId)?.has(scopeId)) continue;
      if (found) return "";
      found = profileId;
    }
    if (found) return found;
  }
  for (const profileId of linked.keys()) {
    const env = ix.model.profiles.get(profileId)?.environmentId;
    if (env === undefined || (env !== null && env !== resource.environmentId) || !holdsProfile(ix, clientId, profileId, at)) continue;
    if (found) return "";
    found = profileId;
  }
  return found;
}

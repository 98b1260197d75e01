import type { Db } from "../../db/client";

export async function catalogOverview(db: Db) {
  const [resources, scopes, profiles, clients, bindings, temporary, state, changes, events] = await Promise.all([
    db.resource.count(),
    db.scope.count(),
    db.profile.count(),
    db.client.count(),
    db.binding.count(),
    db.binding.count({ where: { expiresAt: { not: null } } }),
    db.catalogState.findUnique({ where: { id: 1 } }),
    db.changeRequest.findMany({
      orderBy: { number: "desc" },
      take: 6,
      select: { id: true, number: true, title: true, status: true, createdAt: true, author: { select: { email: true } } },
    }),
    db.auditEvent.findMany({
      orderBy: { seq: "desc" },
      take: 8,
      select: { seq: true, at: true, actorLabel: true, action: true, targetName: true },
    }),
  ]);
  return {
    counts: { resources, scopes, profiles, clients, bindings, temporary },
    catalogVersion: state?.catalogVersion ?? 0,
    changes: changes.map((c) => ({ ...c, author: c.author?.email ?? "system" })),
    events,
  };
}

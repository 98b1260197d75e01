// Time travel: the read model rebuilt from the audit log at a past instant
// decides exactly like the read model of the live catalog at that instant,
// over a randomised history of changes.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor, type Actor } from "../auth/permissions";
import { AppError } from "../errors";
import { submitChange } from "../testing/submit-change";
import { createTestDatabase, providersUnderTest, type TestDatabase } from "../testing/databases";
import { snapshotAt } from "./history";
import { ReadModel } from "./read-model";
import { loadSnapshot } from "./snapshot";

const T0 = Date.UTC(2026, 5, 1, 3, 0, 0);
const actor: Actor = { ...systemActor, label: "history-test" };

type Step =
  | { kind: "bind"; client: number; profile: number }
  | { kind: "unbind"; client: number; profile: number }
  | { kind: "addScope"; profile: number; scope: number }
  | { kind: "removeScope"; profile: number; scope: number }
  | { kind: "status"; client: number; active: boolean };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant("bind" as const), client: fc.nat(2), profile: fc.nat(2) }),
  fc.record({ kind: fc.constant("unbind" as const), client: fc.nat(2), profile: fc.nat(2) }),
  fc.record({ kind: fc.constant("addScope" as const), profile: fc.nat(2), scope: fc.nat(5) }),
  fc.record({ kind: fc.constant("removeScope" as const), profile: fc.nat(2), scope: fc.nat(5) }),
  fc.record({ kind: fc.constant("status" as const), client: fc.nat(2), active: fc.boolean() }),
);

describe.each(providersUnderTest)("time travel on %s", (provider) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(provider);
    await submitChange(t.db, {
      actor,
      now: new Date(T0),
      input: {
        title: "Base",
        operations: [
          { entity: "environment", kind: "create", id: "e", data: { name: "prod" } },
          { entity: "domain", kind: "create", id: "d", data: { name: "payments" } },
          ...[0, 1, 2].map((r) => ({ entity: "resource", kind: "create", id: `r${r}`, data: { name: `res-${r}`, kind: "database", environmentId: "e", domainId: "d" } })),
          ...[0, 1, 2, 3, 4, 5].map((s) => ({ entity: "scope", kind: "create", id: `s${s}`, data: { resourceId: `r${s % 3}`, action: s < 3 ? "read" : "write" } })),
          ...[0, 1, 2].map((p) => ({ entity: "profile", kind: "create", id: `p${p}`, data: { name: `profile-${p}`, scopeIds: [`s${p}`] } })),
          ...[0, 1, 2].map((c) => ({ entity: "client", kind: "create", id: `c${c}`, data: { name: `client-${c}`, kind: "service" } })),
        ],
      },
    });
  });
  afterAll(async () => t?.drop());

  it("rebuilds the access of any past instant from the change history", async () => {
    const steps = fc.sample(fc.array(step, { minLength: 12, maxLength: 12 }), { numRuns: 1, seed: 20261123 })[0]!;
    const truth: { at: Date; model: ReadModel }[] = [];
    let minute = 0;
    for (const s of steps) {
      minute += 7;
      const now = new Date(T0 + minute * 60_000);
      const profile = await t.db.profile.findUnique({ where: { id: `p${"profile" in s ? s.profile : 0}` }, include: { scopes: true } });
      const binding = "client" in s && "profile" in s ? await t.db.binding.findFirst({ where: { clientId: `c${s.client}`, profileId: `p${s.profile}` } }) : null;
      const op =
        s.kind === "bind" && !binding ? { entity: "binding", kind: "create", data: { clientId: `c${s.client}`, profileId: `p${s.profile}` } }
        : s.kind === "unbind" && binding ? { entity: "binding", kind: "delete", id: binding.id }
        : s.kind === "addScope" ? { entity: "profile", kind: "update", id: profile!.id, data: { addScopeIds: [`s${s.scope}`] } }
        : s.kind === "removeScope" ? { entity: "profile", kind: "update", id: profile!.id, data: { removeScopeIds: [`s${s.scope}`] } }
        : s.kind === "status" ? { entity: "client", kind: "update", id: `c${s.client}`, data: { status: s.active ? "active" : "suspended" } }
        : null;
      // a step that would change nothing (a client set to the status it has, a scope it already holds) is refused by the write path: skipped
      if (op) await submitChange(t.db, { actor, now, input: { title: `step ${minute}`, operations: [op] } }).catch((e: unknown) => {
        if (!(e instanceof AppError && /changes nothing/.test(e.message))) throw e;
      });
      const live = await loadSnapshot(t.db);
      truth.push({ at: new Date(now.getTime() + 30_000), model: new ReadModel(live.snapshot, live.version) });
    }
    for (const { at, model } of truth) {
      const past = new ReadModel((await snapshotAt(t.db, at)).snapshot, 0);
      for (const c of ["c0", "c1", "c2"]) {
        for (const r of ["r0", "r1", "r2"]) {
          for (const a of ["read", "write"]) expect([at.toISOString(), c, r, a, past.can(c, r, a, at).allow]).toEqual([at.toISOString(), c, r, a, model.can(c, r, a, at).allow]);
        }
      }
    }
  });
});

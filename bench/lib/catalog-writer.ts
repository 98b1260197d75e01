// The writer for bench/read-model-delta.ts, in its own process (instance A):
// on {type: "change", i} it applies the i-th change of a fixed cycle through
// the write path (an admin's emergency change request: applied in one
// transaction, version bumped, delta recorded, NOTIFY on PostgreSQL) and answers with the version and the
// wall-clock instants before the call and after the commit returned.
// Every change is a narrowing or its undoing, on objects of the 100k catalog
// other than the ones the decision load asks about.
import { systemActor, type Actor } from "../../lib/auth/permissions";
import { createUser } from "../../lib/users/create-user";
import { openChange } from "../../lib/changes/workflow/open-change";
import { createDb } from "../../lib/db/client";

const db = createDb(process.env.DATABASE_URL!);
const RESOURCES = Number(process.env.RESOURCES);
const PROFILES = Number(process.env.PROFILES);
const CLIENTS = Number(process.env.CLIENTS);
const wall = () => performance.timeOrigin + performance.now();
// an admin's emergency change: applied at its commit, reviewed after the fact (not here), so the
// instant the call returns is the commit's
const email = "bench-writer@perimeter.bench";
const user = (await db.user.findUnique({ where: { email } })) ?? (await createUser(db, { actor: systemActor, input: { email, role: "admin" } }));
const admin: Actor = { id: user.id, label: user.email, role: "admin", kind: "user" };

/** The first scope of seeded profile p (bench/read-model-delta.ts seeds them by this formula). */
const firstScope = (p: number) => {
  const r = (p * 7) % RESOURCES;
  return `s${r - (r % 3) + (p % 3)}-read`;
};

function change(i: number): { title: string; operations: unknown[] } {
  const round = Math.floor(i / 6);
  const undo = Math.floor(i / 3) % 2 === 1; // narrow, then widen back
  const k = 1_000 + (round % 3_000);
  switch (i % 3) {
    case 0: {
      const p = k % PROFILES;
      return { title: `bench: profile p${p}`, operations: [{ entity: "profile", kind: "update", id: `p${p}`, data: undo ? { addScopeIds: [firstScope(p)] } : { removeScopeIds: [firstScope(p)] } }] };
    }
    case 1: {
      // the seeded binding b<c>-0 (to profile p<3c>), deleted then created again
      const c = k % CLIENTS;
      return undo
        ? { title: `bench: bind c${c}`, operations: [{ entity: "binding", kind: "create", id: `b${c}-0`, data: { clientId: `c${c}`, profileId: `p${(c * 3) % PROFILES}` } }] }
        : { title: `bench: unbind c${c}`, operations: [{ entity: "binding", kind: "delete", id: `b${c}-0` }] };
    }
    default: {
      const c = (k + 7) % CLIENTS;
      return { title: `bench: client c${c}`, operations: [{ entity: "client", kind: "update", id: `c${c}`, data: { status: undo ? "active" : "suspended" } }] };
    }
  }
}

process.on("message", (m: { type: string; i: number }) => {
  if (m.type !== "change") return;
  const start = wall();
  openChange(db, { actor: admin, input: { ...change(m.i), emergency: true } })
    .then(async (done) => {
      const end = wall();
      const { version } = await db.catalogVersionLog.findFirstOrThrow({ where: { changeRequestId: done.changeRequest.id } });
      if (process.connected) process.send?.({ type: "changed", i: m.i, version, start, end });
    })
    .catch((e: unknown) => void (process.connected && process.send?.({ type: "failed", i: m.i, error: e instanceof Error ? e.message : String(e) })));
});
process.send?.({ type: "ready" });
process.on("disconnect", () => process.exit(0));
// a normal exit, so BENCH_NODE_FLAGS=--cpu-prof writes its profile
process.on("SIGTERM", () => process.exit(0));

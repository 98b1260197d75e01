// The baseline of bench/read-model-delta.ts, in its own process (so its
// garbage never pauses the load generator): a full rebuild of the read model
// at 100k scale, 3 times — load the catalog, compile the model, build the
// token service's index — timed and sent to the parent over IPC.
import { ReadModel } from "../../lib/access/read-model";
import { loadSnapshot } from "../../lib/access/snapshot";
import { createDb } from "../../lib/db/client";
import { indexOf } from "../../lib/oauth/model-index";

const db = createDb(process.env.DATABASE_URL!);
const out = { load: [] as number[], compile: [] as number[], index: [] as number[], total: [] as number[], scopes: 0, clients: 0, bindings: 0 };
for (let i = 0; i < 3; i++) {
  const t0 = performance.now();
  const { version, snapshot } = await loadSnapshot(db);
  const t1 = performance.now();
  const model = new ReadModel(snapshot, version);
  const t2 = performance.now();
  indexOf(model);
  const t3 = performance.now();
  out.load.push(t1 - t0);
  out.compile.push(t2 - t1);
  out.index.push(t3 - t2);
  out.total.push(t3 - t0);
  Object.assign(out, { scopes: model.scopes.size, clients: model.clients.size, bindings: model.bindings.size });
}
await db.$disconnect();
process.send?.({ type: "baseline", ...out });
process.disconnect?.();

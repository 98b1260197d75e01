// The process's read model, rebuilt when the catalog version moves. A cheap
// version read decides; at most one rebuild runs at a time. Other instances'
// changes are seen within `maxStalenessMs` (a PostgreSQL notification can
// call invalidate() to make that immediate).
import type { Db } from "../db/client";
import { ReadModel } from "./read-model";
import { loadSnapshot } from "./snapshot";

type State = { model: ReadModel | null; checkedAt: number; building: Promise<ReadModel> | null };
const g = globalThis as unknown as { perimeterReadModel?: State };
const state = (g.perimeterReadModel ??= { model: null, checkedAt: 0, building: null });

async function rebuild(db: Db): Promise<ReadModel> {
  state.building ??= loadSnapshot(db)
    .then(({ version, snapshot }) => {
      state.model = new ReadModel(snapshot, version);
      state.checkedAt = Date.now();
      return state.model;
    })
    .finally(() => {
      state.building = null;
    });
  return state.building;
}

export async function getReadModel(db: Db, { maxStalenessMs = 500 } = {}): Promise<ReadModel> {
  const model = state.model;
  if (model && Date.now() - state.checkedAt < maxStalenessMs) return model;
  if (!model) return rebuild(db);
  const current = await db.catalogState.findUnique({ where: { id: 1 }, select: { catalogVersion: true } });
  if ((current?.catalogVersion ?? 0) === model.version) {
    state.checkedAt = Date.now();
    return model;
  }
  return rebuild(db);
}

/** Forces the next read to check the version (after a local write or a notification). */
export function invalidateReadModel() {
  state.checkedAt = 0;
}

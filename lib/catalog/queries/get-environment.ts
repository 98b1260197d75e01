import { z } from "zod";
import type { Db } from "../../db/client";

// storable-scan: parses stored JSON the write path wrote, not input
const checkIds = z.array(z.string());

/** One environment with its protection, blocking checks and how much runs there. */
export async function getEnvironment(db: Db, id: string) {
  const e = await db.environment.findUnique({
    where: { id },
    select: {
      id: true,
      name: true,
      displayName: true,
      protection: true,
      blockingChecks: true,
      rank: true,
      createdAt: true,
      updatedAt: true,
      _count: { select: { resources: true, profiles: true } },
    },
  });
  if (!e) return null;
  const { _count, blockingChecks, ...fields } = e;
  return { ...fields, blockingChecks: checkIds.parse(JSON.parse(blockingChecks)), resources: _count.resources, profiles: _count.profiles };
}

export type EnvironmentDetail = NonNullable<Awaited<ReturnType<typeof getEnvironment>>>;

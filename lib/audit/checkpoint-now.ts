import "server-only";
// An on-demand checkpoint from the console's process (POST
// /api/v1/audit/checkpoints): the token service's active signing key, read
// from the database and opened with the key secret, as the service does.
import type { Actor } from "../auth/permissions";
import { can } from "../auth/permissions";
import type { Db } from "../db/client";
import { env, issuerUrl, keySecret } from "../env";
import { AppError } from "../errors";
import { KeyStore } from "../oauth/key-store";
import { CheckpointUnavailable, createCheckpoint, type Checkpoint } from "./checkpoints";

export async function checkpointNow(db: Db, { actor }: { actor: Actor }): Promise<Checkpoint> {
  if (!can(actor, "settings.manage")) throw new AppError("forbidden", "only admins make audit checkpoints on demand");
  const cfg = env();
  const keys = new KeyStore(db, keySecret(cfg), cfg.PERIMETER_KEY_ROTATION_HOURS * 3_600_000);
  await keys.reload();
  try {
    const made = await createCheckpoint(db, { key: keys.signingKey(), issuer: issuerUrl(cfg), dir: cfg.PERIMETER_CHECKPOINT_DIR, force: true });
    if (!made) throw new AppError("conflict", "the audit log is empty: there is nothing to checkpoint");
    return made;
  } catch (e) {
    if (e instanceof CheckpointUnavailable) throw new AppError("conflict", e.message);
    throw e;
  }
}

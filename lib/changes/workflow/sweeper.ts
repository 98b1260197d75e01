// The workflow's background work, on every instance: recover requests a crash
// left open, expire temporary changes, discard held secrets nobody came for,
// start scheduled breach drills, run the revocation policies when due.
// Catches up at once on start (downtime), then runs every `intervalMs`.
import type { Db } from "../../db/client";
import { expireDueChanges } from "./expire-changes";
import { recoverOpenChanges } from "./recover";
import { discardExpiredSecrets } from "./secret-delivery";
import { startDueDrills } from "../../drills/scheduler";
import { runDueRevocationPolicies } from "../../revocation/schedule";

export function startWorkflowSweeper(db: Db, intervalMs = 15_000): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      // past a grace period, so an instance still between opening and applying is not raced
      const recovered = await recoverOpenChanges(db);
      if (recovered.length) console.log(`applied change requests a crash left open: ${recovered.map((n) => `CR-${n}`).join(", ")}`);
      const expired = await expireDueChanges(db);
      if (expired.length) console.log(`expired temporary changes: ${expired.map((n) => `CR-${n}`).join(", ")}`);
      const discarded = await discardExpiredSecrets(db);
      if (discarded) console.log(`discarded ${discarded} credential secret(s) nobody came for`);
      const drills = await startDueDrills(db);
      if (drills.length) console.log(`started scheduled breach drills: ${drills.map((n) => `D-${n}`).join(", ")}`);
      const policyRun = await runDueRevocationPolicies(db);
      if (policyRun?.actions.length) console.log(`revocation policies: ${policyRun.actions.map((a) => a.summary).join("; ")}`);
    } catch (e) {
      console.error("workflow sweep failed:", e instanceof Error ? e.message : e);
    } finally {
      running = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

// The verify command's report: one line a person or a pipeline can read, and
// the exit code (1 when the chain is broken).
import type { VerifyResult } from "./verify";

export function verifyReport(result: VerifyResult, ms: number): { line: string; exitCode: 0 | 1 } {
  const rate = ms > 0 ? ` in ${(ms / 1000).toFixed(2)} s (${Math.round((result.events / ms) * 1000).toLocaleString("en")} events/s)` : "";
  if (result.ok) {
    return { line: `OK: audit chain intact, ${result.events.toLocaleString("en")} events, head ${result.head || "(empty)"}${rate}`, exitCode: 0 };
  }
  return {
    line: `BROKEN: audit chain broken at event #${result.brokenAt}: ${result.reason} (${result.events.toLocaleString("en")} events verified before it)`,
    exitCode: 1,
  };
}

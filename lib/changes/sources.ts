// Where a change request came from. Every source goes through the same write
// path (lib/changes/workflow/); the source is recorded for review and audit.
export const changeSources = ["console", "api", "cli", "import", "drift", "review", "incident", "expiry", "revert", "seed", "policy", "drill"] as const;
export type ChangeSource = (typeof changeSources)[number];

// What only the process running a drill holds: the canary token and the probe
// API token's secret, in memory (never stored in clear). Kept on globalThis so
// Next's copy of lib/ and the server's (the sweeper) share one registry.
export type LiveDrill = {
  canary: string;
  probeSecret: string;
  instances: string[];
  accepted: Set<string>;
  rejected: Set<string>;
  unreachable: Set<string>;
  timer: NodeJS.Timeout | null;
  busy: Promise<void> | null;
  /** stop probing after this (epoch ms): the canary's expiry, or a ceiling */
  until: number;
};

const key = Symbol.for("perimeter.drills.live");

export function liveDrills(): Map<string, LiveDrill> {
  const g = globalThis as unknown as Record<symbol, Map<string, LiveDrill> | undefined>;
  return (g[key] ??= new Map());
}

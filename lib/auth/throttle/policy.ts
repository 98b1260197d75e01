// How many console sign-in attempts an account or a client address gets before
// it must wait, how long, and when it is locked out. Pure: no database here.

export type ThrottlePolicy = {
  /** attempts that fail before any wait */
  free: number;
  /** from this many failures on, a lockout instead of a growing wait */
  lockAfter: number;
  /** the first wait; each further failure doubles it */
  baseDelayMs: number;
  lockoutMs: number;
  /** failures older than this (counted from the last one) are forgotten */
  forgetAfterMs: number;
};

const minute = 60_000;

/** One account, whatever address tries it: 5 free, then 1 s, 2 s … 16 s, then 15 minutes. */
export const accountPolicy: ThrottlePolicy = { free: 5, lockAfter: 10, baseDelayMs: 1_000, lockoutMs: 15 * minute, forgetAfterMs: 15 * minute };

/** One client address, whatever accounts it tries: more room (offices behind one NAT), same shape. */
export const addressPolicy: ThrottlePolicy = { free: 20, lockAfter: 50, baseDelayMs: 1_000, lockoutMs: 15 * minute, forgetAfterMs: 15 * minute };

/** How long the next attempt must wait after `failures` failures (0: not at all). */
export function waitAfter(policy: ThrottlePolicy, failures: number): number {
  if (failures < policy.free) return 0;
  if (failures >= policy.lockAfter) return policy.lockoutMs;
  return Math.min(policy.baseDelayMs * 2 ** (failures - policy.free), policy.lockoutMs);
}

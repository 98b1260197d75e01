import { describe, expect, it } from "vitest";
import { throttledError, throttledMessage, tooManyAttemptsMessage } from "./message";
import { accountPolicy, addressPolicy, waitAfter } from "./policy";

describe("sign-in throttle policy", () => {
  it("lets a few failures pass, then doubles the wait, then locks out", () => {
    const waits = Array.from({ length: 12 }, (_, i) => waitAfter(accountPolicy, i + 1));
    expect(waits).toEqual([0, 0, 0, 0, 1_000, 2_000, 4_000, 8_000, 16_000, 900_000, 900_000, 900_000]);
  });

  it("gives an address more room than an account", () => {
    expect(waitAfter(addressPolicy, accountPolicy.lockAfter)).toBe(0);
    expect(waitAfter(addressPolicy, addressPolicy.lockAfter)).toBe(addressPolicy.lockoutMs);
  });

  it("says how long to wait, in minutes or seconds, and only for its own codes", () => {
    expect(tooManyAttemptsMessage(900)).toBe("Too many failed attempts; try again in 15 minutes.");
    expect(tooManyAttemptsMessage(61)).toBe("Too many failed attempts; try again in 2 minutes.");
    expect(tooManyAttemptsMessage(60)).toBe("Too many failed attempts; try again in 1 minute.");
    expect(tooManyAttemptsMessage(4)).toBe("Too many failed attempts; try again in 4 seconds.");
    expect(throttledMessage(throttledError(899.2))).toBe("Too many failed attempts; try again in 15 minutes.");
    expect(throttledMessage(throttledError(0.2))).toBe("Too many failed attempts; try again in 1 second.");
    for (const other of ["CredentialsSignin", "TooManyAttempts:", "TooManyAttempts:abc", "TooManyAttempts:-3", null, undefined]) {
      expect(throttledMessage(other)).toBeNull();
    }
  });
});

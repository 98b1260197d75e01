import { describe, expect, it } from "vitest";
import { timedHistory } from "./demo-history";
import { decisionRows } from "./usage-samples";
import { isWeekend, workdayAt } from "./timeline";

const DAY = 86_400_000;

describe("workdayAt", () => {
  it("counts working days back from today's date, skipping weekends", () => {
    const monday = new Date("2025-06-02T09:00:00Z");
    expect(workdayAt(monday, 1, "14:20").toISOString()).toBe("2025-05-30T14:20:00.000Z");
    expect(workdayAt(monday, 5, "08:00").toISOString()).toBe("2025-05-26T08:00:00.000Z");
    const sunday = new Date("2025-06-01T23:59:00Z");
    expect(workdayAt(sunday, 1, "23:59").toISOString()).toBe("2025-05-30T23:59:00.000Z");
    expect(() => workdayAt(monday, 0, "09:00")).toThrow(/workdays/);
    expect(() => workdayAt(monday, 1, "9:00")).toThrow(/HH:MM/);
  });
});

// Every weekday and hour of `now` must give the same shape of history: two weeks of nows, early and late in the day.
const nows = Array.from({ length: 14 }, (_, i) => [0, 23.9].map((h) => new Date(Date.UTC(2025, 5, 2 + i) + h * 3_600_000))).flat();

describe.each(nows.map((n) => [n.toISOString(), n] as const))("the demo history for now = %s", (_, now) => {
  const steps = timedHistory(now);

  it("is in order, on working days, before now, over about five weeks", () => {
    for (const [i, step] of steps.entries()) {
      expect(step.at.getTime(), step.title).toBeLessThan(now.getTime());
      expect(isWeekend(step.at), step.title).toBe(false);
      if (i > 0) expect(step.at.getTime(), step.title).toBeGreaterThan(steps[i - 1]!.at.getTime());
    }
    const age = (i: number) => (now.getTime() - steps[i]!.at.getTime()) / DAY;
    expect(age(0)).toBeGreaterThan(31);
    expect(age(0)).toBeLessThan(38);
    expect(age(steps.length - 1)).toBeLessThan(4);
  });

  it("sets up the profiles, and starts using them, more than 30 days ago (drift's default window)", () => {
    const profilesDone = steps.findLastIndex((s) => s.operations.some((op) => op.entity === "profile" && op.kind === "create"));
    expect(now.getTime() - steps[profilesDone]!.at.getTime()).toBeGreaterThan(30 * DAY);
    const rows = decisionRows(steps, now);
    const first = Math.min(...rows.map((r) => r.minute.getTime()));
    const last = Math.max(...rows.map((r) => r.minute.getTime()));
    expect(now.getTime() - first).toBeGreaterThan(30 * DAY);
    expect(last).toBeLessThanOrEqual(now.getTime());
  });

  it("grants temporary access that is still active at now (so after it was granted)", () => {
    for (const step of steps) {
      for (const op of step.operations) {
        const expiresAt = op.kind !== "delete" && (op.data as { expiresAt?: string | null }).expiresAt;
        if (!expiresAt) continue;
        expect(new Date(expiresAt).getTime(), step.title).toBeGreaterThan(now.getTime());
      }
    }
  });
});

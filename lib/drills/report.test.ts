// The drill report's figures, gaps and findings from a recorded timeline.
import { describe, expect, it } from "vitest";
import { buildReport, reportMarkdown, type DrillRow, type EventRow } from "./report";

const t0 = new Date("2026-12-03T12:00:00.000Z");
const at = (s: number) => new Date(t0.getTime() + s * 1000);
const A = "http://a:3000";
const B = "http://b:3000";

const drill = (over: Partial<DrillRow> = {}): DrillRow => ({
  id: "d1",
  number: 7,
  clientId: "c1",
  clientName: "ci-orders",
  reason: "",
  createdBy: "admin@perimeter.local",
  objectiveSeconds: 60,
  startedAt: t0,
  firstActionAt: at(20),
  containedAt: at(20.4),
  canaryJti: "jti",
  canaryExpiresAt: at(3600),
  instances: JSON.stringify([A, B]),
  blastRadius: JSON.stringify({ resources: 3, actions: 4, protected: 1, items: ["prod/orders-db: read"] }),
  ...over,
});

const ev = (s: number, kind: string, instance = "", detail = "{}"): EventRow => ({ at: at(s), kind, instance, message: kind, detail });
const timeline = [
  ev(0, "started"),
  ev(0.1, "canary.accepted", A),
  ev(0.1, "canary.accepted", B),
  ev(20, "action", "", JSON.stringify({ action: "suspend", by: "admin", revoked: 0, changeRequest: { id: "cr", number: 12 } })),
  ev(20.1, "canary.rejected", A),
  ev(20.4, "canary.rejected", B),
  ev(20.4, "contained"),
];
const nothingLeft = { resources: 0, actions: 0, protected: 0, liveCredentials: 1, liveTokens: 0, items: [] };

describe("buildReport", () => {
  it("measures from the declaration: first action, every instance rejecting, and the propagation between", () => {
    const r = buildReport(drill(), timeline, nothingLeft, at(30));
    expect(r.figures).toEqual({ timeToFirstActionMs: 20_000, timeToContainmentMs: 20_400, propagationMs: 400, objectiveMet: true });
    expect(r.instances.map((i) => [i.url, i.rejectedAfterMs])).toEqual([
      [A, 20_100],
      [B, 20_400],
    ]);
    expect(r.actions).toEqual([{ at: at(20).toISOString(), action: "suspend", by: "admin", changeRequest: { id: "cr", number: 12 }, revoked: 0 }]);
    expect(r.gaps).toEqual([]);
    expect(r.findings).toEqual([]);
  });

  it("raises a finding over the objective, and names what stayed reachable and which instance never rejected", () => {
    const slow = buildReport(drill({ containedAt: at(75) }), timeline, nothingLeft, at(80));
    expect(slow.findings).toEqual([{ severity: "high", message: "containment took 75.0 s, over the 60 s objective" }]);

    const partial = buildReport(
      drill({ containedAt: null }),
      timeline.filter((e) => !(e.kind === "canary.rejected" && e.instance === B)),
      { resources: 2, actions: 2, protected: 1, liveCredentials: 1, liveTokens: 0, items: ["prod/orders-db: read"] },
      at(90),
    );
    expect(partial.figures.timeToContainmentMs).toBeNull();
    expect(partial.findings.map((f) => f.severity)).toEqual(["critical", "high"]);
    expect(partial.gaps).toEqual([
      `${B} still accepted the canary (or could not be asked) when the drill completed`,
      "ci-orders could still reach 2 resources (1 protected) when the drill completed: prod/orders-db: read",
      "1 live credential could still mint new tokens",
    ]);
  });

  it("flags a rejection that came before any action", () => {
    const r = buildReport(drill({ firstActionAt: null }), timeline.filter((e) => e.kind !== "action"), nothingLeft, at(30));
    expect(r.gaps).toContain("no containment action was taken");
    expect(r.gaps).toContain(`${A} rejected the canary before any containment action: something else ended it`);
  });

  it("renders Markdown with the figures and the timeline in order", () => {
    const md = reportMarkdown(buildReport(drill(), timeline, nothingLeft, at(30)));
    expect(md).toContain("# Breach drill D-7: ci-orders");
    expect(md).toContain("| time until every instance rejected the canary | 20.4 s |");
    expect(md.indexOf("started")).toBeLessThan(md.indexOf("— contained"));
  });
});

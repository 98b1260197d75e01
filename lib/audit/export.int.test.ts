import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor, type Actor } from "../auth/permissions";
import { submitChange } from "../testing/submit-change";
import { transaction } from "../db/client";
import type { Provider } from "../db/provider";
import { createTestDatabase, providersUnderTest, type TestDatabase } from "../testing/databases";
import { appendAudit } from "./append";
import { csvCell, csvColumns, eventBatches, exportEvents } from "./export";
import { followEvents } from "./follow";
import { eventQuery } from "./queries/list-events";

async function text(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

/** Parses RFC 4180 CSV (quoted cells may hold commas, quotes and line breaks). */
function parseCsv(s: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") row.push(cell), (cell = "");
    else if (c === "\r" && s[i + 1] === "\n") row.push(cell), rows.push(row), (row = []), (cell = ""), i++;
    else cell += c;
  }
  if (cell || row.length) row.push(cell), rows.push(row);
  return rows;
}

describe.each(providersUnderTest)("audit export and follow on %s", (provider: Provider) => {
  let t: TestDatabase;
  const actor: Actor = { ...systemActor, label: "exporter@example.test" };

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    await submitChange(t.db, {
      actor,
      input: {
        title: "Bootstrap",
        operations: [
          { entity: "environment", kind: "create", id: "dev", data: { name: "dev" } },
          { entity: "domain", kind: "create", id: "pay", data: { name: "payments" } },
        ],
      },
    });
    // 4,500 events: more than two export batches
    for (let i = 0; i < 3; i++) {
      await transaction(t.db, (tx) =>
        appendAudit(
          tx,
          { id: null, label: i === 2 ? "=HYPERLINK(\"x\")" : "bulk@example.test" },
          Array.from({ length: 1_500 }, (_, j) => ({
            action: j % 3 === 0 ? ("resource.created" as const) : ("scope.created" as const),
            targetType: j % 3 === 0 ? "resource" : "scope",
            targetId: `t${i}-${j}`,
            targetName: j === 6 ? 'orders, "the big one"\nline two' : `thing-${i}-${j}`,
            after: { n: j },
          })),
        ),
      );
    }
  });
  afterAll(async () => t?.drop());

  it("streams CSV: a header, then one row per filtered event in sequence order", async () => {
    const filter = { type: "resource" };
    const expected = await t.db.auditEvent.count({ where: { targetType: "resource" } });
    expect(expected).toBe(1_500);
    const out = await exportEvents(t.db, { ...filter, format: "csv" }, new Date("2026-11-23T10:00:00Z"));
    expect(out.contentType).toMatch(/^text\/csv/);
    expect(out.filename).toBe("perimeter-audit-20261123T100000Z.csv");
    const rows = parseCsv(await text(out.stream));
    expect(rows[0]).toEqual([...csvColumns]);
    const body = rows.slice(1);
    expect(body).toHaveLength(expected);
    const seqs = body.map((r) => Number(r[0]));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(body.every((r) => r[csvColumns.indexOf("targetType")] === "resource" && r.length === csvColumns.length)).toBe(true);
    // a quoted cell with a comma, quotes and a line break survives; a formula is defused
    const tricky = body.find((r) => r[csvColumns.indexOf("targetName")]!.startsWith("orders"));
    expect(tricky?.[csvColumns.indexOf("targetName")]).toBe('orders, "the big one"\nline two');
    expect(body.some((r) => r[csvColumns.indexOf("actor")] === "'=HYPERLINK(\"x\")")).toBe(true);
    expect(JSON.parse(body[0]![csvColumns.indexOf("after")]!)).toEqual({ n: 0 });
  });

  it("streams NDJSON with as many lines as the filter matches, with change request numbers", async () => {
    const all = await exportEvents(t.db, { format: "ndjson" });
    const lines = (await text(all.stream)).trimEnd().split("\n");
    expect(lines).toHaveLength(await t.db.auditEvent.count());
    const first = JSON.parse(lines.find((l) => JSON.parse(l).changeRequest === 1)!);
    expect(first).toMatchObject({ changeRequest: 1, changeRequestId: expect.any(String), hash: expect.any(String) });

    const byCr = await exportEvents(t.db, { format: "ndjson", cr: "1" });
    const crLines = (await text(byCr.stream)).trimEnd().split("\n").map((l) => JSON.parse(l) as { action: string; changeRequest: number });
    expect(crLines.length).toBe(await t.db.auditEvent.count({ where: { changeRequestId: first.changeRequestId } }));
    expect(crLines.every((e) => e.changeRequest === 1)).toBe(true);
    expect(crLines.map((e) => e.action)).toContain("change.applied");

    const scoped = await exportEvents(t.db, { format: "ndjson", action: "scope.", after: "100" });
    const scopedLines = (await text(scoped.stream)).trimEnd().split("\n");
    expect(scopedLines).toHaveLength(await t.db.auditEvent.count({ where: { action: { startsWith: "scope." }, seq: { gt: 100 } } }));

    const none = await exportEvents(t.db, { format: "ndjson", cr: "999" });
    expect(await text(none.stream)).toBe("");
  });

  it("reads in keyset batches of at most 2,000 events", async () => {
    const sizes: number[] = [];
    for await (const b of eventBatches(t.db, await eventQuery(t.db, {}))) sizes.push(b.length);
    expect(Math.max(...sizes)).toBe(2_000);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(await t.db.auditEvent.count());
  });

  it("refuses an unknown format, naming the field", async () => {
    await expect(exportEvents(t.db, { format: "xml" })).rejects.toMatchObject({ code: "validation", fields: [{ field: "format" }] });
  });

  it("follows: existing events after ?after=, then new ones as they are appended, until cancelled", async () => {
    const head = (await t.db.catalogState.findUniqueOrThrow({ where: { id: 1 } })).auditSeq;
    const stream = await followEvents(t.db, { after: String(head - 2), maxSeconds: "30" }, { pollMs: 20 });
    const reader = stream.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    const nextLines = async (n: number) => {
      while (buffer.split("\n").length - 1 < n) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
      }
      const lines = buffer.split("\n");
      buffer = lines.slice(n).join("\n");
      return lines.slice(0, n).map((l) => JSON.parse(l) as { seq: number; action: string });
    };
    expect((await nextLines(2)).map((e) => e.seq)).toEqual([head - 1, head]);
    await transaction(t.db, (tx) => appendAudit(tx, actor, [{ action: "domain.updated", targetType: "domain", targetId: "pay" }]));
    expect(await nextLines(1)).toMatchObject([{ seq: head + 1, action: "domain.updated" }]);
    await reader.cancel();
  });

  it("follows until its maximum duration, then closes", async () => {
    let clock = 0;
    const stream = await followEvents(t.db, { after: "999999", maxSeconds: "1" }, { pollMs: 5, now: () => (clock += 100) });
    expect(await text(stream)).toBe("");
  });

  it("stops following when the client goes away", async () => {
    const abort = new AbortController();
    const stream = await followEvents(t.db, { after: "999999", maxSeconds: "60" }, { pollMs: 10_000, signal: abort.signal });
    const body = text(stream);
    setTimeout(() => abort.abort(), 50);
    const started = Date.now();
    expect(await body).toBe("");
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe("csvCell", () => {
  it("quotes what needs quoting and defuses formulas", () => {
    expect(csvCell(null)).toBe("");
    expect(csvCell(12)).toBe("12");
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell({ a: 1 })).toBe('"{""a"":1}"');
  });
});

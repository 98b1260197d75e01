// How plans, findings and assertions read in a terminal.
import type { AssertionResult } from "../ascode/assertions";
import type { NamedOp } from "../ascode/diff";
import type { CatalogPlan } from "../ascode/plan-catalog";
import type { Finding } from "../policy/findings";
import { plural, table } from "./output";

const show = (v: unknown): string => {
  if (v === null || v === undefined || v === "") return "(none)";
  if (typeof v === "object" && "$ref" in (v as object)) return (v as { $ref: [string, string] }).$ref[1];
  if (Array.isArray(v)) return `[${v.map(show).join(", ")}]`;
  return typeof v === "object" ? JSON.stringify(v) : String(v);
};

const sign = { create: "+", update: "~", delete: "-" } as const;

export function operationLines(ops: NamedOp[]): string[] {
  return ops.flatMap((op) => {
    const head = `  ${sign[op.kind]} ${op.kind} ${op.entity} ${op.key}`;
    if (op.kind !== "update") return [head];
    return [
      head,
      ...(op.changes ?? []).map((c) => {
        if (c.field === "scopes") {
          const from = new Set(c.from as string[]);
          const to = new Set(c.to as string[]);
          const added = [...to].filter((s) => !from.has(s)).map((s) => `+${s}`);
          const removed = [...from].filter((s) => !to.has(s)).map((s) => `-${s}`);
          return `      scopes: ${[...added, ...removed].join(" ")}`;
        }
        return `      ${c.field}: ${show(c.from)} -> ${show(c.to)}`;
      }),
    ];
  });
}

export function findingTable(findings: Finding[], all: boolean): string {
  if (!findings.length) return "Policy findings: none";
  const shown = all ? findings : findings.filter((f) => f.severity !== "low" || f.blocking);
  const hidden = findings.length - shown.length;
  // an assertion's paths are listed with the assertions; keep each finding to one readable line
  const short = (m: string) => (m.length > 160 ? `${m.slice(0, 159)}…` : m);
  const rows = shown.map((f) => [f.severity + (f.blocking ? " (blocking)" : ""), f.checkId, `${f.target.entity} ${f.target.name}`, short(f.message.replace(/ \(via .*\)$/, ""))]);
  return [`Policy findings: ${findings.length}${hidden ? ` (${hidden} low not shown; --all shows them)` : ""}`, table(["severity", "check", "object", "message"], rows)].filter(Boolean).join("\n");
}

export function assertionTable(results: AssertionResult[]): string {
  if (!results.length) return "Assertions: none";
  const lines = [`Assertions: ${results.filter((r) => r.pass).length}/${results.length} pass`, table(["result", "assertion", "severity", "detail"], results.map((r) => [r.pass ? "PASS" : "FAIL", r.name, r.severity, r.message]))];
  for (const r of results.filter((x) => !x.pass)) for (const p of r.paths.slice(0, 10)) lines.push(`  ${r.name}: ${p}`);
  return lines.join("\n");
}

export function planText(plan: CatalogPlan, all: boolean): string {
  const out: string[] = [];
  if (!plan.operations.length) out.push(`No changes: the catalog (version ${plan.catalogVersion}) matches the files.`);
  else {
    out.push(`Plan: ${plural(plan.operations.length, "operation")} against catalog version ${plan.catalogVersion}`);
    out.push(...operationLines(plan.operations));
  }
  const a = plan.analysis;
  if (a) {
    const d = a.delta;
    out.push("", `Reach delta: +${d.gained.length} grants for ${plural(d.clientsGaining, "client")}, -${d.lost.length} for ${plural(d.clientsLosing, "client")}`);
    const rows = [...d.gained.map((g) => ["+", g], ), ...d.lost.map((g) => ["-", g])] as ["+" | "-", (typeof d.gained)[number]][];
    if (rows.length) out.push(table(["", "client", "action", "resource"], rows.map(([s, g]) => [s, g.client, g.action, g.resource])));
    out.push("", `Risk: ${a.risk.level} (${a.risk.reasons.join("; ")})`);
    const r = a.requirement;
    out.push(r.autoApply ? "Approval: none needed, applied when opened" : `Approval: ${plural(r.approvals, "approval")}${r.ownerRequired ? ", one by an owner of an affected domain" : ""}`);
    out.push(findingTable(a.findings, all));
  }
  if (plan.assertions.length) out.push("", assertionTable(plan.assertions));
  for (const n of plan.notes) out.push(`Note: ${n}`);
  if (plan.unmanaged.length) out.push("", `${plural(plan.unmanaged.length, "object")} in the catalog but not in the files: kept (apply --prune deletes them)`);
  if (plan.operations.length) out.push("", `Plan hash: ${plan.planHash}`);
  return out.join("\n");
}

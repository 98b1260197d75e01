// The one write path, checked on the source: a new module that writes catalog
// tables directly, applies operations outside the gate, or borrows the test
// fixture fails here, whatever surface it serves. (The model-based test in
// ./workflow/workflow.model.int.test.ts checks the same promise on behaviour.)
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const dirs = ["app", "components", "lib", "scripts", "bench"];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (name === "generated" || name === "node_modules" || name.startsWith(".")) return [];
    if (statSync(p).isDirectory()) return sources(p);
    return /\.(ts|tsx|mjs)$/.test(name) && !/\.test\.ts$/.test(name) ? [p] : [];
  });
}

const files = dirs.flatMap((d) => sources(path.join(root, d))).map((p) => ({ rel: path.relative(root, p), text: readFileSync(p, "utf8") }));

const catalogWrite = /\.(domain|domainOwner|environment|resource|scope|profile|profileScope|profileVersion|client|binding|claimRule|credential|assertion)\.(create|createMany|update|updateMany|upsert|delete|deleteMany)\(/g;

/** Writes to catalog tables outside the entity handlers, each with its reason. */
const allowed: Record<string, string> = {
  "lib/oauth/service.ts": "credential.hash re-encoded on use (argon2id -> keyed hash of the same secret), not catalog state",
  "lib/seed/usage.ts": "credential.lastUsedAt: usage telemetry, not catalog state",
};

describe("the one write path", () => {
  it("writes catalog tables only in the entity handlers (lib/catalog/entities)", () => {
    const offenders = files
      .filter((f) => !f.rel.startsWith("lib/catalog/entities/") && !f.rel.startsWith("lib/testing/") && !(f.rel in allowed))
      .flatMap((f) => [...f.text.matchAll(catalogWrite)].map((m) => `${f.rel}: ${m[0]}`));
    expect(offenders).toEqual([]);
    for (const [file, why] of Object.entries(allowed)) {
      const writes = [...(files.find((f) => f.rel === file)?.text.matchAll(catalogWrite) ?? [])].map((m) => m[0]);
      expect(writes.every((w) => w.startsWith(".credential.update")), `${file}: ${why}`).toBe(true);
    }
  });

  it("applies operations only in the analysis (rolled back) and behind the approval gate", () => {
    const users = files.filter((f) => /\bapplyOperations\(/.test(f.text)).map((f) => f.rel);
    expect(users.sort()).toEqual(["lib/changes/apply-operations.ts", "lib/changes/workflow/analyze.ts", "lib/changes/workflow/apply-change.ts"]);
    const appliers = files.filter((f) => /\bapplyRecorded\(/.test(f.text)).map((f) => f.rel);
    expect(appliers.sort()).toEqual(["lib/changes/workflow/apply-change.ts", "lib/changes/workflow/expire-changes.ts"]);
    const gate = files.find((f) => f.rel === "lib/changes/workflow/apply-change.ts")!.text;
    expect(gate.indexOf("checkGate(")).toBeLessThan(gate.indexOf("applyOperations("));
  });

  it("keeps the test fixtures out of the product", () => {
    const offenders = files.filter((f) => !f.rel.startsWith("lib/testing/") && !f.rel.startsWith("bench/") && /from ["'][^"']*\/testing\//.test(f.text)).map((f) => f.rel);
    expect(offenders).toEqual([]);
  });
});

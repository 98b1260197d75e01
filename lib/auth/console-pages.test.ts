// Every console page checks the session itself, first, before it reads any
// data: Next renders a layout and its page concurrently, so the layout's check
// alone does not stop a page's loader from running (or, with a revoked session,
// from reading). This walks app/(console) and fails for a page that forgets.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const consoleDir = path.resolve(import.meta.dirname, "../../app/(console)");

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return routeFiles(p);
    return /^(page|layout)\.tsx$/.test(e.name) ? [p] : [];
  });
}

const isRequireActorCall = (e: ts.Expression | undefined) =>
  !!e && ts.isAwaitExpression(e) && ts.isCallExpression(e.expression) && ts.isIdentifier(e.expression.expression) && e.expression.expression.text === "requireActor";

function startsWithRequireActor(body: ts.Block | undefined): boolean {
  const first = body?.statements[0];
  if (!first) return false;
  if (ts.isExpressionStatement(first)) return isRequireActorCall(first.expression);
  if (ts.isVariableStatement(first)) {
    const decls = first.declarationList.declarations;
    return decls.length === 1 && isRequireActorCall(decls[0]!.initializer);
  }
  return false;
}

const exported = (n: ts.Node) => ts.canHaveModifiers(n) && !!ts.getModifiers(n)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

/** What is wrong with a console route file's session check; empty when nothing is. */
function sessionCheckProblems(source: string, file = "page.tsx"): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const problems: string[] = [];
  let hasDefault = false;
  for (const node of sf.statements) {
    if (ts.isExportAssignment(node)) problems.push("export the page as `export default async function …` so its session check can be seen");
    if (!exported(node)) continue;
    if (ts.isFunctionDeclaration(node)) {
      const name = ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword) ? "default" : (node.name?.text ?? "?");
      if (name === "default") hasDefault = true;
      if (!startsWithRequireActor(node.body)) problems.push(`${name}: the first statement must be \`await requireActor()\` (or \`const actor = await requireActor()\`)`);
    } else if (ts.isVariableStatement(node)) {
      for (const d of node.declarationList.declarations) {
        if (d.initializer && (ts.isArrowFunction(d.initializer) || ts.isFunctionExpression(d.initializer))) {
          problems.push(`${d.name.getText(sf)}: write exported loaders as function declarations that start with \`await requireActor()\``);
        }
      }
    }
  }
  if (!hasDefault) problems.push("no `export default async function` found");
  if (/\bgetSessionActor\b/.test(source)) problems.push("use requireActor(), not getSessionActor(), in console pages");
  return problems;
}

describe("console pages check the session where they read data", () => {
  const files = routeFiles(consoleDir);

  it("finds the console's pages", () => {
    expect(files.length).toBeGreaterThan(25);
  });

  it.each(files.map((f) => [path.relative(consoleDir, f), f]))("%s starts with requireActor()", (_name, file) => {
    expect(sessionCheckProblems(readFileSync(file, "utf8"), file)).toEqual([]);
  });

  it("flags a page that reads data first, checks the actor late, or relies on the layout", () => {
    expect(sessionCheckProblems(`export default async function P() { const rows = await list(db()); return rows; }`)).toHaveLength(1);
    expect(sessionCheckProblems(`export default async function P() { const rows = await list(db()); await requireActor(); return rows; }`)).toHaveLength(1);
    expect(sessionCheckProblems(`export async function generateMetadata() { return { title: (await get(db())).name }; }\nexport default async function P() { await requireActor(); }`)).toHaveLength(1);
    expect(sessionCheckProblems(`const P = async () => { await requireActor(); };\nexport default P;`)).not.toEqual([]);
    expect(sessionCheckProblems(`export default async function P() { const actor = await getSessionActor(); }`)).not.toEqual([]);
    expect(sessionCheckProblems(`export default async function P() { const actor = await requireActor(); return list(db(), actor); }`)).toEqual([]);
  });
});

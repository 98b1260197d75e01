// perimeter export [--out DIR]: the live catalog as YAML files.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { stateToFiles } from "../../ascode/files";
import type { CatalogState } from "../../ascode/format";
import { call, connection } from "../api";
import { printJson, say, table, type Format } from "../output";

export async function exportCommand(opts: { out: string; url?: string; token?: string; output: Format }): Promise<number> {
  const conn = connection(opts);
  const { body } = await call<{ catalogVersion: number; state: CatalogState }>(conn, "GET", "/api/v1/catalog-files");
  const files = stateToFiles(body.state);
  mkdirSync(path.join(opts.out, "domains"), { recursive: true });
  // a domain that no longer exists leaves no file behind
  const removed: string[] = [];
  for (const name of readdirSync(path.join(opts.out, "domains"))) {
    const rel = `domains/${name}`;
    if (/\.ya?ml$/.test(name) && !files.has(rel)) {
      rmSync(path.join(opts.out, rel));
      removed.push(rel);
    }
  }
  if (!files.has("assertions.yaml")) rmSync(path.join(opts.out, "assertions.yaml"), { force: true });
  for (const [rel, text] of files) writeFileSync(path.join(opts.out, rel), text);
  if (opts.output === "json") {
    printJson({ catalogVersion: body.catalogVersion, out: opts.out, files: [...files.keys()], removed });
    return 0;
  }
  say(`Exported catalog version ${body.catalogVersion} from ${conn.url} to ${opts.out}/`);
  say(table(["file", "bytes"], [...files].map(([rel, text]) => [rel, String(Buffer.byteLength(text))])));
  if (removed.length) say(`Removed ${removed.join(", ")} (no longer in the catalog)`);
  return 0;
}

// Reads a catalog directory: every .yaml / .yml file under it, by relative path.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { filesToState, type FileError } from "../ascode/files";
import type { CatalogState } from "../ascode/format";
import { CliError } from "./errors";

export function readCatalogDir(dir: string): Map<string, string> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new CliError(`${dir} is not a directory`);
  const files = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      if (name.startsWith(".")) continue;
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(name)) files.set(path.relative(dir, p).split(path.sep).join("/"), readFileSync(p, "utf8"));
    }
  };
  walk(dir);
  if (!files.size) throw new CliError(`${dir} holds no .yaml files (perimeter export --out ${dir} writes the live catalog there)`);
  return files;
}

/** The directory's merged state; schema errors (per file and path) fail with exit 1. */
export function loadState(dir: string): { state: CatalogState; files: number } {
  const files = readCatalogDir(dir);
  const { state, errors } = filesToState(files);
  if (errors.length) throw new CliError(`${errors.length} schema error${errors.length === 1 ? "" : "s"} in ${dir}`, errors.map(formatFileError));
  return { state, files: files.size };
}

export const formatFileError = (e: FileError) => `${e.file}${e.path ? ` ${e.path}` : ""}: ${e.message}`;

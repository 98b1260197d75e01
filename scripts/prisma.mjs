#!/usr/bin/env node
// Prisma tooling for two providers from one model file (prisma/models.prisma).
//   schema         write prisma/<provider>/schema.prisma
//   generate       schema + `prisma generate` for both providers
//   new-migration  author a migration per provider by diffing the schema as of
//                  the last migration (snapshot) against the current one; no
//                  shadow database needed (see ../shared/TOOLCHAIN.md)
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const providers = ["sqlite", "postgres"];

const header = (provider) => `// Generated from prisma/models.prisma by \`npm run db:schema\`. Do not edit.
generator client {
  provider               = "prisma-client"
  output                 = "../../lib/db/generated/${provider}"
  engineType             = "client"
  runtime                = "nodejs"
  moduleFormat           = "esm"
  generatedFileExtension = "ts"
  importFileExtension    = ""
}

datasource db {
  provider = "${provider === "sqlite" ? "sqlite" : "postgresql"}"
  url      = "${provider === "sqlite" ? "file:../../data/prisma-cli.db" : "postgresql://localhost:5432/perimeter"}"
}

`;

export function schemaText(provider) {
  return header(provider) + readFileSync(path.join(root, "prisma/models.prisma"), "utf8");
}

export function schemaPath(provider) {
  return path.join(root, "prisma", provider, "schema.prisma");
}

function writeSchemas() {
  for (const p of providers) {
    mkdirSync(path.dirname(schemaPath(p)), { recursive: true });
    writeFileSync(schemaPath(p), schemaText(p));
  }
}

function prisma(args, opts = {}) {
  return execFileSync(path.join(root, "node_modules/.bin/prisma"), args, {
    cwd: root,
    encoding: "utf8",
    stdio: opts.capture ? ["ignore", "pipe", "inherit"] : "inherit",
    env: { ...process.env, PRISMA_PROVIDER: opts.provider ?? "sqlite", PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" },
  });
}

// SQL that takes a database from `fromSchema` (a schema file; empty when
// omitted) to `toSchema` (the provider's generated schema unless given).
export function diffScript(provider, fromSchema, toSchema = schemaPath(provider)) {
  const from = fromSchema ? ["--from-schema-datamodel", fromSchema] : ["--from-empty"];
  return prisma(["migrate", "diff", ...from, "--to-schema-datamodel", toSchema, "--script"], {
    capture: true,
    provider,
  });
}

function newMigration(name) {
  if (!/^[a-z0-9_]+$/.test(name ?? "")) throw new Error("usage: new-migration <snake_case_name>");
  writeSchemas();
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  for (const p of providers) {
    const dir = path.join(root, "prisma", p, "migrations");
    const snapshot = path.join(dir, "schema.snapshot.prisma");
    const sql = diffScript(p, existsSync(snapshot) ? snapshot : undefined);
    if (!sql.trim() || /empty migration/i.test(sql)) {
      console.log(`${p}: no changes`);
      continue;
    }
    mkdirSync(path.join(dir, `${stamp}_${name}`), { recursive: true });
    writeFileSync(path.join(dir, `${stamp}_${name}`, "migration.sql"), sql);
    writeFileSync(snapshot, schemaText(p));
    console.log(`${p}: wrote migrations/${stamp}_${name}/migration.sql`);
  }
}

const command = process.argv[2];
if (import.meta.url === `file://${process.argv[1]}`) {
  if (command === "schema") writeSchemas();
  else if (command === "generate") {
    writeSchemas();
    for (const p of providers) prisma(["generate"], { provider: p });
  } else if (command === "new-migration") newMigration(process.argv[3]);
  else {
    console.error("usage: node scripts/prisma.mjs schema|generate|new-migration <name>");
    process.exit(2);
  }
}

// Prisma CLI configuration. Prisma 6.19 with the WebAssembly schema engine and
// driver adapters: nothing is downloaded (see ../shared/TOOLCHAIN.md).
// PRISMA_PROVIDER=postgres selects the PostgreSQL schema; SQLite otherwise.
// The CLI is only used offline here (generate, migrate diff); migrations are
// applied by lib/db/migrate.ts.
import path from "node:path";
import { defineConfig } from "prisma/config";

const provider = process.env.PRISMA_PROVIDER === "postgres" ? "postgres" : "sqlite";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", provider, "schema.prisma"),
  migrations: { path: path.join("prisma", provider, "migrations") },
  async adapter() {
    if (provider === "postgres") {
      const { PrismaPg } = await import("@prisma/adapter-pg");
      // Only offline commands (generate, migrate diff) run here; a pool that
      // closes idle connections quickly lets the CLI exit at once.
      const configured = process.env.DATABASE_URL;
      const url = new URL(configured?.startsWith("postgres") ? configured : "postgresql://postgres@127.0.0.1:5432/postgres");
      return new PrismaPg({
        host: url.hostname,
        port: Number(url.port || 5432),
        database: url.pathname.slice(1),
        user: decodeURIComponent(url.username),
        password: decodeURIComponent(url.password),
        idleTimeoutMillis: 100,
      });
    }
    const { PrismaBetterSQLite3 } = await import("@prisma/adapter-better-sqlite3");
    return new PrismaBetterSQLite3({ url: "file::memory:" });
  },
});

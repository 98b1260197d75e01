export type Provider = "sqlite" | "postgres";

export function providerOf(url: string): Provider {
  return url.startsWith("file:") ? "sqlite" : "postgres";
}

/** "file:./data/perimeter.db" -> "./data/perimeter.db" */
export function sqlitePath(url: string): string {
  return url.replace(/^file:/, "").replace(/\?.*$/, "");
}

/** The provider behind a Prisma client or transaction (both generated clients record it). */
export function providerOfDb(db: object): Provider {
  const active = (db as { _activeProvider?: string })._activeProvider;
  if (active === "postgresql" || active === "postgres") return "postgres";
  if (active === "sqlite") return "sqlite";
  throw new Error(`cannot tell the database provider of this client (${String(active)})`);
}

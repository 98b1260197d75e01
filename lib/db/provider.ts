export type Provider = "sqlite" | "postgres";

export function providerOf(url: string): Provider {
  return url.startsWith("file:") ? "sqlite" : "postgres";
}

/** "file:./data/perimeter.db" -> "./data/perimeter.db" */
export function sqlitePath(url: string): string {
  return url.replace(/^file:/, "").replace(/\?.*$/, "");
}

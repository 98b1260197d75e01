// Types for scripts/prisma.mjs (plain JavaScript so it runs at postinstall without a compiler).
export type Provider = "sqlite" | "postgres";
export const providers: Provider[];
export function schemaText(provider: Provider): string;
export function schemaPath(provider: Provider): string;
export function diffScript(provider: Provider, fromSchema?: string, toSchema?: string): string;

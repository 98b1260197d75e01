// The graph view's query parameters: one schema for the API (parsing) and the
// page (building deep links). Lists are comma-separated.
import { z } from "zod";
import { validationError } from "../errors";
import { text } from "../validation/text";

const name = text().trim().max(100, "must be at most 100 characters").optional();
const list = text()
  .max(4000, "is too long")
  .optional()
  .transform((v) => (v ? [...new Set(v.split(",").map((x) => x.trim()).filter(Boolean))].slice(0, 200) : []));

/** An instant: ISO 8601 (with or without an offset; without one it is UTC). */
export const instant = text()
  .trim()
  .max(40)
  .refine((v) => !Number.isNaN(Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v : `${v}Z`)), "must be an ISO 8601 date-time, e.g. 2026-03-10T03:12:00Z")
  .transform((v) => new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v : `${v}Z`));

export const graphParams = z
  .object({
    env: name,
    domain: name,
    clientKind: name,
    resourceKind: name,
    action: name,
    focus: text().trim().max(200).optional(),
    depth: z.coerce.number().int().min(1, "must be 1 to 3").max(3, "must be 1 to 3").optional(),
    expand: list,
    collapse: list,
    open: list,
    aggregate: z.enum(["auto", "on", "off"]).default("auto"),
    budget: z.coerce.number().int().min(20, "must be at least 20").max(50_000, "must be at most 50000").optional(),
    at: instant.optional(),
    change: text()
      .trim()
      .regex(/^(CR-)?\d{1,9}$/i, "must be a change request number, e.g. 12 or CR-12")
      .transform((v) => Number(v.replace(/^CR-/i, "")))
      .optional(),
  })
  .refine((p) => !(p.at && p.change), { path: ["change"], message: "cannot be combined with at (a pending change applies to the current catalog)" });

export type GraphParams = z.output<typeof graphParams>;

export function parseGraphParams(search: URLSearchParams): GraphParams {
  const raw = Object.fromEntries([...search.entries()].filter(([, v]) => v !== ""));
  const parsed = graphParams.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error.issues);
  return parsed.data;
}

export const canParams = z.object({
  client: text().trim().min(1, "is required: a client id or name").max(200),
  resource: text().trim().min(1, "is required: a resource id or environment/name, e.g. prod/orders-db").max(200),
  action: text().trim().min(1, "is required, e.g. write").max(64),
  at: instant.optional(),
});

export const blastParams = z.object({
  client: text().trim().min(1, "is required: a client id or name").max(200),
  at: instant.optional(),
});

export const reachParams = z.object({
  resource: text().trim().min(1, "is required: a resource id or environment/name, e.g. prod/orders-db").max(200),
  action: text().trim().max(64).optional(),
  at: instant.optional(),
});

/** Emergency action on a client from the graph (admins). */
export const graphIncidentInput = z.object({
  action: z.enum(["suspend", "revokeCredentials", "revokeTokens"]),
  clientId: text().trim().min(1, "is required").max(200),
  reason: text().trim().max(500).optional(),
});

export const searchParams = z.object({
  q: text().trim().max(100, "must be at most 100 characters").default(""),
  limit: z.coerce.number().int().min(1).max(50).default(12),
  at: instant.optional(),
});

export function parseWith<T extends z.ZodType>(schema: T, search: URLSearchParams): z.output<T> {
  const parsed = schema.safeParse(Object.fromEntries([...search.entries()].filter(([, v]) => v !== "")));
  if (!parsed.success) throw validationError(parsed.error.issues);
  return parsed.data;
}

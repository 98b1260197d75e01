// A change request's operations: parsed with the catalog's own schemas, so
// every field error names its path (operations.2.data.environmentId).
import { z } from "zod";
import { catalogEntities, type CatalogEntity } from "../audit/actions";
import * as s from "../catalog/schemas";
import { AppError, validationError } from "../errors";
import { text } from "../validation/text";
import { assertionCreate, assertionUpdate } from "../catalog/entities/assertion";

export const entitySchemas: Record<CatalogEntity, { create: z.ZodType; update: z.ZodType }> = {
  domain: { create: s.domainCreate, update: s.domainUpdate },
  environment: { create: s.environmentCreate, update: s.environmentUpdate },
  resource: { create: s.resourceCreate, update: s.resourceUpdate },
  scope: { create: s.scopeCreate, update: s.scopeUpdate },
  profile: { create: s.profileCreate, update: s.profileUpdate },
  client: { create: s.clientCreate, update: s.clientUpdate },
  binding: { create: s.bindingCreate, update: s.bindingUpdate },
  claimRule: { create: s.claimRuleCreate, update: s.claimRuleUpdate },
  credential: { create: s.credentialCreate, update: s.credentialUpdate },
  assertion: { create: assertionCreate, update: assertionUpdate },
};

const envelope = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("create"), entity: z.enum(catalogEntities), id: s.id.optional(), data: z.unknown() }),
  z.object({ kind: z.literal("update"), entity: z.enum(catalogEntities), id: s.id, data: z.unknown() }),
  z.object({ kind: z.literal("delete"), entity: z.enum(catalogEntities), id: s.id }),
]);

export const changeInput = z.object({
  title: text().trim().min(3, "must be at least 3 characters").max(200),
  reason: text().trim().max(2000).default(""),
  operations: z.array(envelope).min(1, "a change needs at least one operation").max(1000),
  /** a temporary change: its inverse is applied automatically at this time */
  expiresAt: z.iso
    .datetime({ offset: true, message: "must be an ISO 8601 date-time" })
    .transform((v) => new Date(v))
    .optional(),
  /** apply at once under the emergency rule (admins), and review after the fact */
  emergency: z.boolean().optional(),
});

export type ChangeInput = z.input<typeof changeInput>;
export type OperationInput = z.input<typeof envelope>;

export type ParsedOperation =
  | { kind: "create"; entity: CatalogEntity; id?: string; data: unknown }
  | { kind: "update"; entity: CatalogEntity; id: string; data: unknown }
  | { kind: "delete"; entity: CatalogEntity; id: string };

export type ParsedChange = { title: string; reason: string; operations: ParsedOperation[]; expiresAt?: Date; emergency?: boolean };

export function parseChange(input: unknown): ParsedChange {
  const outer = changeInput.safeParse(input);
  if (!outer.success) throw validationError(outer.error.issues);
  const operations = outer.data.operations.map((op, i): ParsedOperation => {
    if (op.kind === "delete") return op;
    const schema = entitySchemas[op.entity][op.kind];
    // an absent data is an empty one; null, a list or a scalar is a mistake, never "no fields"
    if (op.data !== undefined && (op.data === null || typeof op.data !== "object" || Array.isArray(op.data)))
      throw AppError.field(`operations.${i}.data`, op.kind === "update" ? "must be an object with the fields to change" : "must be an object with the fields to create");
    const data = schema.safeParse(op.data ?? {});
    if (!data.success) throw validationError(data.error.issues, `operations.${i}.data`);
    return { ...op, data: data.data };
  });
  return { ...outer.data, operations };
}

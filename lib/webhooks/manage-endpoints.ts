// Webhook endpoints: managed by admins in Settings. The signing secret is
// generated here and returned once, at creation; it is stored in clear because
// every delivery is signed with it, and it never appears in lists, pages or
// audit events. Each write is audited in its own transaction.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { appendAudit } from "../audit/append";
import { can, type Actor } from "../auth/permissions";
import { transaction, type Db } from "../db/client";
import { AppError, validationError } from "../errors";
import { parseEvents } from "./enqueue";
import { webhookEvents, type WebhookEvent } from "./events";
import { text } from "../validation/text";

const urlField = text()
  .trim()
  .max(2000, "must be at most 2000 characters")
  // storable-scan: the string was text() before the pipe
  .pipe(z.url({ protocol: /^https?$/, message: "must be an http:// or https:// URL" }))
  .refine((u) => {
    const parsed = new URL(u);
    return !parsed.username && !parsed.password;
  }, "must not contain a user name or password: deliveries are authenticated by their signature");

const eventsField = z
  .array(z.enum(webhookEvents, { message: `must be one of ${webhookEvents.join(", ")}` }), { message: "must be a list of events" })
  .min(1, "choose at least one event")
  .transform((events) => webhookEvents.filter((e) => events.includes(e)));

export const webhookFormats = ["json", "slack"] as const;
const formatField = z.enum(webhookFormats, { message: "must be json or slack" });

export const webhookEndpointInput = z.object({
  name: text().trim().min(3, "must be at least 3 characters").max(60, "must be at most 60 characters"),
  url: urlField,
  events: eventsField,
  /** json: the generic signed envelope; slack: a Slack incoming-webhook message */
  format: formatField.default("json"),
});

export const webhookEndpointUpdate = z.object({
  id: text().min(1, "is required"),
  active: z.boolean().optional(),
  url: urlField.optional(),
  events: eventsField.optional(),
  format: formatField.optional(),
});

function requireAdmin(actor: Actor) {
  if (!can(actor, "settings.manage")) throw new AppError("forbidden", "only admins manage webhooks");
}

const newWebhookSecret = () => `whsec_${randomBytes(32).toString("base64url")}`;

/** What lists, pages and audit events may show: everything but the secret. */
function publicView(row: { id: string; name: string; url: string; events: string; format: string; active: boolean; createdAt: Date; updatedAt: Date }) {
  return { id: row.id, name: row.name, url: row.url, events: parseEvents(row.events) as WebhookEvent[], format: row.format, active: row.active, createdAt: row.createdAt, updatedAt: row.updatedAt };
}

const auditView = (e: ReturnType<typeof publicView>) => ({ name: e.name, url: e.url, events: e.events, format: e.format, active: e.active });

const isUniqueViolation = (e: unknown) => (e as { code?: string } | null)?.code === "P2002";

export async function createWebhookEndpoint(client: Db, { actor, input, now = new Date() }: { actor: Actor; input: unknown; now?: Date }) {
  requireAdmin(actor);
  const parsed = webhookEndpointInput.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const { name, url, events, format } = parsed.data;
  const secret = newWebhookSecret();
  try {
    const endpoint = await transaction(client, async (tx) => {
      if (await tx.webhookEndpoint.findUnique({ where: { name }, select: { id: true } })) throw AppError.field("name", "already taken");
      const row = publicView(await tx.webhookEndpoint.create({ data: { name, url, events: JSON.stringify(events), format, secret, createdAt: now, updatedAt: now } }));
      await appendAudit(tx, actor, [{ action: "webhook.created", targetType: "webhook", targetId: row.id, targetName: row.name, after: auditView(row) }], now);
      return row;
    });
    return { ...endpoint, secret };
  } catch (e) {
    if (isUniqueViolation(e)) throw AppError.field("name", "already taken");
    throw e;
  }
}

export async function updateWebhookEndpoint(client: Db, { actor, input, now = new Date() }: { actor: Actor; input: unknown; now?: Date }) {
  requireAdmin(actor);
  const parsed = webhookEndpointUpdate.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const { id, active, url, events, format } = parsed.data;
  return transaction(client, async (tx) => {
    const existing = await tx.webhookEndpoint.findUnique({ where: { id } });
    if (!existing) throw new AppError("not_found", "no webhook with this id");
    const before = publicView(existing);
    const data = {
      ...(active === undefined ? {} : { active }),
      ...(url === undefined ? {} : { url }),
      ...(events === undefined ? {} : { events: JSON.stringify(events) }),
      ...(format === undefined ? {} : { format }),
    };
    const after = publicView(await tx.webhookEndpoint.update({ where: { id }, data: { ...data, updatedAt: now } }));
    if (JSON.stringify(auditView(before)) !== JSON.stringify(auditView(after))) {
      await appendAudit(tx, actor, [{ action: "webhook.updated", targetType: "webhook", targetId: id, targetName: after.name, before: auditView(before), after: auditView(after) }], now);
    }
    return after;
  });
}

export async function deleteWebhookEndpoint(client: Db, { actor, id, now = new Date() }: { actor: Actor; id: string; now?: Date }) {
  requireAdmin(actor);
  return transaction(client, async (tx) => {
    const existing = await tx.webhookEndpoint.findUnique({ where: { id } });
    if (!existing) throw new AppError("not_found", "no webhook with this id");
    // its deliveries (and their log) go with it (onDelete: Cascade)
    await tx.webhookEndpoint.delete({ where: { id } });
    await appendAudit(tx, actor, [{ action: "webhook.deleted", targetType: "webhook", targetId: id, targetName: existing.name, before: auditView(publicView(existing)) }], now);
    return { id };
  });
}

export async function listWebhookEndpoints(client: Db, { actor }: { actor: Actor }) {
  requireAdmin(actor);
  const rows = await client.webhookEndpoint.findMany({
    orderBy: { name: "asc" },
    select: { id: true, name: true, url: true, events: true, format: true, active: true, createdAt: true, updatedAt: true },
  });
  const failed = await client.webhookDelivery.groupBy({ by: ["endpointId"], where: { status: "failed" }, _count: { _all: true } });
  const failedBy = new Map(failed.map((f) => [f.endpointId, f._count._all]));
  return rows.map((r) => ({ ...publicView(r), failedDeliveries: failedBy.get(r.id) ?? 0 }));
}

/** Recent deliveries, newest first; of one endpoint when `endpointId` is given. */
export async function listWebhookDeliveries(client: Db, { actor, endpointId, limit = 50 }: { actor: Actor; endpointId?: string; limit?: number }) {
  requireAdmin(actor);
  return client.webhookDelivery.findMany({
    where: endpointId ? { endpointId } : {},
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(Math.max(1, Math.floor(limit)), 500),
    select: {
      id: true,
      event: true,
      status: true,
      attempts: true,
      lastStatusCode: true,
      lastError: true,
      nextAttemptAt: true,
      createdAt: true,
      deliveredAt: true,
      endpoint: { select: { id: true, name: true } },
    },
  });
}

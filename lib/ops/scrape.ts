// GET /metrics: the registry in Prometheus text format, for a scraper that
// presents PERIMETER_METRICS_TOKEN or an API token as a bearer token. Gauges
// read from the database (change requests by status, the audit head) are
// refreshed at scrape time, so they cost nothing between scrapes.
import { timingSafeEqual, createHash } from "node:crypto";
import type { Db } from "../db/client";
import { apiTokenActor } from "../oauth/endpoints";
import type { TokenService } from "../oauth/service";
import { metrics } from "./metrics";

const digest = (s: string) => createHash("sha256").update(s).digest();

/** Whether the Authorization header allows a scrape. */
export async function mayScrape(svc: TokenService, metricsToken: string | undefined, authorization: string | undefined): Promise<boolean> {
  const bearer = authorization && /^bearer /i.test(authorization) ? authorization.slice(7).trim() : "";
  if (!bearer) return false;
  // equal-length digests: the comparison takes the same time whatever was sent
  if (metricsToken && timingSafeEqual(digest(bearer), digest(metricsToken))) return true;
  return (await apiTokenActor(svc, bearer)) !== null;
}

async function refreshFromDatabase(db: Db): Promise<void> {
  const m = metrics();
  const [byStatus, state] = await Promise.all([db.changeRequest.groupBy({ by: ["status"], _count: { _all: true } }), db.catalogState.findUnique({ where: { id: 1 } })]);
  m.changeRequests.reset();
  for (const row of byStatus) m.changeRequests.set({ status: row.status }, row._count._all);
  m.auditHead.set(state?.auditSeq ?? 0);
}

/** The exposition text, and its content type. */
export async function scrape(db: Db): Promise<{ body: string; contentType: string }> {
  const m = metrics();
  // a database that does not answer leaves those gauges as they were: the scrape still shows the rest
  await refreshFromDatabase(db).catch(() => {});
  return { body: await m.registry.metrics(), contentType: m.registry.contentType };
}

// Helpers for the REST API suite: HTTP clients for an admin session and for
// API tokens, and small typed reads. No browser: APIRequestContext only.
import { expect, request, type APIRequestContext, type APIResponse } from "@playwright/test";
import { storageState, uniqueName } from "../helpers";

export type Problem = { type: string; title: string; status: number; detail: string; errors?: { field: string; message: string }[] };
export type ChangeRef = { id: string; number: number; title: string; status: string; risk: string };
export type WriteResult = {
  changeRequest: ChangeRef;
  result: { entity: string; kind: string; id: string; name: string; secret?: string };
  findings: unknown[];
  reach: { gained: number; lost: number; clientsGaining: number; clientsLosing: number };
};
export type Page<T> = { items: T[]; total: number; nextCursor: string | null };
export type Minted = { id: string; name: string; access: "read" | "write"; prefix: string; token: string };

/** The admin's console session, signed in by the setup project. */
export function adminSession(baseURL: string | undefined): Promise<APIRequestContext> {
  return request.newContext({ baseURL, storageState: storageState("admin") });
}

/** A caller with no session: with `token`, an API client sending it as a bearer token. */
export function apiClient(baseURL: string | undefined, token?: string): Promise<APIRequestContext> {
  return request.newContext({ baseURL, extraHTTPHeaders: token ? { authorization: `Bearer ${token}` } : {} });
}

export async function mintToken(admin: APIRequestContext, access: "read" | "write"): Promise<Minted> {
  const res = await admin.post("/api/v1/api-tokens", { data: { name: uniqueName(`e2e-api-${access}`), access, expiresInDays: 1 } });
  expect(res.status(), await res.text()).toBe(201);
  const minted = (await res.json()) as Minted;
  expect(minted.token).toMatch(/^pmt_api_/);
  return minted;
}

export async function refs(api: APIRequestContext) {
  const res = await api.get("/api/v1/refs");
  expect(res.status()).toBe(200);
  const body = (await res.json()) as { environments: { id: string; name: string }[]; domains: { id: string; name: string }[] };
  return { dev: body.environments.find((e) => e.name === "dev")!.id, platform: body.domains.find((d) => d.name === "platform")!.id };
}

/**
 * A write's answer: the expected status, and always the change request that
 * made it: applied at once (low risk in dev), or open when it needs approval.
 */
export async function written(res: APIResponse, status = 201, state: "applied" | "open" = "applied"): Promise<WriteResult> {
  expect(res.status(), await res.text()).toBe(status);
  const body = (await res.json()) as WriteResult;
  expect(body.changeRequest).toMatchObject({ number: expect.any(Number), status: state });
  expect(body.result.id).toBeTruthy();
  expect(Array.isArray(body.findings)).toBe(true);
  return body;
}

export async function problem(res: APIResponse, status: number): Promise<Problem> {
  expect(res.status(), await res.text()).toBe(status);
  expect(res.headers()["content-type"]).toContain("application/problem+json");
  const body = (await res.json()) as Problem;
  expect(body.status).toBe(status);
  return body;
}

export async function total(api: APIRequestContext, path: string): Promise<number> {
  const res = await api.get(path);
  expect(res.status()).toBe(200);
  return ((await res.json()) as Page<unknown>).total;
}

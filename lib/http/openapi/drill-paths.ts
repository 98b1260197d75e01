// Paths of breach drills and the automated revocation policies.
import { z } from "zod";
import { drillActionInput } from "../../drills/act";
import { drillPolicySchema } from "../../drills/settings";
import { startDrillInput } from "../../drills/start-drill";
import { revocationPoliciesSchema } from "../../revocation/settings";
import { body, errors, idParam, inputSchema, json, readErrors, type Paths } from "./tools";

// The answers' shapes (lib/drills/queries.ts, act.ts; lib/revocation/run.ts). Objects list the
// members a client may rely on; more may be added.
const instant = { type: ["string", "null"], format: "date-time" };
const drillFields = {
  id: { type: "string" },
  number: { type: "integer" },
  clientId: { type: "string" },
  clientName: { type: "string" },
  status: { enum: ["scheduled", "running", "contained", "completed", "cancelled"] },
  reason: { type: "string" },
  scheduledFor: instant,
  startedAt: instant,
  firstActionAt: instant,
  containedAt: instant,
  completedAt: instant,
  objectiveSeconds: { type: "integer" },
};
const drillRequired = ["id", "number", "clientId", "clientName", "status", "objectiveSeconds"];
const drillSummary = {
  type: "object",
  required: [...drillRequired, "findings"],
  properties: {
    ...drillFields,
    figures: { type: ["object", "null"], properties: { timeToFirstActionMs: { type: ["number", "null"] }, timeToContainmentMs: { type: ["number", "null"] }, propagationMs: { type: ["number", "null"] }, objectiveMet: { type: "boolean" } } },
    findings: { type: "array", items: { type: "object", required: ["severity", "message"], properties: { severity: { type: "string" }, message: { type: "string" } } } },
    gaps: { type: "integer" },
  },
};
const drillDetail = {
  type: "object",
  required: [...drillRequired, "instances", "events"],
  properties: {
    ...drillFields,
    instances: { type: "array", items: { type: "string" } },
    blastRadius: { oneOf: [{ type: "object", properties: { resources: { type: "integer" }, actions: { type: "integer" }, protected: { type: "integer" }, items: { type: "array", items: { type: "string" } } } }, { type: "array", maxItems: 0 }] },
    report: { type: ["object", "null"], description: "written when the drill completes: figures, instances, timeline, gaps, findings" },
    events: { type: "array", items: { type: "object", required: ["at", "kind"], properties: { at: { type: "string", format: "date-time" }, kind: { type: "string" }, instance: { type: "string" }, message: { type: "string" }, detail: { type: "object" } } } },
  },
};
const drill = json(drillDetail, "The drill: status, clock (startedAt, firstActionAt, containedAt), instances, blast radius, timeline (events) and, once completed, the report");
const incident = { type: "object", required: ["message"], properties: { message: { type: "string" }, revoked: { type: "integer" }, changeRequest: { type: ["object", "null"], properties: { number: { type: "integer" }, status: { type: "string" } } } } };
const report = { type: "object", required: ["drill", "figures", "timeline", "findings"], properties: { drill: { type: "object", properties: { id: { type: "string" }, number: { type: "integer" } } }, figures: drillSummary.properties.figures, instances: { type: "array", items: { type: "object", properties: { url: { type: "string" }, acceptedAt: instant, rejectedAt: instant } } }, timeline: { type: "array", items: { type: "object" } }, gaps: { type: "array", items: { type: "string" } }, findings: drillSummary.properties.findings } };
const cancelled = { type: "object", required: ["id", "status"], properties: { id: { type: "string" }, status: { const: "cancelled" } } };
const reverts = { type: "object", required: ["reverts"], properties: { reverts: { type: "array", description: "one revert change request per containment change", items: { type: "object", required: ["of", "changeRequest"], properties: { of: { type: "integer", description: "the number of the change reverted" }, changeRequest: { type: "object", properties: { number: { type: "integer" }, status: { type: "string" } } } } } } } };
const runAction = {
  type: "object",
  required: ["rule", "kind", "summary", "targets"],
  properties: {
    rule: { type: "string" },
    kind: { enum: ["change", "tokens"] },
    summary: { type: "string" },
    targets: { type: "array", items: { type: "string" } },
    apply: { enum: ["review", "emergency"] },
    changeRequest: { type: "object", properties: { id: { type: "string" }, number: { type: "integer" }, status: { type: "string" } } },
    revoked: { type: "integer" },
  },
};
const run = {
  type: "object",
  required: ["dryRun", "actions"],
  properties: { id: { type: ["string", "null"] }, at: { type: "string", format: "date-time" }, dryRun: { type: "boolean" }, trigger: { type: "string" }, actions: { type: "array", items: runAction }, errors: { type: "array" } },
};
const write = { 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404], 409: errors[409] };
const drillAct = (operationId: string, summary: string, answer: Record<number, object>, extra: object = {}) => ({
  post: { operationId, summary, tags: ["drills"], parameters: [idParam], ...extra, responses: { ...answer, ...write } },
});

export function drillPaths(): Paths {
  return {
    "/api/v1/drills": {
      get: { operationId: "listDrills", summary: "Breach drills, newest first, with their figures and findings", tags: ["drills"], responses: { 200: json({ type: "object", required: ["items"], properties: { items: { type: "array", items: drillSummary } } }, "{ items }"), ...readErrors } },
      post: {
        operationId: "startDrill",
        summary: "Declare a client compromised in drill mode (editors and up; containing it takes an admin): mints a canary token, captures the blast radius, starts the clock; a future scheduledFor schedules it",
        tags: ["drills"],
        requestBody: body(inputSchema(startDrillInput)),
        responses: { 201: drill, ...write },
      },
    },
    "/api/v1/drills/policy": {
      get: { operationId: "getDrillPolicy", summary: "The containment objective", tags: ["drills"], responses: { 200: json(inputSchema(drillPolicySchema), "The drill policy"), ...readErrors } },
      put: {
        operationId: "updateDrillPolicy",
        summary: "Change the containment objective (admins)",
        tags: ["drills"],
        requestBody: body(inputSchema(drillPolicySchema)),
        responses: { 200: json(inputSchema(drillPolicySchema), "The drill policy"), ...readErrors },
      },
    },
    "/api/v1/drills/{id}": {
      get: { operationId: "getDrill", summary: "One drill (by id or number) with its timeline", tags: ["drills"], parameters: [idParam], responses: { 200: drill, ...readErrors, 404: errors[404] } },
    },
    "/api/v1/drills/{id}/actions": drillAct("takeDrillAction", "A real incident action on the drilled client (admins): suspend, revokeTokens or revokeCredentials", { 200: json(incident, "What the incident action did") }, {
      requestBody: body(inputSchema(drillActionInput)),
    }),
    "/api/v1/drills/{id}/complete": drillAct("completeDrill", "Complete the drill and write its report (admins)", { 200: json(report, "The report") }),
    "/api/v1/drills/{id}/cancel": drillAct("cancelDrill", "Cancel a scheduled or running drill (admins)", { 200: json(cancelled, "Cancelled") }),
    "/api/v1/drills/{id}/rollback": drillAct("rollBackDrill", "Open the revert of each containment change the drill applied (admins)", { 201: json(reverts, "The reverts opened") }),
    "/api/v1/drills/{id}/report": {
      get: {
        operationId: "drillReport",
        summary: "A completed drill's report as a download: ?format=json (default) or markdown",
        tags: ["drills"],
        parameters: [idParam, { name: "format", in: "query", required: false, schema: { type: "string", enum: ["json", "markdown"] } }],
        responses: { 200: { description: "The report", content: { "application/json": { schema: report }, "text/markdown": { schema: { type: "string" } } } }, ...readErrors, 404: errors[404], 409: errors[409] },
      },
    },
    "/api/v1/revocation-policies": {
      get: { operationId: "getRevocationPolicies", summary: "The automated revocation policies and their recent runs", tags: ["revocation"], responses: { 200: json({ type: "object", required: ["policies", "runs"], properties: { policies: inputSchema(revocationPoliciesSchema), runs: { type: "array", items: run } } }, "{ policies, runs }"), ...readErrors } },
      put: {
        operationId: "updateRevocationPolicies",
        summary: "Replace the revocation policies (admins); scheduled runs act for the admin who saves them",
        tags: ["revocation"],
        requestBody: body(inputSchema(revocationPoliciesSchema)),
        responses: { 200: json(inputSchema(revocationPoliciesSchema), "The policies"), ...readErrors },
      },
    },
    "/api/v1/revocation-policies/run": {
      post: {
        operationId: "runRevocationPolicies",
        summary: "Run the revocation policies now: dryRun true shows what they would do; dryRun false opens their change requests",
        tags: ["revocation"],
        requestBody: body(inputSchema(z.object({ dryRun: z.boolean() }))),
        responses: { 200: json(run, "The dry run's plan"), 201: json(run, "The run: actions with their change requests"), ...readErrors },
      },
    },
  };
}

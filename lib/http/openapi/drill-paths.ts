// Paths of breach drills and the automated revocation policies.
import { z } from "zod";
import { drillActionInput } from "../../drills/act";
import { drillPolicySchema } from "../../drills/settings";
import { startDrillInput } from "../../drills/start-drill";
import { revocationPoliciesSchema } from "../../revocation/settings";
import { body, errors, idParam, inputSchema, json, readErrors, type Paths } from "./tools";

const drill = json({ type: "object" }, "The drill: status, clock (startedAt, firstActionAt, containedAt), instances, blast radius, timeline (events) and, once completed, the report");
const write = { 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404], 409: errors[409] };
const drillAct = (operationId: string, summary: string, extra: object = {}) => ({
  post: { operationId, summary, tags: ["drills"], parameters: [idParam], ...extra, responses: { 200: json({ type: "object" }, "The outcome"), ...write } },
});

export function drillPaths(): Paths {
  return {
    "/api/v1/drills": {
      get: { operationId: "listDrills", summary: "Breach drills, newest first, with their figures and findings", tags: ["drills"], responses: { 200: json({ type: "object" }, "{ items }"), ...readErrors } },
      post: {
        operationId: "startDrill",
        summary: "Declare a client compromised in drill mode (admins): mints a canary token, captures the blast radius, starts the clock; a future scheduledFor schedules it",
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
    "/api/v1/drills/{id}/actions": drillAct("takeDrillAction", "A real incident action on the drilled client (admins): suspend, revokeTokens or revokeCredentials", {
      requestBody: body(inputSchema(drillActionInput)),
    }),
    "/api/v1/drills/{id}/complete": drillAct("completeDrill", "Complete the drill and write its report (admins)"),
    "/api/v1/drills/{id}/cancel": drillAct("cancelDrill", "Cancel a scheduled or running drill (admins)"),
    "/api/v1/drills/{id}/rollback": drillAct("rollBackDrill", "Open the revert of each containment change the drill applied (admins)"),
    "/api/v1/drills/{id}/report": {
      get: {
        operationId: "drillReport",
        summary: "A completed drill's report as a download: ?format=json (default) or markdown",
        tags: ["drills"],
        parameters: [idParam, { name: "format", in: "query", required: false, schema: { type: "string", enum: ["json", "markdown"] } }],
        responses: { 200: { description: "The report", content: { "application/json": { schema: { type: "object" } }, "text/markdown": { schema: { type: "string" } } } }, ...readErrors, 404: errors[404], 409: errors[409] },
      },
    },
    "/api/v1/revocation-policies": {
      get: { operationId: "getRevocationPolicies", summary: "The automated revocation policies and their recent runs", tags: ["revocation"], responses: { 200: json({ type: "object" }, "{ policies, runs }"), ...readErrors } },
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
        summary: "Run the revocation policies now: a dry run (the default) shows what they would do; dryRun false opens their change requests",
        tags: ["revocation"],
        requestBody: body(inputSchema(z.object({ dryRun: z.boolean().default(true) }))),
        responses: { 200: json({ type: "object" }, "The dry run's plan"), 201: json({ type: "object" }, "The run: actions with their change requests"), ...readErrors },
      },
    },
  };
}

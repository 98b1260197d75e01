// Paths of the access questions and the graph, all answered from the
// compiled read model (optionally as of a past instant).
import { blastParams, canParams, graphParams, reachParams, searchParams } from "../../graph/params";
import { errors, json, queryParameters, readErrors, ref, type Paths } from "./tools";

const notFound = { 404: errors[404] };

export function accessPaths(): Paths {
  return {
    "/api/v1/access/can": {
      get: {
        operationId: "explainCan",
        summary: "Can client C do action A on resource R? The paths and each grant on them (binding, claim rule, profile version, scope), or why not",
        tags: ["access"],
        parameters: queryParameters(canParams),
        responses: { 200: json(ref("CanAnswer"), "{ allow, grants: [{ via, profile, scope, path }] } or { allow: false, reason }"), ...readErrors },
      },
    },
    "/api/v1/access/blast-radius": {
      get: {
        operationId: "blastRadius",
        summary: "Every resource and action a client reaches, counted by environment",
        tags: ["access"],
        parameters: queryParameters(blastParams),
        responses: { 200: json(ref("BlastRadius"), "The client's reach"), ...readErrors, ...notFound },
      },
    },
    "/api/v1/access/who-can-reach": {
      get: {
        operationId: "whoCanReach",
        summary: "Every client that can act on a resource (optionally one action), with the grants",
        tags: ["access"],
        parameters: queryParameters(reachParams),
        responses: { 200: json(ref("WhoCanReach"), "The clients and their grants"), ...readErrors, ...notFound },
      },
    },
    "/api/v1/graph": {
      get: {
        operationId: "accessGraph",
        summary: "The access graph (clients, profiles, scopes, resources): filtered, focused, aggregated by domain, as of a past instant, or with a pending change's overlay",
        tags: ["graph"],
        parameters: queryParameters(graphParams),
        responses: { 200: json(ref("Graph"), "{ nodes, edges, … }"), ...readErrors },
      },
    },
    "/api/v1/graph/search": {
      get: {
        operationId: "searchGraph",
        summary: "Graph nodes by name, from the read model (so a past catalog too)",
        tags: ["graph"],
        parameters: queryParameters(searchParams),
        responses: { 200: json(ref("GraphSearch"), "{ q, items: [{ id, kind, name, detail }] }"), ...readErrors },
      },
    },
  };
}

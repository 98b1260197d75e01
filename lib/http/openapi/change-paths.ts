// Paths of the change workflow: submit and list change requests, and review,
// apply, cancel, revert and comment on one.
import { changeInput } from "../../changes/operations";
import { changeListParams } from "../../changes/queries/list-changes";
import { emergencyReviewInput } from "../../changes/workflow/emergency-review";
import { commentInput, reviewInput } from "../../changes/workflow/review";
import { pageOf } from "./responses";
import { body, errors, inputSchema, json, numberParam, queryParameters, readErrors, ref, sessionOnly, type Json, type Paths } from "./tools";

export const changeSchemas = (): Record<string, Json> => ({ ChangeInput: inputSchema(changeInput) });

export function changePaths(): Paths {
  return {
    "/api/v1/changes": {
      get: {
        operationId: "listChanges",
        summary: "Change requests, newest first",
        tags: ["changes"],
        parameters: queryParameters(changeListParams),
        responses: { 200: json(pageOf("ChangeRow"), "A page of change requests"), ...readErrors },
      },
      post: {
        operationId: "submitChange",
        summary: "Submit a change request of several operations, applied atomically",
        tags: ["changes"],
        requestBody: body(ref("ChangeInput")),
        responses: { 201: json(ref("ChangeResult"), "The change request"), ...readErrors, 404: errors[404], 409: errors[409] },
      },
    },
    "/api/v1/changes/{number}": {
      parameters: [numberParam],
      get: {
        operationId: "getChange",
        summary: "One change request with its operations and audit events",
        tags: ["changes"],
        responses: { 200: json(ref("ChangeDetail"), "The change request"), 401: errors[401], 403: errors[403], 404: errors[404] },
      },
    },
    "/api/v1/changes/{number}/reviews": {
      parameters: [numberParam],
      post: {
        operationId: "reviewChange",
        summary: "Approve, request changes or reject (approvers and admins; never the author). Enough approvals make it approved",
        tags: ["changes"],
        requestBody: body(inputSchema(reviewInput)),
        responses: { 200: json(ref("ReviewResult"), "The change request's status after the review"), ...errors },
      },
    },
    "/api/v1/changes/{number}/post-review": {
      parameters: [numberParam],
      post: {
        operationId: "postReviewChange",
        summary: "After-the-fact review of an emergency change (approvers and admins; never its author): confirm it, or revert it (opens the revert for review; needs a comment)",
        tags: ["changes"],
        requestBody: body(inputSchema(emergencyReviewInput)),
        responses: {
          200: json(ref("EmergencyReviewResult"), "The review's outcome"),
          ...errors,
        },
      },
    },
    "/api/v1/changes/{number}/apply": {
      parameters: [numberParam],
      post: {
        operationId: "applyChange",
        summary: "Applies an approved request atomically; 409 when it is not approved, already applied, or stale (naming the object that moved)",
        tags: ["changes"],
        responses: { 200: json(ref("ApplyResult"), "The applied change request"), ...errors },
      },
    },
    "/api/v1/changes/{number}/cancel": {
      parameters: [numberParam],
      post: {
        operationId: "cancelChange",
        summary: "Cancels an open request (its author or an admin)",
        tags: ["changes"],
        responses: { 200: json(ref("CancelResult"), "The cancelled change request"), ...errors },
      },
    },
    "/api/v1/changes/{number}/revert": {
      parameters: [numberParam],
      post: {
        operationId: "revertChange",
        summary: "Opens the inverse of an applied request, reviewed like any other",
        tags: ["changes"],
        responses: { 201: json(ref("ChangeResult"), "The inverse change request"), ...errors },
      },
    },
    "/api/v1/changes/{number}/comments": {
      parameters: [numberParam],
      post: {
        operationId: "commentOnChange",
        summary: "Comments on a request",
        tags: ["changes"],
        requestBody: body(inputSchema(commentInput)),
        responses: { 201: json(ref("CommentResult"), "The comment"), ...errors },
      },
    },
    "/api/v1/changes/{number}/secrets": {
      parameters: [numberParam],
      post: {
        operationId: "revealChangeSecrets",
        summary: "The author's new credential secrets on a request someone else applied: sealed for them and shown once, then erased (a signed-in author; 404 once shown or after 24 h)",
        tags: ["changes"],
        security: sessionOnly,
        responses: { 200: json(ref("RevealedSecrets"), "{ secrets: [{ credentialId, name, secret }] }"), 401: errors[401], 403: errors[403], 404: errors[404] },
      },
    },
  };
}

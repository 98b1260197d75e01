// The lifecycle states of a change request (ChangeRequest.status).
export const changeStatuses = ["draft", "open", "approved", "applied", "rejected", "cancelled", "stale", "expired", "reverted"] as const;
export type ChangeStatus = (typeof changeStatuses)[number];

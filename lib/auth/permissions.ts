// Role -> permission table as data; `can` is the only authorization question.
export const roles = ["viewer", "editor", "approver", "admin"] as const;
export type Role = (typeof roles)[number];

export const permissions = {
  "catalog.read": ["viewer", "editor", "approver", "admin"],
  "audit.read": ["viewer", "editor", "approver", "admin"],
  "change.read": ["viewer", "editor", "approver", "admin"],
  "change.create": ["editor", "approver", "admin"],
  "change.approve": ["approver", "admin"],
  "change.emergency": ["admin"],
  // declaring a drill changes no access (the canary stays on the server); containing it does,
  // so its actions need change.emergency. A pipeline's API token may start one.
  "drill.start": ["editor", "approver", "admin"],
  "settings.manage": ["admin"],
  "review.manage": ["admin"],
  "review.decide": ["approver", "admin"],
  "apiToken.manage": ["admin"],
  "user.manage": ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof permissions;

export type Actor = {
  /**
   * The human principal: the console user, or for an API token the user who
   * created it (it acts for them, and separation of duties applies to them).
   * null only for the system itself.
   */
  id: string | null;
  /** who, as shown in the audit log: an email, "api-token:<name> for <email>" or "system" */
  label: string;
  role: Role;
  kind: "user" | "api-token" | "system";
  /** kind "api-token": which token acted */
  tokenId?: string;
  /** kind "user" signed in to the console: which session (ConsoleSession) */
  sessionId?: string;
};

export const systemActor: Actor = { id: null, label: "system", role: "admin", kind: "system" };

export function can(actor: Actor | null | undefined, permission: Permission): boolean {
  return !!actor && (permissions[permission] as readonly Role[]).includes(actor.role);
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (roles as readonly string[]).includes(value);
}

// Turns machine errors (zod issues, the write path's field paths such as
// `operations.0.data.name`) into sentences a person can act on: the field in
// words, then what to do. Used by every console form; API problem documents
// keep their machine-readable errors[] untouched.

export type FieldLabels = Record<string, string>;

/** Words for the catalog's field names, shared by every form. A form's own labels win. */
export const fieldWords: FieldLabels = {
  name: "Name",
  displayName: "Display name",
  description: "Description",
  kind: "Kind",
  status: "Status",
  owner: "Owner",
  ownerEmails: "Owners",
  environmentId: "Environment",
  domainId: "Domain",
  resourceId: "Resource",
  profileId: "Profile",
  clientId: "Client",
  scopeIds: "Scopes",
  addScopeIds: "Scopes to add",
  removeScopeIds: "Scopes to remove",
  action: "Action",
  criticality: "Criticality",
  protection: "Protection",
  blockingChecks: "Blocking checks",
  rank: "Rank",
  labels: "Labels",
  maxTokenLifetimeSeconds: "Maximum token lifetime",
  expiresAt: "Expiry",
  reason: "Reason",
  issuer: "Issuer",
  conditions: "Claim conditions",
  label: "Label",
  jwk: "Public key",
  title: "Title",
  comment: "Comment",
  operations: "Change",
  version: "Version",
  revoke: "Revoke",
};

/** "operations.1.data.action" -> "action"; "conditions.repository" -> "conditions". */
export function fieldKey(path: string): string {
  const op = /^operations\.\d+(?:\.data)?\.?(.*)$/.exec(path);
  const rest = op ? op[1]! : path;
  if (!rest) return "operations";
  const first = rest.split(".").find((p) => !/^\d+$/.test(p));
  return first ?? "operations";
}

/** The field's name in words: the form's label, the shared word, or the key split into words. */
export function fieldLabel(path: string, labels: FieldLabels = {}): string {
  const key = fieldKey(path);
  if (labels[key]) return labels[key];
  if (fieldWords[key]) return fieldWords[key];
  const words = key.replace(/Id$/, "").replace(/([a-z])([A-Z])/g, "$1 $2").replace(/[-_.]/g, " ").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const rewrites: [RegExp, string | ((m: RegExpExecArray) => string)][] = [
  [/expected number, received NaN/i, "enter a number"],
  [/expected (?:number|int).*received (?:string|undefined|null)/i, "enter a number"],
  [/expected (?:string|array|object|boolean).*received (?:undefined|null)/i, "is required; fill it in"],
  [/expected (?:string|array|object|boolean|record)/i, "has the wrong kind of value; fill it in again"],
  [/^Invalid (?:option|enum value)|expected one of/i, "choose one of the offered options"],
  [/^Invalid (?:ISO )?date(?:time)?|must be an ISO 8601 date-time/i, "enter a date and time"],
  [/^Invalid email|must be an email address/i, "enter an email address such as name@example.com"],
  [/^Invalid URL|must be the issuer URL/i, "enter a full URL starting with https://"],
  [/too small: expected string to have >=?(\d+) characters?/i, (m) => (m[1] === "1" ? "is required; fill it in" : `must be at least ${m[1]} characters`)],
  [/too big: expected string to have <=?(\d+) characters?/i, (m) => `must be at most ${m[1]} characters`],
  [/too small: expected number to be >=?(\d+)/i, (m) => `must be at least ${m[1]}`],
  [/too big: expected number to be <=?(\d+)/i, (m) => `must be at most ${m[1]}`],
  [/too big: expected array to have <=?(\d+) items?/i, (m) => `choose at most ${m[1]}`],
  [/^Unrecognized keys?/i, "contains something this form does not know; reload the page and try again"],
  [/^Invalid input$/i, "is not valid; check it and try again"],
];

/** One field's message in words; messages the catalog already wrote for people pass through. */
export function humaniseMessage(message: string): string {
  for (const [pattern, to] of rewrites) {
    const m = pattern.exec(message);
    if (m) return typeof to === "string" ? to : to(m);
  }
  // ids are machine detail: "no scope with id c1x…" -> "no such scope exists any more"
  return message.replace(/no (\w+) with (?:this )?id(?: [\w-]+)?/i, "that $1 no longer exists; choose another");
}

/** "Name: must be at least 2 characters". */
export function humaniseFieldError(field: string, message: string, labels?: FieldLabels): string {
  return `${fieldLabel(field, labels)}: ${humaniseMessage(message)}`;
}

/**
 * A whole refusal as one sentence: the first field error in words when there
 * is one, otherwise the message with any leading machine path rewritten.
 */
export function humaniseError(message: string, fields: { field: string; message: string }[] = [], labels?: FieldLabels): string {
  const first = fields[0];
  if (first) return humaniseFieldError(first.field, first.message, labels);
  const m = /^((?:operations\.\d+)(?:\.[\w.]+)?|[a-z][\w]*(?:\.[\w]+)+): (.*)$/s.exec(message);
  if (m) return humaniseFieldError(m[1]!, m[2]!, labels);
  return humaniseMessage(message);
}

/** Per-field messages for a form: keys are the form's field names, values are in words. */
export function humaniseIssues(issues: readonly { path: PropertyKey[]; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) {
    const key = String(i.path.find((p) => typeof p === "string") ?? "form");
    out[key] ??= humaniseMessage(i.message);
  }
  return out;
}

"use client";
// Editing a profile's scopes and limits: the edits become one "update profile"
// operation in a change request (reviewed like any other), optionally
// temporary — its inverse is applied automatically at "Undo automatically at".
import { useMemo, useState } from "react";
import { ChangeOutcome } from "@/components/forms/change-outcome";
import { SubmitButton } from "@/components/forms/fields";
import { useChangeSubmit } from "@/components/forms/use-change-submit";
import { formatDateTime, formatDuration } from "@/lib/format";
import { PolicyPanel } from "./policy-panel";
import { ScopePicker, type PickedScope } from "./scope-picker";
import { usePolicyPreview } from "./use-policy-preview";

export type EditableProfile = {
  id: string;
  name: string;
  /** the profile's environment name; "" when it spans environments */
  environment: string;
  maxTokenLifetimeSeconds: number;
  /** ISO date-time, or null when the profile never expires */
  expiresAt: string | null;
  scopes: PickedScope[];
};

type ExpiryMode = "keep" | "set" | "never";

const lifetimeChoices = [900, 1800, 3600, 2 * 3600, 4 * 3600, 8 * 3600, 24 * 3600];

const control = "w-full rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950 aria-[invalid=true]:border-rose-500";
const muted = "text-xs text-slate-600 dark:text-slate-400";

/** A datetime-local value (the browser's local time) as an ISO instant; null when empty or invalid. */
function isoFromLocal(value: string): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

// The server names the profile's own expiry operations.0.data.expiresAt and the
// temporary change's undo time expiresAt: keep them apart.
const opField = (f: string) => (f === "expiresAt" ? "profileExpiresAt" : f);

export function ProfileEditForm({ profile }: { profile: EditableProfile }) {
  const [scopes, setScopes] = useState<PickedScope[]>(profile.scopes);
  const [lifetime, setLifetime] = useState(profile.maxTokenLifetimeSeconds);
  const [expiryMode, setExpiryMode] = useState<ExpiryMode>("keep");
  const [newExpiry, setNewExpiry] = useState("");
  const [undoAt, setUndoAt] = useState("");
  const [reason, setReason] = useState("");
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const submit = useChangeSubmit(opField, (r) => `/profiles/${r.results[0]?.id ?? ""}?done=${r.changeRequest.number}`);
  const errors = { ...submit.errors, ...clientErrors };

  const { added, removed, lifetimeChanged, expiry, change } = useMemo(() => {
    const original = new Set(profile.scopes.map((s) => s.id));
    const added = scopes.filter((s) => !original.has(s.id));
    const removed = profile.scopes.filter((s) => !scopes.some((x) => x.id === s.id));
    const lifetimeChanged = lifetime !== profile.maxTokenLifetimeSeconds;
    const newAt = isoFromLocal(newExpiry);
    const expiry: { to: string | null } | null = expiryMode === "never" ? { to: null } : expiryMode === "set" && newAt ? { to: newAt } : null;
    const data: Record<string, unknown> = {};
    if (added.length) data.addScopeIds = added.map((s) => s.id);
    if (removed.length) data.removeScopeIds = removed.map((s) => s.id);
    if (lifetimeChanged) data.maxTokenLifetimeSeconds = lifetime;
    if (expiry) data.expiresAt = expiry.to;
    if (!Object.keys(data).length) return { added, removed, lifetimeChanged, expiry, change: null };
    const parts = [
      ...added.map((s) => `add ${s.name}`),
      ...removed.map((s) => `remove ${s.name}`),
      ...(lifetimeChanged ? [`lifetime ${formatDuration(profile.maxTokenLifetimeSeconds)} → ${formatDuration(lifetime)}`] : []),
      ...(expiry ? [expiry.to ? `expire ${formatDateTime(expiry.to)}` : "never expire"] : []),
    ];
    const undo = isoFromLocal(undoAt);
    const title = `Update profile ${profile.name}: ${parts.join(", ")}${undo ? " (temporary)" : ""}`;
    const change = {
      title: title.length > 200 ? `${title.slice(0, 199)}…` : title,
      reason,
      ...(undo ? { expiresAt: undo } : {}),
      operations: [{ entity: "profile", kind: "update", id: profile.id, data }],
    };
    return { added, removed, lifetimeChanged, expiry, change };
  }, [scopes, lifetime, expiryMode, newExpiry, undoAt, reason, profile]);

  const preview = usePolicyPreview(change);
  const lifetimes = lifetimeChoices.includes(profile.maxTokenLifetimeSeconds) ? lifetimeChoices : [...lifetimeChoices, profile.maxTokenLifetimeSeconds].sort((a, b) => a - b);
  const invalid = (f: string) => (errors[f] ? { "aria-invalid": true, "aria-describedby": `err-${f}` } : {});
  const msg = (f: string) =>
    errors[f] ? (
      <p id={`err-${f}`} className="text-xs text-rose-600 dark:text-rose-400">
        {errors[f]}
      </p>
    ) : null;

  function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    const found: Record<string, string> = {};
    if (expiryMode === "set" && !isoFromLocal(newExpiry)) found.profileExpiresAt = "pick the new expiry, or keep the current one";
    if (undoAt && !isoFromLocal(undoAt)) found.expiresAt = "must be a date and time";
    if (!change && !Object.keys(found).length) found.form = "Add or remove a scope, or change a limit, before proposing the change.";
    setClientErrors(found);
    if (Object.keys(found).length || !change) return;
    submit.mutate(change);
  }

  return (
    <form onSubmit={onSubmit} noValidate className="grid max-w-5xl gap-6 lg:grid-cols-[1fr_20rem]">
      <div className="space-y-4">
        <ScopePicker environment={profile.environment} selected={scopes} onChange={setScopes} error={errors.addScopeIds ?? errors.removeScopeIds} />
        <div className="grid gap-4 sm:grid-cols-2">
          <div className="flex flex-col gap-1">
            <label htmlFor="pe-lifetime" className="text-sm font-medium">
              Max token lifetime
            </label>
            <select id="pe-lifetime" value={lifetime} onChange={(e) => setLifetime(Number(e.target.value))} className={control} {...invalid("maxTokenLifetimeSeconds")}>
              {lifetimes.map((s) => (
                <option key={s} value={s}>
                  {formatDuration(s)}
                  {s === profile.maxTokenLifetimeSeconds ? " (current)" : ""}
                </option>
              ))}
            </select>
            {msg("maxTokenLifetimeSeconds")}
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor="pe-expiry-mode" className="text-sm font-medium">
              Profile expiry
            </label>
            <select id="pe-expiry-mode" value={expiryMode} onChange={(e) => setExpiryMode(e.target.value as ExpiryMode)} className={control}>
              <option value="keep">Keep ({profile.expiresAt ? formatDateTime(profile.expiresAt) : "never expires"})</option>
              <option value="set">Set a new expiry</option>
              {profile.expiresAt ? <option value="never">Never expire</option> : null}
            </select>
          </div>
          {expiryMode === "set" ? (
            <div className="flex flex-col gap-1 sm:col-start-2">
              <label htmlFor="pe-expires" className="text-sm font-medium">
                New expiry
              </label>
              <input id="pe-expires" type="datetime-local" value={newExpiry} onChange={(e) => setNewExpiry(e.target.value)} className={control} {...invalid("profileExpiresAt")} />
              {msg("profileExpiresAt") ?? <p className={muted}>In your local time. After it, no token is issued under this profile.</p>}
            </div>
          ) : null}
        </div>
        <fieldset className="rounded-md border border-slate-200 p-3 dark:border-slate-800">
          <legend className="px-1 text-sm font-medium">Temporary change</legend>
          <div className="flex flex-col gap-1 sm:max-w-xs">
            <label htmlFor="pe-undo" className="text-sm">
              Undo automatically at
            </label>
            <input id="pe-undo" type="datetime-local" value={undoAt} onChange={(e) => setUndoAt(e.target.value)} className={control} {...invalid("expiresAt")} />
            {msg("expiresAt") ?? <p className={muted}>Optional, in your local time. Once applied, the change is reverted by the system at this time.</p>}
          </div>
        </fieldset>
        <div className="flex flex-col gap-1">
          <label htmlFor="pe-reason" className="text-sm font-medium">
            Reason
          </label>
          <textarea id="pe-reason" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} className={control} {...invalid("reason")} />
          {msg("reason") ?? <p className={muted}>Reviewers see it with the request.</p>}
        </div>
        <section aria-labelledby="pe-summary" className="rounded-md border border-slate-200 p-3 text-sm dark:border-slate-800">
          <h2 id="pe-summary" className="mb-1 font-medium">
            Proposed changes
          </h2>
          {change ? (
            <ul className="space-y-0.5">
              {added.map((s) => (
                <li key={s.id} className="font-mono text-emerald-800 dark:text-emerald-300">
                  + {s.name} ({s.environment})
                </li>
              ))}
              {removed.map((s) => (
                <li key={s.id} className="font-mono text-rose-800 dark:text-rose-300">
                  − {s.name} ({s.environment})
                </li>
              ))}
              {lifetimeChanged ? (
                <li>
                  Max token lifetime {formatDuration(profile.maxTokenLifetimeSeconds)} → {formatDuration(lifetime)}
                </li>
              ) : null}
              {expiry ? <li>Expiry {profile.expiresAt ? formatDateTime(profile.expiresAt) : "never"} → {expiry.to ? formatDateTime(expiry.to) : "never"}</li> : null}
              {isoFromLocal(undoAt) ? <li>Undone automatically at {formatDateTime(isoFromLocal(undoAt))}</li> : null}
            </ul>
          ) : (
            <p className={muted}>Nothing changed yet.</p>
          )}
        </section>
        {errors.form ? (
          <p role="alert" className="text-sm text-rose-600 dark:text-rose-400">
            {errors.form}
          </p>
        ) : null}
        <SubmitButton pending={submit.isPending} done={submit.isSuccess}>Propose change</SubmitButton>
        <ChangeOutcome result={submit.data} error={submit.error} />
      </div>
      <PolicyPanel findings={preview.data?.findings ?? []} pending={preview.isFetching} error={change ? (preview.data?.error ?? null) : "nothing changed yet"} />
    </form>
  );
}

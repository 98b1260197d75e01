"use client";
// Webhook endpoints in Settings: the create form (its signing secret is shown
// once) and the per-endpoint controls (active toggle, delete).
import { useMutation } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { createWebhookAction, deleteWebhookAction, updateWebhookAction } from "@/app/(console)/settings/actions";
import type { FieldError } from "@/lib/errors";
import { webhookEvents, type WebhookEvent } from "@/lib/webhooks/events";
import { ShownOnce } from "@/components/ui/shown-once";

const input = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950";

const eventHelp: Record<WebhookEvent, string> = {
  "change.opened": "a change request is opened",
  "change.approved": "a change request gets an approval",
  "change.applied": "a change is applied to the catalog",
  "change.rejected": "a change request is rejected",
  "change.expired": "a temporary change expires and is undone",
  "change.reverted": "an applied change is reverted",
  "change.critical": "a critical-risk change is opened or applied",
  "change.emergency": "an emergency change is applied before review",
  "change.post_reviewed": "an emergency change is confirmed or reverted after the fact",
  "audit.checkpoint": "the audit chain's head is signed (a checkpoint to keep outside Perimeter)",
  "alert.raised": "an alert rule fires (a widening in a protected environment, a new admin-like scope, a failed assertion or drill)",
};

export function WebhookForm() {
  const formRef = useRef<HTMLFormElement>(null);
  const [fields, setFields] = useState<FieldError[]>([]);
  const mutation = useMutation({
    mutationFn: async (form: FormData) => {
      const result = await createWebhookAction({
        name: form.get("name"),
        url: form.get("url"),
        events: form.getAll("events").map(String),
        format: form.get("format"),
      });
      if (!result.ok) {
        setFields(result.fields);
        throw new Error(result.error);
      }
      setFields([]);
      formRef.current?.reset();
      return result.data;
    },
  });
  const fieldError = (name: string) => fields.find((f) => f.field === name || f.field.startsWith(`${name}.`))?.message;

  return (
    <div className="space-y-3">
      <form
        ref={formRef}
        className="space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          mutation.mutate(new FormData(e.currentTarget));
        }}
      >
        <div className="flex flex-wrap items-start gap-3">
          <div className="flex flex-col gap-1">
            <label htmlFor="webhook-name" className="text-sm font-medium">
              Webhook name
            </label>
            <input
              id="webhook-name"
              name="name"
              placeholder="chatops-approvals"
              className={input}
              aria-invalid={!!fieldError("name")}
              aria-describedby="webhook-name-error"
            />
            <span id="webhook-name-error" className="text-xs text-rose-600">
              {fieldError("name")}
            </span>
          </div>
          <div className="flex min-w-80 flex-1 flex-col gap-1">
            <label htmlFor="webhook-url" className="text-sm font-medium">
              Payload URL
            </label>
            <input
              id="webhook-url"
              name="url"
              type="url"
              inputMode="url"
              placeholder="https://hooks.example.com/perimeter"
              className={`${input} font-mono`}
              aria-invalid={!!fieldError("url")}
              aria-describedby="webhook-url-error"
            />
            <span id="webhook-url-error" className="text-xs text-rose-600">
              {fieldError("url")}
            </span>
          </div>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="webhook-format" className="text-sm font-medium">
            Payload format
          </label>
          <select id="webhook-format" name="format" defaultValue="json" className={`${input} w-fit`} aria-describedby="webhook-format-error">
            <option value="json">Generic JSON (signed envelope)</option>
            <option value="slack">Slack incoming webhook</option>
          </select>
          <span id="webhook-format-error" className="text-xs text-rose-600">
            {fieldError("format")}
          </span>
        </div>
        <fieldset aria-describedby="webhook-events-error" aria-invalid={!!fieldError("events")}>
          <legend className="mb-1 text-sm font-medium">Events</legend>
          <div className="grid gap-x-6 gap-y-1 sm:grid-cols-2">
            {webhookEvents.map((event) => (
              <label key={event} className="flex items-start gap-2 text-sm">
                <input type="checkbox" name="events" value={event} className="mt-0.5" />
                <span>
                  <span className="font-mono text-[13px]">{event}</span>
                  <span className="text-slate-600 dark:text-slate-400">: {eventHelp[event]}</span>
                </span>
              </label>
            ))}
          </div>
          <span id="webhook-events-error" className="text-xs text-rose-600">
            {fieldError("events")}
          </span>
        </fieldset>
        <button
          type="submit"
          disabled={mutation.isPending}
          className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-60 dark:bg-sky-500 dark:text-slate-950"
        >
          {mutation.isPending ? "Adding…" : "Add webhook"}
        </button>
      </form>
      {mutation.isError ? (
        <p role="alert" className="text-sm text-rose-600">
          {mutation.error.message}
        </p>
      ) : null}
      {mutation.data ? (
        <div role="status" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950">
          <p className="mb-2 font-medium">
            Webhook {mutation.data.name} added. Copy its signing secret now: it is shown only once. Receivers use it to check the{" "}
            <code className="font-mono text-xs">perimeter-signature</code> header (
            <code className="font-mono text-xs">t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of &quot;t.body&quot;&gt;</code>).
          </p>
          <ShownOnce label="Signing secret" value={mutation.data.secret} />
        </div>
      ) : null}
    </div>
  );
}

/** Active toggle and delete button for one endpoint row. */
export function WebhookControls({ id, name, active }: { id: string; name: string; active: boolean }) {
  const toggle = useMutation({
    mutationFn: async (next: boolean) => {
      const result = await updateWebhookAction({ id, active: next });
      if (!result.ok) throw new Error(result.error);
      return result.data;
    },
  });
  const remove = useMutation({
    mutationFn: async () => {
      const result = await deleteWebhookAction(id);
      if (!result.ok) throw new Error(result.error);
    },
  });
  const on = toggle.isPending ? toggle.variables : (toggle.data?.active ?? active);
  const error = toggle.error ?? remove.error;
  return (
    <span className="flex items-center gap-3">
      <button
        type="button"
        role="switch"
        aria-checked={on}
        aria-label={`Active: ${name}`}
        disabled={toggle.isPending || remove.isPending}
        onClick={() => toggle.mutate(!on)}
        className="flex items-center gap-1.5 text-xs disabled:opacity-60"
      >
        <span className={`relative inline-flex h-4 w-7 items-center rounded-full transition-colors ${on ? "bg-emerald-600" : "bg-slate-300 dark:bg-slate-700"}`}>
          <span className={`inline-block h-3 w-3 rounded-full bg-white shadow transition-transform ${on ? "translate-x-3.5" : "translate-x-0.5"}`} />
        </span>
        {on ? "active" : "paused"}
      </button>
      <button
        type="button"
        disabled={remove.isPending}
        aria-label={`Delete ${name}`}
        onClick={() => {
          if (confirm(`Delete webhook ${name}? Its queued deliveries and delivery log are removed too.`)) remove.mutate();
        }}
        className="rounded border border-rose-300 px-2 py-0.5 text-xs text-rose-700 hover:bg-rose-50 disabled:opacity-60 dark:border-rose-800 dark:text-rose-300 dark:hover:bg-rose-950"
      >
        Delete
      </button>
      {error ? (
        <span role="alert" className="text-xs text-rose-600">
          {error.message}
        </span>
      ) : null}
    </span>
  );
}

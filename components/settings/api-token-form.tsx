"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { createApiTokenAction } from "@/app/(console)/settings/actions";
import type { FieldError } from "@/lib/errors";
import { ShownOnce } from "@/components/ui/shown-once";

const input = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950";

export function ApiTokenForm() {
  const [fields, setFields] = useState<FieldError[]>([]);
  const mutation = useMutation({
    mutationFn: async (form: FormData) => {
      const days = String(form.get("expiresInDays") ?? "");
      const result = await createApiTokenAction({
        name: form.get("name"),
        access: form.get("access"),
        expiresInDays: days === "never" ? null : days,
      });
      if (!result.ok) {
        setFields(result.fields);
        throw new Error(result.error);
      }
      setFields([]);
      return result.data;
    },
  });
  const fieldError = (name: string) => fields.find((f) => f.field === name)?.message;

  return (
    <div className="space-y-3">
      <form
        className="flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          mutation.mutate(new FormData(e.currentTarget));
        }}
      >
        <div className="flex flex-col gap-1">
          <label htmlFor="token-name" className="text-sm font-medium">
            Token name
          </label>
          <input id="token-name" name="name" placeholder="terraform-prod" className={input} aria-invalid={!!fieldError("name")} aria-describedby="token-name-error" />
          <span id="token-name-error" className="text-xs text-rose-600">
            {fieldError("name")}
          </span>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="token-access" className="text-sm font-medium">
            Access
          </label>
          <select id="token-access" name="access" className={input} defaultValue="read">
            <option value="read">read: list and inspect</option>
            <option value="write">write: open change requests</option>
          </select>
          <span className="text-xs">&nbsp;</span>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="token-expiry" className="text-sm font-medium">
            Expires after
          </label>
          <select id="token-expiry" name="expiresInDays" className={input} defaultValue="90">
            <option value="30">30 days</option>
            <option value="90">90 days</option>
            <option value="365">1 year</option>
            <option value="never">never</option>
          </select>
          <span className="text-xs">&nbsp;</span>
        </div>
        <button
          type="submit"
          disabled={mutation.isPending}
          className="mb-5 rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-60 dark:bg-sky-500 dark:text-slate-950"
        >
          {mutation.isPending ? "Creating…" : "Create API token"}
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
            Token {mutation.data.name} created. Copy it now: it is shown only once and stored only as a hash.
          </p>
          <ShownOnce label="New API token" value={mutation.data.token} />
        </div>
      ) : null}
    </div>
  );
}

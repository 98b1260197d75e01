"use client";
// Declares a client compromised in drill mode (admins): now, or at a set time.
// A drill only mints a canary and starts a clock; the responder's incident
// actions are what contain it.
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { postJson } from "./post-json";

const field = "rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900";

export function StartDrillForm({ client = "", compact = false }: { client?: string; compact?: boolean }) {
  const router = useRouter();
  const [clientId, setClientId] = useState(client);
  const [reason, setReason] = useState("");
  const [when, setWhen] = useState("");
  const mutation = useMutation({
    mutationFn: () => postJson<{ number: number; status: string }>("/api/v1/drills", { clientId, reason, ...(when ? { scheduledFor: new Date(when).toISOString() } : {}) }),
    onSuccess: (d) => (d.status === "scheduled" ? router.refresh() : router.push(`/drills/${d.number}`)),
  });
  return (
    <form
      aria-label="Start a breach drill"
      className="flex flex-wrap items-end gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        mutation.mutate();
      }}
    >
      {compact ? null : (
        <label className="grid gap-1 text-sm">
          <span>Client</span>
          <input className={field} value={clientId} onChange={(e) => setClientId(e.target.value)} placeholder="ci-orders" required />
        </label>
      )}
      {compact ? null : (
        <>
          <label className="grid gap-1 text-sm">
            <span>Reason</span>
            <input className={field} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="quarterly drill" />
          </label>
          <label className="grid gap-1 text-sm">
            <span>Start at (empty: now)</span>
            <input type="datetime-local" className={field} value={when} onChange={(e) => setWhen(e.target.value)} />
          </label>
        </>
      )}
      <button type="submit" disabled={mutation.isPending} className="rounded-md bg-rose-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-rose-800 disabled:opacity-50">
        {mutation.isPending ? "Starting…" : when ? "Schedule drill" : "Start breach drill"}
      </button>
      {mutation.isError ? (
        <p role="alert" className="w-full text-sm text-rose-700 dark:text-rose-300">
          {mutation.error.message}
        </p>
      ) : null}
    </form>
  );
}

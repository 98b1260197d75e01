"use client";
// Emergency actions on a client (admins): suspend it, revoke its credentials,
// revoke its live tokens. Each asks for confirmation in a modal dialog, then
// goes through POST /api/v1/graph/incident (an emergency change request, or
// the token service's revocation) and refreshes the graph.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRef, useState } from "react";
import type { IncidentAction, IncidentOutcome } from "@/lib/graph/incident";
import { graphKeys } from "@/lib/graph/query-keys";
import type { GraphNode } from "@/lib/graph/types";
import { toolbarButton as button, toolbarField as field } from "./toolbar";

const describe: Record<IncidentAction, { label: string; confirm: (name: string) => string; effect: string }> = {
  suspend: {
    label: "Suspend client",
    confirm: (n) => `Suspend ${n}?`,
    effect: "It loses all access at once. This applies an emergency (break-glass) change request now; approvers review it afterwards.",
  },
  revokeCredentials: {
    label: "Revoke credentials",
    confirm: (n) => `Revoke every credential of ${n}?`,
    effect: "Its secrets and keys stop working at once. This applies an emergency (break-glass) change request now; approvers review it afterwards.",
  },
  revokeTokens: {
    label: "Revoke tokens",
    confirm: (n) => `Revoke every live token of ${n}?`,
    effect: "Tokens already issued stop being accepted on every instance within a second. This is audited.",
  },
};

async function post(input: { action: IncidentAction; clientId: string; reason: string }): Promise<IncidentOutcome> {
  const res = await fetch("/api/v1/graph/incident", { method: "POST", headers: { "content-type": "application/json", accept: "application/json" }, body: JSON.stringify(input) });
  const body = (await res.json().catch(() => null)) as (IncidentOutcome & { detail?: string }) | null;
  if (!res.ok || !body) throw new Error(body?.detail ?? `the action failed (${res.status})`);
  return body;
}

export function IncidentActions({ client, canRevokeTokens }: { client: GraphNode; canRevokeTokens: boolean }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [action, setAction] = useState<IncidentAction>("suspend");
  const [reason, setReason] = useState("");
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: post,
    onSuccess: () => {
      dialog.current?.close();
      void queryClient.invalidateQueries({ queryKey: graphKeys.all });
    },
  });
  const open = (a: IncidentAction) => {
    setAction(a);
    setReason("");
    mutation.reset();
    dialog.current?.showModal();
  };
  const actions: IncidentAction[] = ["suspend", "revokeCredentials", ...(canRevokeTokens ? (["revokeTokens"] as const) : [])];
  const d = describe[action];
  return (
    <div className="mt-3 rounded-md border border-rose-300 p-2 dark:border-rose-900">
      <h3 className="mb-1.5 text-xs font-semibold uppercase tracking-wide text-rose-800 dark:text-rose-300">Incident actions</h3>
      <div className="flex flex-wrap gap-2">
        {actions.map((a) => (
          <button
            key={a}
            type="button"
            disabled={a === "suspend" && client.status === "suspended"}
            className="rounded-md border border-rose-300 bg-white px-2.5 py-1 text-xs font-medium text-rose-800 hover:bg-rose-50 disabled:opacity-50 dark:border-rose-800 dark:bg-slate-900 dark:text-rose-300 dark:hover:bg-rose-950"
            onClick={() => open(a)}
          >
            {describe[a].label}
          </button>
        ))}
      </div>
      <Link className="mt-2 inline-block text-xs text-sky-700 underline dark:text-sky-400" href={`/drills?client=${encodeURIComponent(client.label)}`}>
        Run a breach drill on {client.label}
      </Link>
      {mutation.data ? (
        <p role="status" className="mt-2 text-xs">
          {mutation.data.message}
          {mutation.data.changeRequest ? (
            <>
              {" "}
              (
              <Link className="text-sky-700 underline dark:text-sky-400" href={`/changes/${mutation.data.changeRequest.number}`}>
                CR-{mutation.data.changeRequest.number}
              </Link>
              )
            </>
          ) : null}
        </p>
      ) : null}
      <dialog ref={dialog} aria-labelledby="incident-title" className="m-auto w-[28rem] rounded-lg border border-slate-300 bg-white p-4 text-sm text-slate-900 backdrop:bg-black/40 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100">
        <form
          method="dialog"
          onSubmit={(e) => {
            e.preventDefault();
            mutation.mutate({ action, clientId: client.refId, reason });
          }}
          className="grid gap-3"
        >
          <h2 id="incident-title" className="text-base font-semibold">
            {d.confirm(client.label)}
          </h2>
          <p className="text-slate-600 dark:text-slate-400">{d.effect}</p>
          <label className="grid gap-1">
            <span>Reason (recorded in the audit log)</span>
            <textarea className={field} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="INC-…: what happened" />
          </label>
          {mutation.isError ? (
            <p role="alert" className="text-rose-700 dark:text-rose-300">
              {mutation.error.message}
            </p>
          ) : null}
          <div className="flex justify-end gap-2">
            <button type="button" className={button} onClick={() => dialog.current?.close()}>
              Cancel
            </button>
            <button type="submit" disabled={mutation.isPending} className="rounded-md bg-rose-700 px-3 py-1 text-sm font-medium text-white hover:bg-rose-800 disabled:opacity-50">
              {mutation.isPending ? "Working…" : `Confirm: ${d.label.toLowerCase()}`}
            </button>
          </div>
        </form>
      </dialog>
    </div>
  );
}

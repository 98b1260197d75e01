"use client";
// On a client's page: issue a secret (shown once), rotate one with an overlap,
// revoke one — each a change request — and, for admins, the incident actions:
// revoke every live token, suspend the client.
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ChangeOutcome } from "@/components/forms/change-outcome";
import type { OpenResult } from "@/lib/changes/workflow/open-change";
import { clientIncidentAction, issueSecretAction, revokeCredentialAction, rotateSecretAction } from "./actions";
import { ShownOnce } from "@/components/ui/shown-once";
import { counted } from "@/lib/format";

type Cred = { id: string; prefix: string; kind: string; status: string };
const input = "rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950";
const button = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50 disabled:opacity-60 dark:border-slate-700 dark:bg-slate-900 dark:hover:bg-slate-800";
const danger = "rounded-md border border-rose-300 bg-white px-3 py-1.5 text-sm font-medium text-rose-800 hover:bg-rose-50 disabled:opacity-60 dark:border-rose-800 dark:bg-slate-900 dark:text-rose-300 dark:hover:bg-rose-950";

function unwrap<T>(r: { ok: true; data: T } | { ok: false; error: string }): T {
  if (!r.ok) throw new Error(r.error);
  return r.data;
}

function SecretOnce({ result }: { result: OpenResult }) {
  const secret = result.results.find((r) => r.entity === "credential" && r.kind === "create" && "secret" in r) as { secret?: string } | undefined;
  if (!secret?.secret) return null;
  return (
    <div role="status" className="mt-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950">
      <p className="mb-1 font-medium">Copy the new secret now: it is shown only once.</p>
      <ShownOnce label="New client secret" value={secret.secret} />
    </div>
  );
}

export function CredentialActions({ clientId, clientName, status, credentials, canChange, canEmergency }: { clientId: string; clientName: string; status: string; credentials: Cred[]; canChange: boolean; canEmergency: boolean }) {
  const router = useRouter();
  const live = credentials.filter((c) => c.status === "active" && c.kind !== "public_key");
  const [selected, setSelected] = useState(live[0]?.id ?? "");
  const [overlap, setOverlap] = useState(24);
  const [reason, setReason] = useState("");
  const change = useMutation({
    mutationFn: async (what: "issue" | "rotate" | "revoke") => {
      const r =
        what === "issue"
          ? await issueSecretAction({ clientId, label: "console" })
          : what === "rotate"
            ? await rotateSecretAction({ credentialId: selected, overlapHours: overlap })
            : await revokeCredentialAction(selected);
      router.refresh();
      return unwrap(r);
    },
  });
  const incident = useMutation({
    mutationFn: async (action: "revoke_tokens" | "suspend_client") => {
      const r = unwrap(await clientIncidentAction({ clientId, action, reason }));
      router.refresh();
      return r;
    },
  });
  if (!canChange && !canEmergency) return null;
  return (
    <div className="mt-3 grid gap-4 md:grid-cols-2">
      {canChange ? (
        <section aria-labelledby="credential-actions" className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
          <h3 id="credential-actions" className="mb-2 text-sm font-semibold">
            Credential actions
          </h3>
          <div className="flex flex-wrap items-end gap-2">
            <Link href={`/credentials/new?client=${clientId}`} className={button}>
              Issue a secret…
            </Link>
            {live.length ? (
              <>
                <label className="flex flex-col text-xs">
                  Credential
                  <select className={input} value={selected} onChange={(e) => setSelected(e.target.value)}>
                    {live.map((c) => (
                      <option key={c.id} value={c.id}>
                        {c.prefix}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="flex flex-col text-xs">
                  Overlap (hours)
                  <input type="number" min={0} max={720} className={`${input} w-24`} value={overlap} onChange={(e) => setOverlap(Number(e.target.value))} />
                </label>
                <button type="button" className={button} disabled={change.isPending || !selected} onClick={() => change.mutate("rotate")}>
                  Rotate
                </button>
                <button
                  type="button"
                  className={danger}
                  disabled={change.isPending || !selected}
                  onClick={() => confirm(`Revoke ${live.find((c) => c.id === selected)?.prefix}? It stops working at once.`) && change.mutate("revoke")}
                >
                  Revoke
                </button>
              </>
            ) : null}
          </div>
          <div className="mt-2">
            <ChangeOutcome result={change.data} error={change.error} />
            {change.data ? <SecretOnce result={change.data} /> : null}
          </div>
        </section>
      ) : null}
      {canEmergency ? (
        <section aria-labelledby="incident-actions" className="rounded-lg border border-rose-300 bg-white p-4 dark:border-rose-900 dark:bg-slate-900">
          <h3 id="incident-actions" className="mb-2 text-sm font-semibold text-rose-800 dark:text-rose-300">
            Incident actions
          </h3>
          <label className="mb-2 flex flex-col text-xs">
            Reason (audited)
            <input className={input} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="INC-1234: leaked secret" />
          </label>
          <div className="flex flex-wrap gap-2">
            <button
              type="button"
              className={danger}
              disabled={incident.isPending}
              onClick={() => confirm(`Revoke every live token of ${clientName}? Every instance stops accepting them within a second.`) && incident.mutate("revoke_tokens")}
            >
              Revoke all tokens
            </button>
            <button
              type="button"
              className={danger}
              disabled={incident.isPending || status === "suspended"}
              onClick={() => confirm(`Suspend ${clientName}? This applies an emergency change request now and revokes its tokens.`) && incident.mutate("suspend_client")}
            >
              Suspend client
            </button>
          </div>
          {incident.isError ? (
            <p role="alert" className="mt-2 text-sm text-rose-600">
              {incident.error.message}
            </p>
          ) : incident.data ? (
            <p role="status" className="mt-2 text-sm">
              {counted(incident.data.revoked, "live token")} revoked{incident.data.changeRequest ? `; suspended by CR-${incident.data.changeRequest.number}` : ""}.
            </p>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}

"use client";
// Binds a client to a profile, optionally until a given time (a temporary grant).
import { useState } from "react";
import { ChangeOutcome } from "@/components/forms/change-outcome";
import { SubmitButton } from "@/components/forms/fields";
import { useChangeSubmit } from "@/components/forms/use-change-submit";
import type { ClientRow } from "@/lib/catalog/queries/list-clients";
import type { ProfileRow } from "@/lib/catalog/queries/list-profiles";
import { catalogKeys } from "@/lib/query/catalog-keys";
import { EntityPicker, type Picked } from "./entity-picker";
import { PolicyPanel } from "./policy-panel";
import { usePolicyPreview } from "./use-policy-preview";

const control = "w-full rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950";

export function BindingForm({ initialClient }: { initialClient: Picked | null }) {
  const [client, setClient] = useState<Picked | null>(initialClient);
  const [profile, setProfile] = useState<Picked | null>(null);
  const [expiresAt, setExpiresAt] = useState("");
  const [reason, setReason] = useState("");
  const submit = useChangeSubmit(undefined, (r) => (r.results[0] ? `/bindings/${r.results[0].id}?done=${r.changeRequest.number}` : null));
  const data = {
    clientId: client?.id ?? "",
    profileId: profile?.id ?? "",
    expiresAt: expiresAt ? new Date(expiresAt).toISOString() : null,
    reason,
  };
  const change = {
    title: `Bind ${client?.name ?? "client"} to ${profile?.name ?? "profile"}${expiresAt ? " (temporary)" : ""}`,
    reason,
    operations: [{ entity: "binding", kind: "create", data }],
  };
  const preview = usePolicyPreview(client && profile ? change : null);

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!client || !profile) return submit.setErrors({ ...(client ? {} : { clientId: "choose a client" }), ...(profile ? {} : { profileId: "choose a profile" }) });
        submit.mutate(change);
      }}
      className="grid max-w-5xl gap-6 lg:grid-cols-[1fr_20rem]"
    >
      <div className="space-y-4">
        <EntityPicker<ClientRow>
          label="Client"
          endpoint="/api/v1/clients"
          queryKey={catalogKeys.clients}
          describe={(c) => `${c.kind} · ${c.status}`}
          value={client}
          onChange={setClient}
          error={submit.errors.clientId}
        />
        <EntityPicker<ProfileRow>
          label="Profile"
          endpoint="/api/v1/profiles"
          queryKey={catalogKeys.profiles}
          describe={(p) => `${p.environment} · v${p.version}`}
          value={profile}
          onChange={setProfile}
          error={submit.errors.profileId}
        />
        <div className="flex flex-col gap-1">
          <label htmlFor="b-expires" className="text-sm font-medium">
            Expires (optional: a temporary grant)
          </label>
          <input
            id="b-expires"
            type="datetime-local"
            value={expiresAt}
            onChange={(e) => setExpiresAt(e.target.value)}
            aria-invalid={!!submit.errors.expiresAt}
            aria-describedby={submit.errors.expiresAt ? "b-expires-error" : undefined}
            className={control}
          />
          {submit.errors.expiresAt ? (
            <p id="b-expires-error" className="text-xs text-rose-600 dark:text-rose-400">
              {submit.errors.expiresAt}
            </p>
          ) : null}
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="b-reason" className="text-sm font-medium">
            Reason
          </label>
          <input id="b-reason" value={reason} onChange={(e) => setReason(e.target.value)} placeholder="Deploys from the orders pipeline" className={control} />
        </div>
        <SubmitButton pending={submit.isPending} done={submit.isSuccess}>Propose change</SubmitButton>
        <ChangeOutcome result={submit.data} error={submit.error} />
      </div>
      <PolicyPanel findings={preview.data?.findings ?? []} pending={preview.isFetching} error={client && profile ? (preview.data?.error ?? null) : "choose a client and a profile"} />
    </form>
  );
}

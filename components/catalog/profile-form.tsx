"use client";
import { humaniseIssues } from "@/lib/validation/humanise";
// New profile: a named bundle of scopes with limits. Policy checks run live
// against the draft (the server previews the change and rolls it back).
import { useMemo, useState } from "react";
import { ChangeOutcome } from "@/components/forms/change-outcome";
import { SubmitButton } from "@/components/forms/fields";
import { useChangeSubmit } from "@/components/forms/use-change-submit";
import { profileCreate } from "@/lib/catalog/schemas";
import { PolicyPanel } from "./policy-panel";
import { ScopePicker, type PickedScope } from "./scope-picker";
import { usePolicyPreview } from "./use-policy-preview";

type Ref = { id: string; name: string };

const lifetimes = [
  [900, "15 minutes"],
  [3600, "1 hour"],
  [4 * 3600, "4 hours"],
  [8 * 3600, "8 hours"],
  [24 * 3600, "24 hours"],
] as const;

const control = "w-full rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950 aria-[invalid=true]:border-rose-500";

export function ProfileForm({ environments, domains }: { environments: Ref[]; domains: Ref[] }) {
  const [draft, setDraft] = useState({ name: "", environmentId: "", domainId: "", owner: "", description: "", maxTokenLifetimeSeconds: 3600, expiresAt: "" });
  const [scopes, setScopes] = useState<PickedScope[]>([]);
  const submit = useChangeSubmit(undefined, (r) => (r.results[0] ? `/profiles/${r.results[0].id}?done=${r.changeRequest.number}` : null));
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const errors = { ...submit.errors, ...clientErrors };
  const set = (field: keyof typeof draft) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) =>
    setDraft((d) => ({ ...d, [field]: field === "maxTokenLifetimeSeconds" ? Number(e.target.value) : e.target.value }));

  const data = useMemo(
    () => ({
      ...draft,
      environmentId: draft.environmentId || null,
      domainId: draft.domainId || null,
      expiresAt: draft.expiresAt ? new Date(draft.expiresAt).toISOString() : null,
      scopeIds: scopes.map((s) => s.id),
    }),
    [draft, scopes],
  );
  const change = { title: `Create profile ${draft.name}`, operations: [{ entity: "profile", kind: "create", data }] };
  const valid = profileCreate.safeParse(data).success;
  const preview = usePolicyPreview(valid ? change : null);
  const envName = environments.find((e) => e.id === draft.environmentId)?.name ?? "";
  const err = (f: string) => (errors[f] ? { "aria-invalid": true, "aria-describedby": `err-${f}` } : {});
  const msg = (f: string) => (errors[f] ? <p id={`err-${f}`} className="text-xs text-rose-600">{errors[f]}</p> : null);

  function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    const parsed = profileCreate.safeParse(data);
    if (!parsed.success) return setClientErrors(humaniseIssues(parsed.error.issues));
    setClientErrors({});
    submit.mutate(change);
  }

  return (
    <form onSubmit={onSubmit} noValidate className="grid max-w-5xl gap-6 lg:grid-cols-[1fr_20rem]">
      <div className="space-y-4">
        <div className="grid gap-4 sm:grid-cols-2">
          <div className="flex flex-col gap-1">
            <label htmlFor="p-name" className="text-sm font-medium">Name</label>
            <input id="p-name" value={draft.name} onChange={set("name")} placeholder="deploy-orders-prod" className={control} {...err("name")} />
            {msg("name")}
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor="p-env" className="text-sm font-medium">Environment</label>
            <select id="p-env" value={draft.environmentId} onChange={set("environmentId")} className={control} {...err("environmentId")}>
              <option value="">Spans environments</option>
              {environments.map((e) => (
                <option key={e.id} value={e.id}>{e.name}</option>
              ))}
            </select>
            {msg("environmentId")}
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor="p-domain" className="text-sm font-medium">Domain</label>
            <select id="p-domain" value={draft.domainId} onChange={set("domainId")} className={control}>
              <option value="">None</option>
              {domains.map((d) => (
                <option key={d.id} value={d.id}>{d.name}</option>
              ))}
            </select>
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor="p-owner" className="text-sm font-medium">Owner</label>
            <input id="p-owner" value={draft.owner} onChange={set("owner")} placeholder="orders-team@acme.example" className={control} />
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor="p-lifetime" className="text-sm font-medium">Max token lifetime</label>
            <select id="p-lifetime" value={draft.maxTokenLifetimeSeconds} onChange={set("maxTokenLifetimeSeconds")} className={control}>
              {lifetimes.map(([s, label]) => (
                <option key={s} value={s}>{label}</option>
              ))}
            </select>
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor="p-expires" className="text-sm font-medium">Expires (optional)</label>
            <input id="p-expires" type="datetime-local" value={draft.expiresAt} onChange={set("expiresAt")} className={control} {...err("expiresAt")} />
            {msg("expiresAt")}
          </div>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="p-description" className="text-sm font-medium">Description</label>
          <textarea id="p-description" rows={2} value={draft.description} onChange={set("description")} className={control} />
        </div>
        <ScopePicker environment={envName} selected={scopes} onChange={setScopes} error={errors.scopeIds ?? errors.addScopeIds} />
        <SubmitButton pending={submit.isPending} done={submit.isSuccess}>Propose change</SubmitButton>
        <ChangeOutcome result={submit.data} error={submit.error} />
      </div>
      <PolicyPanel findings={preview.data?.findings ?? []} pending={preview.isFetching} error={valid ? (preview.data?.error ?? null) : "name and scopes are needed"} />
    </form>
  );
}

"use client";
// Automated revocation policies in Settings: each rule on or off, its
// threshold, whether its change request waits for review or is applied at
// once under the rule's emergency rule, and the schedule. Saving makes the
// admin who saves the principal of scheduled runs. Also the drill objective.
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { RevocationPolicies } from "@/lib/revocation/settings";

const input = "w-20 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950";
const select = "rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950";
const button = "rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700 disabled:opacity-50 dark:bg-slate-100 dark:text-slate-900";

async function put<T>(path: string, body: unknown): Promise<T> {
  const res = await fetch(path, { method: "PUT", headers: { "content-type": "application/json", accept: "application/json" }, body: JSON.stringify(body) });
  const data = (await res.json().catch(() => null)) as (T & { detail?: string }) | null;
  if (!res.ok || !data) throw new Error(data?.detail ?? `saving failed (${res.status})`);
  return data;
}

type Rule = "unusedCredentials" | "oldKeys" | "expiredGrantClients";
const rules: { key: Rule; label: string; days?: string }[] = [
  { key: "unusedCredentials", label: "Revoke credentials unused for", days: "days" },
  { key: "oldKeys", label: "Expire keys older than", days: "days" },
  { key: "expiredGrantClients", label: "Suspend clients whose every grant expired" },
];

export function RevocationPoliciesForm({ policies, owner }: { policies: RevocationPolicies; owner: string | null }) {
  const router = useRouter();
  const [draft, setDraft] = useState(policies);
  const mutation = useMutation({ mutationFn: () => put<RevocationPolicies>("/api/v1/revocation-policies", draft), onSuccess: () => router.refresh() });
  const set = <K extends keyof RevocationPolicies>(k: K, v: Partial<RevocationPolicies[K]>) => setDraft((d) => ({ ...d, [k]: { ...d[k], ...v } }));
  return (
    <form
      aria-label="Revocation policies"
      className="space-y-3 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        mutation.mutate();
      }}
    >
      {rules.map((r) => (
        <div key={r.key} className="flex flex-wrap items-center gap-3">
          <label className="flex items-center gap-2">
            <input type="checkbox" checked={draft[r.key].enabled} onChange={(e) => set(r.key, { enabled: e.target.checked })} />
            {r.label}
          </label>
          {r.days && r.key !== "expiredGrantClients" ? (
            <label className="flex items-center gap-1">
              <span className="sr-only">{r.label} (days)</span>
              <input type="number" min={1} className={input} value={draft[r.key].days} onChange={(e) => set(r.key, { days: Number(e.target.value) })} /> days
            </label>
          ) : null}
          <label className="flex items-center gap-1">
            <span className="sr-only">{r.label}: how it applies</span>
            <select className={select} value={draft[r.key].apply} onChange={(e) => set(r.key, { apply: e.target.value as "review" | "emergency" })}>
              <option value="review">open a change request for review</option>
              <option value="emergency">apply at once (emergency rule, reviewed after)</option>
            </select>
          </label>
        </div>
      ))}
      <label className="flex items-center gap-2">
        <input type="checkbox" checked={draft.narrowedTokens.enabled} onChange={(e) => set("narrowedTokens", { enabled: e.target.checked })} />
        Revoke the live tokens of a client whose binding or profile narrowed
      </label>
      <div className="flex flex-wrap items-center gap-2">
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={draft.schedule.enabled} onChange={(e) => set("schedule", { enabled: e.target.checked })} />
          Run on a schedule, every
        </label>
        <label className="flex items-center gap-1">
          <span className="sr-only">Hours between scheduled runs</span>
          <input type="number" min={1} className={input} value={draft.schedule.everyHours} onChange={(e) => set("schedule", { everyHours: Number(e.target.value) })} /> hours
        </label>
      </div>
      <p className="text-xs text-slate-600 dark:text-slate-400">
        Scheduled runs act for the admin who saved the policies{owner ? ` (now ${owner})` : ""}. Dry runs and runs on demand are on the Drift page.
      </p>
      <div className="flex items-center gap-3">
        <button type="submit" className={button} disabled={mutation.isPending}>
          {mutation.isPending ? "Saving…" : "Save revocation policies"}
        </button>
        {mutation.isSuccess ? <span role="status">Saved.</span> : null}
        {mutation.isError ? (
          <span role="alert" className="text-rose-700 dark:text-rose-300">
            {mutation.error.message}
          </span>
        ) : null}
      </div>
    </form>
  );
}

export function DrillObjectiveForm({ objectiveSeconds }: { objectiveSeconds: number }) {
  const router = useRouter();
  const [value, setValue] = useState(objectiveSeconds);
  const mutation = useMutation({ mutationFn: () => put("/api/v1/drills/policy", { objectiveSeconds: value }), onSuccess: () => router.refresh() });
  return (
    <form
      aria-label="Drill objective"
      className="flex flex-wrap items-center gap-3 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        mutation.mutate();
      }}
    >
      <label className="flex items-center gap-2">
        Contain a breach drill on every instance within
        <input type="number" min={1} className={input} value={value} onChange={(e) => setValue(Number(e.target.value))} /> seconds
      </label>
      <button type="submit" className={button} disabled={mutation.isPending}>
        Save objective
      </button>
      {mutation.isSuccess ? <span role="status">Saved.</span> : null}
      {mutation.isError ? (
        <span role="alert" className="text-rose-700 dark:text-rose-300">
          {mutation.error.message}
        </span>
      ) : null}
    </form>
  );
}

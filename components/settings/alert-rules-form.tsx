"use client";
// Alert rules in Settings: which critical events raise an alert, delivered to
// webhook endpoints subscribed to alert.raised.
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { updateAlertRulesAction } from "@/app/(console)/settings/actions";
import { alertKindHelp, alertKinds, type AlertRules } from "@/lib/alerts/rules";

export function AlertRulesForm({ rules }: { rules: AlertRules }) {
  const router = useRouter();
  const [draft, setDraft] = useState<AlertRules>(rules);
  const mutation = useMutation({
    mutationFn: async (next: AlertRules) => {
      const result = await updateAlertRulesAction(next);
      if (!result.ok) throw new Error(result.error);
      return result.data;
    },
    onSuccess: (saved) => {
      setDraft(saved);
      router.refresh();
    },
  });
  return (
    <form
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        mutation.mutate(draft);
      }}
    >
      <fieldset className="space-y-1">
        <legend className="mb-1 text-sm font-medium">Raise an alert when</legend>
        {alertKinds.map((kind) => (
          <label key={kind} className="flex items-start gap-2 text-sm">
            <input type="checkbox" className="mt-0.5" checked={draft[kind]} onChange={(e) => setDraft({ ...draft, [kind]: e.target.checked })} />
            <span>{alertKindHelp[kind]}</span>
          </label>
        ))}
      </fieldset>
      <p className="text-xs text-slate-600 dark:text-slate-400">
        Alerts are recorded in the audit log and sent to webhooks subscribed to <code className="font-mono">alert.raised</code> (generic JSON or Slack format, per webhook).
      </p>
      <button
        type="submit"
        disabled={mutation.isPending || JSON.stringify(draft) === JSON.stringify(rules)}
        className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-60 dark:bg-sky-500 dark:text-slate-950"
      >
        {mutation.isPending ? "Saving…" : "Save alert rules"}
      </button>
      {mutation.isError ? (
        <p role="alert" className="text-sm text-rose-600">
          {mutation.error.message}
        </p>
      ) : null}
      {mutation.isSuccess ? <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">Alert rules saved.</p> : null}
    </form>
  );
}

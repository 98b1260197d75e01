"use client";
// Approval rules in Settings: how many approvals each risk level needs,
// whether a domain owner must be among them, and whether low-risk changes
// outside protected environments apply without review.
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { updateApprovalRulesAction } from "@/app/(console)/settings/actions";
import { riskLevels } from "@/lib/changes/risk";
import type { ApprovalRules } from "@/lib/changes/approval-rules";
import type { FieldError } from "@/lib/errors";

const input = "w-20 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950 aria-[invalid=true]:border-rose-500";
const muted = "text-xs text-slate-600 dark:text-slate-400";

const same = (a: ApprovalRules, b: ApprovalRules) => JSON.stringify(a) === JSON.stringify(b);

export function ApprovalRulesForm({ rules, defaults }: { rules: ApprovalRules; defaults: ApprovalRules }) {
  const router = useRouter();
  const [draft, setDraft] = useState<ApprovalRules>(rules);
  const [fields, setFields] = useState<FieldError[]>([]);
  const mutation = useMutation({
    mutationFn: async (next: ApprovalRules) => {
      const result = await updateApprovalRulesAction(next);
      if (!result.ok) {
        setFields(result.fields);
        throw new Error(result.error);
      }
      setFields([]);
      return result.data;
    },
    onSuccess: (saved) => {
      setDraft(saved);
      router.refresh();
    },
  });
  const fieldError = (name: string) => fields.find((f) => f.field === name)?.message;

  return (
    <form
      className="space-y-4"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        mutation.mutate(draft);
      }}
    >
      <table className="text-left text-sm">
        <caption className="sr-only">Approvals needed per risk level</caption>
        <thead className="text-xs uppercase tracking-wide text-slate-600 dark:text-slate-400">
          <tr>
            <th scope="col" className="py-1 pr-6 font-semibold">
              Risk
            </th>
            <th scope="col" className="py-1 pr-6 font-semibold">
              Approvals needed
            </th>
            <th scope="col" className="py-1 font-semibold">
              Domain owner must approve
            </th>
          </tr>
        </thead>
        <tbody>
          {riskLevels.map((level) => {
            const countError = fieldError(`approvals.${level}`);
            return (
              <tr key={level} className="border-t border-slate-100 dark:border-slate-800">
                <th scope="row" className="py-2 pr-6 font-medium capitalize">
                  {level}
                </th>
                <td className="py-2 pr-6">
                  <label htmlFor={`approvals-${level}`} className="sr-only">
                    Approvals for {level} risk
                  </label>
                  <input
                    id={`approvals-${level}`}
                    type="number"
                    min={1}
                    max={5}
                    step={1}
                    value={Number.isNaN(draft.approvals[level]) ? "" : draft.approvals[level]}
                    onChange={(e) => setDraft((d) => ({ ...d, approvals: { ...d.approvals, [level]: e.target.valueAsNumber } }))}
                    aria-invalid={!!countError}
                    aria-describedby={`approvals-${level}-hint`}
                    className={input}
                  />{" "}
                  <span id={`approvals-${level}-hint`} className={countError ? "text-xs text-rose-600 dark:text-rose-400" : muted}>
                    {countError ?? `default ${defaults.approvals[level]}`}
                  </span>
                </td>
                <td className="py-2">
                  <label className="inline-flex items-center gap-2">
                    <input
                      type="checkbox"
                      checked={draft.ownerRequired[level]}
                      onChange={(e) => setDraft((d) => ({ ...d, ownerRequired: { ...d.ownerRequired, [level]: e.target.checked } }))}
                    />
                    <span>
                      Owner required for {level} risk <span className={muted}>(default {defaults.ownerRequired[level] ? "yes" : "no"})</span>
                    </span>
                  </label>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <label className="flex items-start gap-2 text-sm">
        <input
          type="checkbox"
          className="mt-1"
          checked={draft.autoApplyLowRiskUnprotected}
          onChange={(e) => setDraft((d) => ({ ...d, autoApplyLowRiskUnprotected: e.target.checked }))}
        />
        <span>
          Apply low-risk changes in unprotected environments without review{" "}
          <span className={muted}>(default {defaults.autoApplyLowRiskUnprotected ? "on" : "off"})</span>
        </span>
      </label>
      <p className={muted}>
        Every reviewed change needs at least one approval, never from its author. New rules apply to requests opened from now on; open requests keep
        the requirement they were opened with.
      </p>
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="submit"
          disabled={mutation.isPending || same(draft, rules)}
          className="rounded-md bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-700 disabled:opacity-60 dark:bg-sky-500 dark:text-slate-950 dark:hover:bg-sky-400"
        >
          {mutation.isPending ? "Saving…" : "Save approval rules"}
        </button>
        <button
          type="button"
          disabled={same(draft, defaults)}
          onClick={() => setDraft(defaults)}
          className="rounded-md border border-slate-300 px-3 py-2 text-sm hover:bg-slate-100 disabled:opacity-60 dark:border-slate-700 dark:hover:bg-slate-800"
        >
          Restore defaults
        </button>
        {mutation.isSuccess && same(draft, rules) ? (
          <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
            Approval rules saved.
          </p>
        ) : null}
      </div>
      {mutation.error ? (
        <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700 dark:bg-rose-950 dark:text-rose-300">
          {mutation.error.message}
        </p>
      ) : null}
    </form>
  );
}

"use client";
// Delete = a change request with one delete operation. Before proposing it,
// the dialog previews what the write path would report (the reach delta: who
// loses which access) so nobody deletes blind. Ends on the list when the
// change applied, or on the change request when it waits for review.
import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { previewChangeAction, submitChangeAction } from "@/app/(console)/changes/actions";
import { reachSummary } from "@/lib/changes/approval-progress";
import type { FormEntity } from "./entity-form";
import { counted } from "@/lib/format";

type Props = {
  entity: FormEntity | "profile";
  id: string;
  /** what a person calls it: "domain payments" */
  label: string;
  /** the list page to go back to after an applied delete */
  listHref: string;
  /** objects that go first in the same change (a resource's scopes) */
  alsoDelete?: { entity: FormEntity | "profile"; id: string }[];
};

const button = "rounded-md px-3 py-1.5 text-sm font-medium disabled:opacity-60";
const danger = `${button} border border-rose-300 bg-white text-rose-700 hover:bg-rose-50 dark:border-rose-800 dark:bg-slate-900 dark:text-rose-300 dark:hover:bg-rose-950`;
const solidDanger = `${button} bg-rose-700 text-white hover:bg-rose-600 dark:bg-rose-500 dark:text-slate-950`;
const secondary = `${button} border border-slate-300 bg-white hover:bg-slate-100 dark:border-slate-700 dark:bg-slate-900 dark:hover:bg-slate-800`;

export function DeleteButton({ entity, id, label, listHref, alsoDelete = [] }: Props) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const input = (r: string) => ({ title: `Delete ${label}`, reason: r, operations: [...alsoDelete.map((o) => ({ entity: o.entity, kind: "delete", id: o.id })), { entity, kind: "delete", id }] });

  const preview = useQuery({
    queryKey: ["delete-preview", entity, id],
    enabled: open,
    retry: false,
    queryFn: async () => {
      const r = await previewChangeAction(input(""));
      if (!r.ok) throw new Error(r.error);
      return r.data;
    },
  });

  const remove = useMutation({
    mutationFn: async () => {
      const r = await submitChangeAction(input(reason));
      if (!r.ok) throw new Error(r.error);
      return r.data;
    },
    onSuccess: (result) => {
      const cr = result.changeRequest;
      router.push(cr.status === "applied" ? listHref : `/changes/${cr.number}`);
      router.refresh();
    },
  });

  const show = () => {
    setOpen(true);
    dialog.current?.showModal();
  };
  const close = () => {
    dialog.current?.close();
    setOpen(false);
  };
  const data = preview.data;
  const delta = data?.delta;
  const lost = delta?.lost ?? [];

  return (
    <>
      <button type="button" className={danger} onClick={show}>
        Delete…
      </button>
      <dialog
        ref={dialog}
        aria-labelledby={`delete-${id}-title`}
        onClose={() => setOpen(false)}
        className="m-auto w-full max-w-lg rounded-lg border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-950/50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
      >
        <div className="space-y-3 p-5 text-sm">
          <h2 id={`delete-${id}-title`} className="text-base font-semibold">
            Delete {label}?
          </h2>
          {alsoDelete.length ? <p>{alsoDelete.length === 1 ? "Its scope is" : `Its ${alsoDelete.length} scopes are`} deleted with it, in the same change request.</p> : null}
          <p>This proposes a change request; nothing is deleted until it is applied (at once when the approval rules need no review).</p>
          <div aria-live="polite" className="rounded-md border border-slate-200 p-3 dark:border-slate-700">
            {preview.isFetching ? (
              <p>Working out who would lose access…</p>
            ) : preview.isError ? (
              <p role="alert" className="text-rose-700 dark:text-rose-300">
                {preview.error.message}
              </p>
            ) : data && delta ? (
              <>
                <p className="font-medium">
                  Reach delta: {reachSummary({ clientsGaining: delta.clientsGaining, clientsLosing: delta.clientsLosing, totalGained: delta.gained.length, totalLost: lost.length })}.
                </p>
                {lost.length ? (
                  <ul aria-label="Access that would be lost" className="mt-2 max-h-40 list-disc overflow-auto pl-5 font-mono text-xs">
                    {lost.slice(0, 50).map((e) => (
                      <li key={`${e.clientId}|${e.resourceId}|${e.action}`}>
                        {e.client} − {e.action} on {e.resource} ({e.environment})
                      </li>
                    ))}
                    {lost.length > 50 ? <li>…and {lost.length - 50} more</li> : null}
                  </ul>
                ) : null}
                <p className="mt-2">
                  Risk {data.risk.level}; {data.requirement.autoApply ? "applies at once." : `needs ${counted(data.requirement.approvals, "approval")} before it applies.`}
                </p>
              </>
            ) : null}
          </div>
          <label className="flex flex-col gap-1">
            <span className="font-medium">Reason</span>
            <input
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              className="rounded-md border border-slate-300 bg-white px-3 py-1.5 dark:border-slate-700 dark:bg-slate-950"
              placeholder="Why it goes (shown to reviewers)"
            />
          </label>
          {remove.isError ? (
            <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-rose-700 dark:bg-rose-950 dark:text-rose-300">
              {remove.error.message}
            </p>
          ) : null}
          <div className="flex justify-end gap-2">
            <button type="button" className={secondary} onClick={close}>
              Keep it
            </button>
            <button type="button" className={solidDanger} disabled={remove.isPending || remove.isSuccess} onClick={() => remove.mutate()}>
              {remove.isPending || remove.isSuccess ? "Proposing…" : "Propose deletion"}
            </button>
          </div>
        </div>
      </dialog>
    </>
  );
}

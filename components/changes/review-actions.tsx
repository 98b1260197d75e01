"use client";
// The controls of a change request: approve / request changes / reject,
// apply, cancel, revert and comment — each through its server action. Which
// controls appear mirrors what the server allows (reviewAbilities); the server
// checks everything again.
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import {
  applyChangeAction,
  cancelChangeAction,
  commentAction,
  revertChangeAction,
  reviewChangeAction,
} from "@/app/(console)/changes/actions";
import type { ReviewAbilities } from "@/lib/changes/approval-progress";
import type { ApplyResult } from "@/lib/changes/workflow/apply-change";
import type { OpenResult } from "@/lib/changes/workflow/open-change";

type Decision = "approve" | "request_changes" | "reject";
type Result<T> = { ok: true; data: T } | { ok: false; error: string };

/** Unwraps an ActionResult, turning a refusal into an error the alert shows. */
async function unwrap<T>(call: Promise<Result<T>>): Promise<T> {
  const r = await call;
  if (!r.ok) throw new Error(r.error);
  return r.data;
}

const button = "rounded-md px-3 py-1.5 text-sm font-medium disabled:opacity-60";
const primary = `${button} bg-slate-900 text-white hover:bg-slate-700 dark:bg-sky-500 dark:text-slate-950 dark:hover:bg-sky-400`;
const good = `${button} bg-emerald-700 text-white hover:bg-emerald-600 dark:bg-emerald-500 dark:text-slate-950 dark:hover:bg-emerald-400`;
const secondary = `${button} border border-slate-300 bg-white hover:bg-slate-100 dark:border-slate-700 dark:bg-slate-900 dark:hover:bg-slate-800`;
const danger = `${button} border border-rose-300 bg-white text-rose-700 hover:bg-rose-50 dark:border-rose-800 dark:bg-slate-900 dark:text-rose-300 dark:hover:bg-rose-950`;
const control = "w-full rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950";

export type ApplyGuard = {
  risk: string;
  /** the reach delta in one line, named in the confirmation */
  reach: string;
};

export function ReviewActions({ id, number, status, abilities, guard }: { id: string; number: number; status: string; abilities: ReviewAbilities; guard: ApplyGuard }) {
  const router = useRouter();
  const confirmDialog = useRef<HTMLDialogElement>(null);
  // high and critical changes are applied only after a confirmation that names what they do to access
  const needsConfirm = guard.risk === "high" || guard.risk === "critical";
  const [comment, setComment] = useState("");
  const [revertReason, setRevertReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const common = {
    onMutate: () => {
      setError(null);
      setNotice(null);
    },
    onError: (e: Error) => setError(e.message),
  };

  const review = useMutation({
    ...common,
    mutationFn: async (decision: Decision) => {
      if (decision === "request_changes" && !comment.trim()) throw new Error("Say in the comment what should change before requesting changes.");
      return unwrap(reviewChangeAction({ id, decision, comment }));
    },
    onSuccess: (data, decision) => {
      setComment("");
      setNotice(
        decision === "reject"
          ? `You rejected CR-${number}.`
          : decision === "request_changes"
            ? `You asked for changes to CR-${number}.`
            : data.status === "approved"
              ? `You approved CR-${number}: it has every approval it needs and can be applied.`
              : `You approved CR-${number}; it still needs more approvals.`,
      );
      router.refresh();
    },
  });

  const apply = useMutation<ApplyResult, Error, void>({
    ...common,
    mutationFn: () => unwrap(applyChangeAction(id)),
    onSuccess: () => router.refresh(),
  });

  const cancel = useMutation({
    ...common,
    mutationFn: () => unwrap(cancelChangeAction(id)),
    onSuccess: () => {
      setNotice(`CR-${number} is cancelled.`);
      router.refresh();
    },
  });

  const revert = useMutation<OpenResult, Error, void>({
    ...common,
    mutationFn: () => unwrap(revertChangeAction({ id, reason: revertReason })),
    onSuccess: () => {
      setRevertReason("");
      router.refresh();
    },
  });

  const addComment = useMutation({
    ...common,
    mutationFn: async () => {
      if (!comment.trim()) throw new Error("Write a comment first.");
      return unwrap(commentAction({ id, body: comment }));
    },
    onSuccess: () => {
      setComment("");
      router.refresh();
    },
  });

  const busy = review.isPending || apply.isPending || cancel.isPending || revert.isPending || addComment.isPending;
  const reverted = revert.data?.changeRequest;

  return (
    <div className="flex flex-col gap-4">
      {abilities.ownRequest ? (
        <p role="note" className="rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700 dark:bg-slate-800 dark:text-slate-300">
          You cannot approve your own request: another approver{abilities.cancel ? " must review it. You can still cancel it." : " must review it."}
        </p>
      ) : null}
      {status === "open" && !abilities.review && !abilities.ownRequest ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">Approvers and admins review open requests; you can comment.</p>
      ) : null}
      {abilities.review && abilities.approvedByViewer ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">You approved this request; it is waiting for the remaining approvals.</p>
      ) : null}

      {abilities.comment ? (
        <div className="flex flex-col gap-1">
          <label htmlFor={`comment-${id}`} className="text-sm font-medium">
            Comment
          </label>
          <textarea
            id={`comment-${id}`}
            rows={3}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            maxLength={2000}
            aria-describedby={`comment-${id}-hint`}
            className={control}
          />
          <p id={`comment-${id}-hint`} className="text-xs text-slate-600 dark:text-slate-400">
            {abilities.review ? "Sent with your review decision, or on its own with Add comment. Requesting changes needs one." : "Visible to everyone who can read this request."}
          </p>
        </div>
      ) : null}

      <div className="flex flex-wrap gap-2">
        {abilities.review ? (
          <>
            <button type="button" className={good} disabled={busy} onClick={() => review.mutate("approve")}>
              Approve
            </button>
            <button type="button" className={secondary} disabled={busy} onClick={() => review.mutate("request_changes")}>
              Request changes
            </button>
            <button type="button" className={danger} disabled={busy} onClick={() => review.mutate("reject")}>
              Reject
            </button>
          </>
        ) : null}
        {abilities.comment ? (
          <button type="button" className={secondary} disabled={busy} onClick={() => addComment.mutate()}>
            Add comment
          </button>
        ) : null}
      </div>

      {abilities.apply || abilities.cancel ? (
        <div className="flex flex-wrap gap-2 border-t border-slate-200 pt-4 dark:border-slate-800">
          {abilities.apply ? (
            <button type="button" className={primary} disabled={busy || apply.isSuccess} onClick={() => (needsConfirm ? confirmDialog.current?.showModal() : apply.mutate())}>
              {apply.isPending ? "Applying…" : "Apply"}
            </button>
          ) : null}
          {abilities.cancel ? (
            <button type="button" className={danger} disabled={busy} onClick={() => cancel.mutate()}>
              Cancel request
            </button>
          ) : null}
        </div>
      ) : null}

      {abilities.apply && needsConfirm ? (
        <dialog
          ref={confirmDialog}
          aria-labelledby={`apply-${id}-title`}
          className="m-auto w-full max-w-lg rounded-lg border border-slate-200 bg-white p-5 text-sm text-slate-900 shadow-xl backdrop:bg-slate-950/50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
        >
          <h2 id={`apply-${id}-title`} className="mb-2 text-base font-semibold">
            Apply CR-{number}, a {guard.risk}-risk change?
          </h2>
          <p className="mb-1">It takes effect at once, everywhere. Reach delta:</p>
          <p className="mb-4 font-medium">{guard.reach}.</p>
          <div className="flex justify-end gap-2">
            <button type="button" className={secondary} onClick={() => confirmDialog.current?.close()}>
              Not now
            </button>
            <button
              type="button"
              className={primary}
              disabled={busy}
              onClick={() => {
                confirmDialog.current?.close();
                apply.mutate();
              }}
            >
              Apply CR-{number}
            </button>
          </div>
        </dialog>
      ) : null}

      {abilities.revert && !reverted ? (
        <div className="flex flex-wrap items-end gap-2 border-t border-slate-200 pt-4 dark:border-slate-800">
          <div className="flex min-w-72 flex-1 flex-col gap-1">
            <label htmlFor={`revert-reason-${id}`} className="text-sm font-medium">
              Reason for reverting (optional)
            </label>
            <input id={`revert-reason-${id}`} value={revertReason} onChange={(e) => setRevertReason(e.target.value)} maxLength={2000} className={control} />
          </div>
          <button type="button" className={danger} disabled={busy} onClick={() => revert.mutate()}>
            {revert.isPending ? "Opening…" : "Revert"}
          </button>
        </div>
      ) : null}

      {error ? (
        <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700 dark:bg-rose-950 dark:text-rose-300">
          {error}
        </p>
      ) : null}
      {notice ? (
        <p role="status" className="text-sm text-emerald-800 dark:text-emerald-300">
          {notice}
        </p>
      ) : null}
      {reverted ? (
        <p role="status" className="rounded-md border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm dark:border-emerald-800 dark:bg-emerald-950">
          <Link href={`/changes/${reverted.number}`} className="font-medium underline">
            CR-{reverted.number}
          </Link>{" "}
          {reverted.status === "applied" ? "applied: the change is reverted." : `opened to revert CR-${number} (risk ${reverted.risk}); it is reviewed like any other request.`}
        </p>
      ) : null}
      {apply.data ? <ApplyResults result={apply.data} /> : null}
    </div>
  );
}

/** What applying did, operation by operation; a created credential's secret is shown here once. */
function ApplyResults({ result }: { result: ApplyResult }) {
  const secrets = result.results.filter((r) => r.secret);
  const held = result.results.filter((r) => r.heldFor);
  return (
    <div role="status" className="rounded-md border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm dark:border-emerald-800 dark:bg-emerald-950">
      <p className="font-medium">
        CR-{result.changeRequest.number} applied: catalog version {result.catalogVersion}.
      </p>
      <ul aria-label="Applied operations" className="mt-1 list-disc pl-5">
        {result.results.map((r, i) => (
          <li key={`${i}-${r.id}`}>
            {r.kind} {r.entity} <span className="font-mono">{r.name}</span>
          </li>
        ))}
      </ul>
      {held.map((r) => (
        <p key={r.id} className="mt-2">
          The secret of <span className="font-mono">{r.name}</span> is sealed for {r.heldFor}, who requested it and sees it once on this page.
        </p>
      ))}
      {secrets.map((r) => (
        <div key={r.id} className="mt-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
          <p className="font-medium">Copy the secret of {r.name} now: it is shown once and never again.</p>
          <label htmlFor={`secret-${r.id}`} className="sr-only">
            Secret of {r.name}
          </label>
          <input
            id={`secret-${r.id}`}
            readOnly
            value={r.secret}
            onFocus={(e) => e.currentTarget.select()}
            className="mt-2 w-full rounded-md border border-amber-300 bg-white px-2 py-1 font-mono text-xs dark:border-amber-800 dark:bg-slate-950"
          />
        </div>
      ))}
    </div>
  );
}

"use client";
// On a change request applied by someone else: the new credential secrets
// sealed for its author, shown to them once. Revealing erases them.
import { useMutation } from "@tanstack/react-query";
import { revealSecretsAction } from "@/app/(console)/changes/actions";

type Waiting = { credentialId: string; credentialName: string; expiresAt: string };

export function SecretPickup({ changeRequestId, waiting }: { changeRequestId: string; waiting: Waiting[] }) {
  const reveal = useMutation({
    mutationFn: async () => {
      const r = await revealSecretsAction(changeRequestId);
      if (!r.ok) throw new Error(r.error);
      return r.data;
    },
  });
  if (!waiting.length && !reveal.data) return null;
  return (
    <section aria-labelledby="secret-pickup" className="mb-6 rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
      <h2 id="secret-pickup" className="mb-1 font-semibold">
        New credential secrets for you
      </h2>
      {reveal.data ? (
        <div role="status">
          <p className="mb-2">Copy them now: they were erased from Perimeter as they were shown.</p>
          {reveal.data.map((s) => (
            <label key={s.credentialId} className="mb-2 block">
              <span className="font-mono text-xs">{s.name}</span>
              <input
                readOnly
                aria-label={`Secret of ${s.name}`}
                value={s.secret}
                onFocus={(e) => e.currentTarget.select()}
                className="mt-1 w-full rounded-md border border-amber-300 bg-white px-2 py-1 font-mono text-xs dark:border-amber-800 dark:bg-slate-950"
              />
            </label>
          ))}
        </div>
      ) : (
        <>
          <p className="mb-2">
            This request created {waiting.map((w) => w.credentialName).join(", ")}. Its secret is sealed for you, the author, and is shown once, until{" "}
            {new Date(waiting[0]!.expiresAt).toLocaleString()}.
          </p>
          <button
            type="button"
            disabled={reveal.isPending}
            onClick={() => reveal.mutate()}
            className="rounded-md border border-amber-400 bg-white px-3 py-1.5 font-medium hover:bg-amber-100 disabled:opacity-60 dark:border-amber-700 dark:bg-slate-900"
          >
            Show the secret once
          </button>
          {reveal.error ? (
            <p role="alert" className="mt-2 text-rose-700 dark:text-rose-300">
              {reveal.error.message}
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}

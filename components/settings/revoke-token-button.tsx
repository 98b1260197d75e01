"use client";
import { useMutation } from "@tanstack/react-query";
import { revokeApiTokenAction } from "@/app/(console)/settings/actions";

export function RevokeTokenButton({ id, name }: { id: string; name: string }) {
  const mutation = useMutation({
    mutationFn: async () => {
      const result = await revokeApiTokenAction(id);
      if (!result.ok) throw new Error(result.error);
    },
  });
  return (
    <span className="flex items-center gap-2">
      <button
        type="button"
        disabled={mutation.isPending}
        aria-label={`Revoke ${name}`}
        onClick={() => {
          if (confirm(`Revoke ${name}? Machines using it lose access at once.`)) mutation.mutate();
        }}
        className="rounded border border-rose-300 px-2 py-0.5 text-xs text-rose-700 hover:bg-rose-50 dark:border-rose-800 dark:text-rose-300 dark:hover:bg-rose-950"
      >
        Revoke
      </button>
      {mutation.isError ? <span role="alert" className="text-xs text-rose-600">{mutation.error.message}</span> : null}
    </span>
  );
}

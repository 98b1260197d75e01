"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { updateUserAction } from "@/app/(console)/settings/actions";

/** Disables a console user (ending their sessions and revoking their API tokens), or enables them again. */
export function UserStatusButton({ id, email, disabled, self }: { id: string; email: string; disabled: boolean; self: boolean }) {
  const router = useRouter();
  const mutation = useMutation({
    mutationFn: async () => {
      const result = await updateUserAction({ id, disabled: !disabled });
      if (!result.ok) throw new Error(result.error);
    },
    onSuccess: () => router.refresh(),
  });
  if (self) return <span className="text-xs text-slate-600 dark:text-slate-400">you</span>;
  return (
    <span className="flex items-center gap-2">
      <button
        type="button"
        disabled={mutation.isPending}
        aria-label={`${disabled ? "Enable" : "Disable"} ${email}`}
        onClick={() => {
          if (disabled || confirm(`Disable ${email}? Their console sessions end and the API tokens they created are revoked, at once.`)) mutation.mutate();
        }}
        className={
          disabled
            ? "rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
            : "rounded border border-rose-300 px-2 py-0.5 text-xs text-rose-700 hover:bg-rose-50 dark:border-rose-800 dark:text-rose-300 dark:hover:bg-rose-950"
        }
      >
        {disabled ? "Enable" : "Disable"}
      </button>
      {mutation.isError ? <span role="alert" className="text-xs text-rose-600">{mutation.error.message}</span> : null}
    </span>
  );
}

"use client";
import { useMutation } from "@tanstack/react-query";
import { updateUserAction } from "@/app/(console)/settings/actions";
import { roles } from "@/lib/auth/permissions";

export function RoleSelect({ id, email, role, disabled }: { id: string; email: string; role: string; disabled: boolean }) {
  const mutation = useMutation({
    mutationFn: async (next: string) => {
      const result = await updateUserAction({ id, role: next });
      if (!result.ok) throw new Error(result.error);
    },
  });
  return (
    <span className="flex items-center gap-2">
      <label className="sr-only" htmlFor={`role-${id}`}>
        Role of {email}
      </label>
      <select
        id={`role-${id}`}
        defaultValue={role}
        disabled={disabled || mutation.isPending}
        onChange={(e) => mutation.mutate(e.target.value)}
        className="rounded border border-slate-300 bg-white px-2 py-0.5 text-sm dark:border-slate-700 dark:bg-slate-950"
      >
        {roles.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
      {mutation.isError ? <span role="alert" className="text-xs text-rose-600">{mutation.error.message}</span> : null}
    </span>
  );
}

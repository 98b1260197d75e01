"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import type { ReactNode } from "react";
import type { ActionResult } from "@/lib/auth/action";

type Props<A, T> = {
  /** The server action, called with `arg`; its error message is shown as an alert. */
  action: (arg: A) => Promise<ActionResult<T>>;
  arg: A;
  label: ReactNode;
  pendingLabel: ReactNode;
  ariaLabel?: string;
  disabled?: boolean;
  className: string;
  wrapperClassName: string;
  errorClassName: string;
  /** Shown between the button and the error, e.g. why it is disabled. */
  hint?: ReactNode;
  /** Replaces the button once the action succeeded (the page is refreshed too). */
  done: (data: T) => ReactNode;
};

/** A button that runs one server action, refreshes the page, then shows its outcome. */
export function ActionButton<A, T>({ action, arg, label, pendingLabel, ariaLabel, disabled = false, className, wrapperClassName, errorClassName, hint, done }: Props<A, T>) {
  const router = useRouter();
  const mutation = useMutation<T, Error>({
    mutationFn: async () => {
      const result = await action(arg);
      if (!result.ok) throw new Error(result.error);
      return result.data;
    },
    onSuccess: () => router.refresh(),
  });
  if (mutation.data) return <>{done(mutation.data)}</>;
  return (
    <span className={wrapperClassName}>
      <button type="button" disabled={disabled || mutation.isPending} aria-label={ariaLabel} onClick={() => mutation.mutate()} className={className}>
        {mutation.isPending ? pendingLabel : label}
      </button>
      {hint}
      {mutation.isError ? (
        <span role="alert" className={errorClassName}>
          {mutation.error.message}
        </span>
      ) : null}
    </span>
  );
}

"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { decideReviewItemAction } from "@/app/(console)/reviews/actions";

const base = "rounded-md border px-2.5 py-1 text-xs font-medium disabled:opacity-50";
const styles = {
  confirm: "border-emerald-300 text-emerald-800 hover:bg-emerald-50 aria-pressed:bg-emerald-100 dark:border-emerald-800 dark:text-emerald-300 dark:hover:bg-emerald-950 dark:aria-pressed:bg-emerald-950",
  revoke: "border-rose-300 text-rose-800 hover:bg-rose-50 aria-pressed:bg-rose-100 dark:border-rose-800 dark:text-rose-300 dark:hover:bg-rose-950 dark:aria-pressed:bg-rose-950",
};

/** Confirm or revoke one binding under review; the decision can change until the review is completed. */
export function DecisionButtons({ reviewId, itemId, binding, decision }: { reviewId: string; itemId: string; binding: string; decision: string }) {
  const router = useRouter();
  const mutation = useMutation<unknown, Error, "confirm" | "revoke">({
    mutationFn: async (d) => {
      const result = await decideReviewItemAction({ reviewId, itemId, decision: d });
      if (!result.ok) throw new Error(result.error);
      return result.data;
    },
    onSuccess: () => router.refresh(),
  });
  return (
    <span className="flex items-center gap-2">
      {(["confirm", "revoke"] as const).map((d) => (
        <button
          key={d}
          type="button"
          disabled={mutation.isPending}
          aria-pressed={decision === d}
          aria-label={`${d === "confirm" ? "Confirm" : "Revoke"} ${binding}`}
          onClick={() => mutation.mutate(d)}
          className={`${base} ${styles[d]}`}
        >
          {d === "confirm" ? "Confirm" : "Revoke"}
        </button>
      ))}
      {mutation.isError ? (
        <span role="alert" className="text-xs text-rose-700 dark:text-rose-300">
          {mutation.error.message}
        </span>
      ) : null}
    </span>
  );
}

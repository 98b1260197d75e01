"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { startReviewAction } from "@/app/(console)/reviews/actions";

type Ref = { id: string; name: string };
type Started = { id: string; name: string; items: number };

const control = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900";
const caption = "text-xs font-medium text-slate-600 dark:text-slate-400";

/** Admins start a campaign over the bindings of one domain or one environment. */
export function StartReviewForm({ domains, environments }: { domains: Ref[]; environments: Ref[] }) {
  const router = useRouter();
  const [kind, setKind] = useState<"domain" | "environment">("domain");
  const [fields, setFields] = useState<Record<string, string>>({});
  const mutation = useMutation<Started, Error, FormData>({
    mutationFn: async (form) => {
      const result = await startReviewAction({ name: form.get("name"), scopeKind: form.get("scopeKind"), scope: form.get("scope") });
      if (!result.ok) {
        setFields(Object.fromEntries(result.fields.map((f) => [f.field, f.message])));
        throw new Error(result.error);
      }
      setFields({});
      return result.data;
    },
    onSuccess: (r) => router.push(`/reviews/${r.id}`),
  });
  const options = kind === "domain" ? domains : environments;
  const error = (name: string) =>
    fields[name] ? (
      <span id={`review-${name}-error`} className="text-xs text-rose-700 dark:text-rose-300">
        {fields[name]}
      </span>
    ) : null;
  return (
    <form
      aria-label="Start an access review"
      className="mb-6 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900"
      onSubmit={(e) => {
        e.preventDefault();
        mutation.mutate(new FormData(e.currentTarget));
      }}
    >
      <div className="flex flex-col gap-1">
        <label htmlFor="review-name" className={caption}>
          Name
        </label>
        <input id="review-name" name="name" required minLength={3} placeholder="Q4 payments access" className={`w-64 ${control}`} aria-describedby={fields.name ? "review-name-error" : undefined} />
        {error("name")}
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="review-kind" className={caption}>
          Over
        </label>
        <select id="review-kind" name="scopeKind" value={kind} onChange={(e) => setKind(e.target.value as "domain" | "environment")} className={control}>
          <option value="domain">a domain</option>
          <option value="environment">an environment</option>
        </select>
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="review-scope" className={caption}>
          {kind === "domain" ? "Domain" : "Environment"}
        </label>
        <select id="review-scope" name="scope" required className={control} aria-describedby={fields.scope ? "review-scope-error" : undefined} key={kind}>
          {options.map((o) => (
            <option key={o.id} value={o.name}>
              {o.name}
            </option>
          ))}
        </select>
        {error("scope")}
      </div>
      <button type="submit" disabled={mutation.isPending} className="rounded-md bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800 disabled:opacity-50">
        {mutation.isPending ? "Starting…" : "Start review"}
      </button>
      {mutation.isError && !Object.keys(fields).length ? (
        <p role="alert" className="basis-full text-sm text-rose-700 dark:text-rose-300">
          {mutation.error.message}
        </p>
      ) : null}
    </form>
  );
}

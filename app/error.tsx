"use client";
import Link from "next/link";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main role="alert" className="mx-auto flex min-h-[60vh] max-w-lg flex-col justify-center gap-3 p-8">
      <p className="text-sm font-medium text-rose-600">Error</p>
      <h1 className="text-2xl font-semibold">This page could not be shown</h1>
      <p className="text-slate-600 dark:text-slate-400">
        The server failed while preparing it. Nothing was changed. Try again; if it keeps failing, give an operator this
        reference{error.digest ? ":" : "."}
        {error.digest ? <code className="ml-1 rounded bg-slate-200 px-1 dark:bg-slate-800">{error.digest}</code> : null}
      </p>
      <div className="flex gap-4">
        <button onClick={reset} className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white dark:bg-slate-100 dark:text-slate-900">
          Try again
        </button>
        <Link className="self-center text-sky-700 underline dark:text-sky-400" href="/">
          Back to the overview
        </Link>
      </div>
    </main>
  );
}

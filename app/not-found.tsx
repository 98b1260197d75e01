import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-[60vh] max-w-lg flex-col justify-center gap-3 p-8">
      <p className="text-sm font-medium text-sky-600 dark:text-sky-400">404</p>
      <h1 className="text-2xl font-semibold">This page does not exist</h1>
      <p className="text-slate-600 dark:text-slate-400">
        The address may be mistyped, or the object it pointed to was deleted by a change request. The audit log records
        every deletion.
      </p>
      <p className="flex gap-4">
        <Link className="text-sky-700 underline dark:text-sky-400" href="/">
          Back to the overview
        </Link>
        <Link className="text-sky-700 underline dark:text-sky-400" href="/audit">
          Open the audit log
        </Link>
      </p>
    </main>
  );
}

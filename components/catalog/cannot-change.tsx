export function CannotChange({ role }: { role?: string }) {
  return (
    <p role="status" className="rounded-md border border-slate-200 bg-white p-4 text-sm dark:border-slate-800 dark:bg-slate-900">
      The {role ?? "current"} role can read the catalog but not change it. Editors, approvers and admins open change requests.
    </p>
  );
}

// What the colours mean: environments on the nodes' left border, edge kinds.
const swatch = (colour: string) => <span aria-hidden className="inline-block h-0.5 w-5 align-middle" style={{ background: colour }} />;
const env = (cls: string) => <span aria-hidden className={`inline-block h-3 w-1 align-middle ${cls}`} />;

export function Legend() {
  return (
    <details className="absolute left-2 top-2 z-10 rounded-md border border-slate-200 bg-white/90 px-2 py-1 text-xs shadow-sm dark:border-slate-700 dark:bg-slate-900/90">
      <summary className="cursor-pointer">Legend</summary>
      <ul className="mt-1 space-y-0.5">
        <li>{env("bg-rose-500")} prod (protected) {env("bg-amber-500")} staging {env("bg-emerald-500")} dev</li>
        <li>{swatch("#94a3b8")} binding / holds / acts on</li>
        <li>{swatch("#8b5cf6")} claim rule (OIDC)</li>
        <li>{swatch("#f59e0b")} temporary grant (expires)</li>
        <li>{swatch("#0ea5e9")} path of the answer</li>
        <li>{swatch("#10b981")} gained by the change {swatch("#f43f5e")} lost</li>
        <li>Columns: clients → profiles → scopes → resources</li>
      </ul>
    </details>
  );
}

"use client";
// A secret the console shows once (client secrets, API tokens, webhook signing
// secrets): the value, and a button that copies it and says whether it did.
import { useState } from "react";

export function ShownOnce({ label, value }: { label: string; value: string }) {
  // which value was copied: a new secret shown in the same place is not "Copied." until it is
  const [copy, setCopy] = useState<{ value: string; ok: boolean } | null>(null);
  const copied = copy?.value === value ? copy.ok : null;
  const copyNow = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopy({ value, ok: true });
    } catch {
      // no clipboard (an insecure origin, a refused permission): the text can still be selected
      setCopy({ value, ok: false });
    }
  };
  return (
    <div>
      <code aria-label={label} className="block break-all rounded bg-white p-2 font-mono text-xs dark:bg-slate-900">
        {value}
      </code>
      <div className="mt-2 flex flex-wrap items-center gap-3">
        <button
          type="button"
          onClick={() => void copyNow()}
          className="rounded-md border border-amber-400 bg-white px-2 py-1 text-xs font-medium hover:bg-amber-100 dark:border-amber-700 dark:bg-slate-900 dark:hover:bg-slate-800"
        >
          Copy to clipboard
        </button>
        <span aria-live="polite" className="text-xs">
          {copied === true ? "Copied." : copied === false ? "The browser did not allow copying: select the text and copy it." : ""}
        </span>
      </div>
    </div>
  );
}

"use client";
// Ingress import: pick where the routes go, paste or upload manifests,
// preview what would be created (and skipped), then propose the change request.
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState } from "react";
import { previewIngressImportAction, submitIngressImportAction } from "@/app/(console)/import/actions";
import type { IngressImportResult } from "@/lib/catalog/import/ingress";
import type { FieldError } from "@/lib/errors";

export type Option = { value: string; label: string };

const control =
  "w-full rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm shadow-sm aria-[invalid=true]:border-rose-500 dark:border-slate-700 dark:bg-slate-950";
const primary =
  "rounded-md bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-700 disabled:opacity-60 dark:bg-sky-500 dark:text-slate-950 dark:hover:bg-sky-400";
const secondary =
  "rounded-md border border-slate-300 px-4 py-2 text-sm font-medium hover:bg-slate-100 disabled:opacity-60 dark:border-slate-700 dark:hover:bg-slate-800";

type Input = { yaml: string; environmentId: string; domainId: string };

class ImportRejected extends Error {
  constructor(
    message: string,
    readonly fields: FieldError[],
  ) {
    super(message);
  }
}

async function call(action: typeof previewIngressImportAction, input: Input): Promise<IngressImportResult> {
  const result = await action(input);
  if (!result.ok) throw new ImportRejected(result.error, result.fields);
  return result.data;
}

const sameInput = (a: Input | null, b: Input) => !!a && a.yaml === b.yaml && a.environmentId === b.environmentId && a.domainId === b.domainId;

export function IngressImportForm({ environments, domains }: { environments: Option[]; domains: Option[] }) {
  const id = useId();
  const [input, setInput] = useState<Input>({ yaml: "", environmentId: "", domainId: "" });
  const [previewedFor, setPreviewedFor] = useState<Input | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);

  const preview = useMutation<IngressImportResult, Error, Input>({
    mutationFn: (i) => call(previewIngressImportAction, i),
    onSuccess: (_, i) => setPreviewedFor(i),
  });
  const submit = useMutation<IngressImportResult, Error, Input>({ mutationFn: (i) => call(submitIngressImportAction, i) });

  const error = submit.error ?? preview.error;
  const fields = error instanceof ImportRejected ? error.fields : [];
  const fieldError = (name: keyof Input) => fields.find((f) => f.field === name)?.message;
  const yamlErrors = fields.filter((f) => f.field === "yaml" || f.field.startsWith("documents"));
  const otherError = error && !fields.some((f) => ["environmentId", "domainId", "yaml"].includes(f.field) || f.field.startsWith("documents")) ? error.message : null;

  const current = preview.data && sameInput(previewedFor, input) ? preview.data : null;
  const canPropose = !!current?.result && !submit.isPending && !submit.data;

  function update(patch: Partial<Input>) {
    setInput((i) => ({ ...i, ...patch }));
    submit.reset();
  }

  async function readFiles(files: FileList | null) {
    setFileError(null);
    if (!files?.length) return;
    try {
      const texts = await Promise.all([...files].map((f) => f.text()));
      update({ yaml: texts.map((t) => t.trim()).join("\n---\n") });
    } catch {
      setFileError("The file could not be read.");
    }
  }

  const ids = { env: `${id}-env`, domain: `${id}-domain`, yaml: `${id}-yaml`, file: `${id}-file` };
  return (
    <div className="max-w-4xl space-y-6">
      <form
        noValidate
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          submit.reset();
          preview.mutate(input);
        }}
      >
        <div className="grid gap-4 sm:grid-cols-2">
          <div className="flex flex-col gap-1">
            <label htmlFor={ids.env} className="text-sm font-medium">
              Environment
            </label>
            <select
              id={ids.env}
              value={input.environmentId}
              onChange={(e) => update({ environmentId: e.target.value })}
              aria-invalid={!!fieldError("environmentId")}
              aria-describedby={`${ids.env}-error`}
              className={control}
            >
              <option value="">Choose an environment</option>
              {environments.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
            <p id={`${ids.env}-error`} className="text-xs text-rose-600 dark:text-rose-400">
              {fieldError("environmentId")}
            </p>
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor={ids.domain} className="text-sm font-medium">
              Domain
            </label>
            <select
              id={ids.domain}
              value={input.domainId}
              onChange={(e) => update({ domainId: e.target.value })}
              aria-invalid={!!fieldError("domainId")}
              aria-describedby={`${ids.domain}-error`}
              className={control}
            >
              <option value="">Choose a domain</option>
              {domains.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
            <p id={`${ids.domain}-error`} className="text-xs text-rose-600 dark:text-rose-400">
              {fieldError("domainId")}
            </p>
          </div>
        </div>

        <div className="flex flex-col gap-1">
          <label htmlFor={ids.yaml} className="text-sm font-medium">
            Ingress manifests (YAML)
          </label>
          <textarea
            id={ids.yaml}
            value={input.yaml}
            onChange={(e) => update({ yaml: e.target.value })}
            rows={14}
            spellCheck={false}
            placeholder={"apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: orders-api\n…"}
            aria-invalid={yamlErrors.length > 0}
            aria-describedby={`${ids.yaml}-hint ${ids.yaml}-error`}
            className={`${control} font-mono text-xs`}
          />
          <p id={`${ids.yaml}-hint`} className="text-xs text-slate-600 dark:text-slate-400">
            One or more documents separated by ---. Each host and path of a networking.k8s.io/v1 Ingress becomes one resource; other kinds are skipped.
          </p>
          <div id={`${ids.yaml}-error`} className="text-xs text-rose-600 dark:text-rose-400">
            {yamlErrors.length ? (
              <ul className="list-disc pl-5">
                {yamlErrors.map((f) => (
                  <li key={`${f.field}: ${f.message}`}>
                    <code>{f.field}</code>: {f.message}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        </div>

        <div className="flex flex-col gap-1">
          <label htmlFor={ids.file} className="text-sm font-medium">
            Or upload manifest files
          </label>
          <input
            id={ids.file}
            type="file"
            accept=".yaml,.yml,application/yaml,text/yaml,text/plain"
            multiple
            onChange={(e) => void readFiles(e.target.files)}
            className="text-sm file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 file:text-sm dark:file:border-slate-700 dark:file:bg-slate-900 dark:file:text-slate-100"
          />
          {fileError ? <p className="text-xs text-rose-600 dark:text-rose-400">{fileError}</p> : null}
        </div>

        <div className="flex flex-wrap gap-3">
          <button type="submit" disabled={preview.isPending} className={secondary}>
            {preview.isPending ? "Previewing…" : "Preview"}
          </button>
          <button type="button" disabled={!canPropose} className={primary} onClick={() => submit.mutate(input)}>
            {submit.isPending ? "Proposing…" : "Propose change request"}
          </button>
        </div>
        {preview.data && !current && !submit.data ? (
          <p className="text-xs text-slate-600 dark:text-slate-400">The input changed since the preview: preview again before proposing.</p>
        ) : null}
      </form>

      {otherError ? (
        <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700 dark:bg-rose-950 dark:text-rose-300">
          {otherError}
        </p>
      ) : fields.length ? (
        <p role="alert" className="sr-only">
          {error?.message}
        </p>
      ) : null}

      {submit.data ? <Outcome out={submit.data} /> : current ? <PreviewTable out={current} /> : null}
    </div>
  );
}

function Outcome({ out }: { out: IngressImportResult }) {
  if (!out.result) {
    return (
      <p role="status" className="rounded-md border border-slate-200 bg-white px-3 py-2 text-sm dark:border-slate-800 dark:bg-slate-900">
        Nothing was imported: every route was skipped.
      </p>
    );
  }
  const cr = out.result.changeRequest;
  if (!cr) return null;
  return (
    <div role="status" className="rounded-md border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm dark:border-emerald-800 dark:bg-emerald-950">
      <p>
        <Link href={`/changes/${cr.number}`} className="font-medium underline">
          CR-{cr.number}
        </Link>{" "}
        {cr.status === "applied" ? "applied" : cr.status === "open" ? "waits for review" : `is ${cr.status}`}: {cr.title}.
      </p>
      {out.skipped.length ? <p className="mt-1">{out.skipped.length} skipped (see the change request's reason).</p> : null}
    </div>
  );
}

function PreviewTable({ out }: { out: IngressImportResult }) {
  const th = "px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400";
  const td = "px-3 py-2 align-top";
  return (
    <section aria-labelledby="import-preview" className="space-y-4">
      <h2 id="import-preview" className="font-semibold">
        Preview: {out.title}
      </h2>
      {out.routes.length ? (
        <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
          <table className="min-w-full divide-y divide-slate-200 text-sm dark:divide-slate-800">
            <caption className="sr-only">Routes that would be created</caption>
            <thead className="bg-slate-50 dark:bg-slate-900">
              <tr>
                <th scope="col" className={th}>
                  Route
                </th>
                <th scope="col" className={th}>
                  Ingress
                </th>
                <th scope="col" className={th}>
                  Resource
                </th>
                <th scope="col" className={th}>
                  Scopes
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
              {out.routes.map((r) => (
                <tr key={r.resourceName}>
                  <td className={`${td} font-mono text-xs`}>
                    {r.host}
                    {r.path}
                  </td>
                  <td className={td}>
                    {r.namespace}/{r.ingress}
                    {r.ingressClassName ? <span className="text-slate-600 dark:text-slate-400"> ({r.ingressClassName})</span> : null}
                  </td>
                  <td className={`${td} font-mono text-xs`}>{r.resourceName}</td>
                  <td className={`${td} font-mono text-xs`}>{r.scopes.join(", ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="text-sm">No new routes: nothing would be created.</p>
      )}
      {out.result?.findings.length ? (
        <div className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm dark:border-amber-800 dark:bg-amber-950">
          <p className="font-medium">Policy findings</p>
          <ul className="list-disc pl-5">
            {out.result.findings.map((f) => (
              <li key={`${f.checkId}-${f.target.id}`}>
                <code>{f.checkId}</code> ({f.severity}) on {f.target.name}: {f.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {out.skipped.length ? (
        <div>
          <h3 className="mb-1 text-sm font-semibold">Skipped ({out.skipped.length})</h3>
          <ul className="list-disc space-y-1 pl-5 text-sm">
            {out.skipped.map((s) => (
              <li key={`${s.at}-${s.what}`}>
                <span className="font-medium">{s.what}</span> <code className="text-xs text-slate-600 dark:text-slate-400">{s.at}</code>: {s.reason}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}

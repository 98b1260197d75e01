"use client";
import { humaniseIssues } from "@/lib/validation/humanise";
// New resource, with its standard scopes in the same change request.
import { useRef, useState } from "react";
import { ChangeOutcome } from "@/components/forms/change-outcome";
import { SelectField, SubmitButton, TextAreaField, TextField, type Option } from "@/components/forms/fields";
import { useChangeSubmit } from "@/components/forms/use-change-submit";
import { criticalities, resourceCreate, resourceKinds, standardActions } from "@/lib/catalog/schemas";
import { PolicyPanel } from "./policy-panel";
import { usePolicyPreview } from "./use-policy-preview";

const options = (values: readonly string[]): Option[] => values.map((v) => ({ value: v, label: v }));

type Draft = { data: Record<string, string>; extra: string[] };

function readForm(form: HTMLFormElement): Draft {
  const f = new FormData(form);
  const get = (k: string, fallback = "") => String(f.get(k) ?? fallback);
  return {
    data: {
      name: get("name"),
      kind: get("kind"),
      environmentId: get("environmentId"),
      domainId: get("domainId"),
      criticality: get("criticality", "medium"),
      owner: get("owner"),
      description: get("description"),
    },
    extra: get("extraActions")
      .split(",")
      .map((a) => a.trim())
      .filter(Boolean),
  };
}

const ID_PLACEHOLDER = "new-resource";

function operations(draft: Draft, actions: string[], id: string) {
  return [
    { entity: "resource", kind: "create", id, data: draft.data },
    ...[...new Set([...actions, ...draft.extra])].map((action) => ({ entity: "scope", kind: "create", data: { resourceId: id, action } })),
  ];
}

export function ResourceForm({ environments, domains }: { environments: Option[]; domains: Option[] }) {
  const [actions, setActions] = useState<string[]>([...standardActions]);
  const formRef = useRef<HTMLFormElement>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const complete = draft && resourceCreate.safeParse(draft.data).success;
  const preview = usePolicyPreview(complete ? { title: "preview", operations: operations(draft, actions, ID_PLACEHOLDER) } : null);
  // operation 0 is the resource; 1.. are its scopes, whose errors belong to "scopes"
  const submit = useChangeSubmit(
    (field, op) => (op === 0 ? field : "scopes"),
    (r) => (r.results[0] ? `/resources/${r.results[0].id}?done=${r.changeRequest.number}` : null),
  );
  const { errors, setErrors } = submit;

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const current = readForm(e.currentTarget);
    const data = current.data;
    const parsed = resourceCreate.safeParse(data);
    if (!parsed.success) {
      setErrors(humaniseIssues(parsed.error.issues));
      return;
    }
    const id = `res-${crypto.randomUUID()}`;
    const ops = operations(current, actions, id);
    submit.mutate({
      title: `Register ${data.name} with ${ops.length - 1} scopes`,
      reason: String(new FormData(e.currentTarget).get("reason") ?? ""),
      operations: ops,
    });
  }

  return (
    <form
      ref={formRef}
      onSubmit={onSubmit}
      onChange={() => formRef.current && setDraft(readForm(formRef.current))}
      noValidate
      className="grid max-w-5xl gap-6 lg:grid-cols-[1fr_20rem]"
    >
      <div className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField name="name" label="Name" placeholder="orders-db" error={errors.name} hint="Lowercase and descriptive; unique in its environment." />
        <SelectField name="kind" label="Kind" options={options(resourceKinds)} placeholder="Choose a kind" error={errors.kind} />
        <SelectField name="environmentId" label="Environment" options={environments} placeholder="Choose an environment" error={errors.environmentId} />
        <SelectField name="domainId" label="Domain" options={domains} placeholder="Choose a domain" error={errors.domainId} />
        <SelectField name="criticality" label="Criticality" options={options(criticalities)} defaultValue="medium" error={errors.criticality} />
        <TextField name="owner" label="Owner" placeholder="orders-team@acme.example" error={errors.owner} />
      </div>
      <TextAreaField name="description" label="Description" error={errors.description} />
      <fieldset className="rounded-md border border-slate-200 p-3 dark:border-slate-800">
        <legend className="px-1 text-sm font-medium">Standard scopes</legend>
        <div className="flex gap-6">
          {standardActions.map((a) => (
            <label key={a} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                checked={actions.includes(a)}
                onChange={(e) => setActions((cur) => (e.target.checked ? [...cur, a] : cur.filter((x) => x !== a)))}
              />
              <code>&lt;name&gt;:{a}</code>
            </label>
          ))}
        </div>
        <div className="mt-3">
          <TextField name="extraActions" label="Other actions" placeholder="deploy, rotate" hint="Custom verbs, comma-separated." />
        </div>
        {errors.scopes ? <p className="mt-1 text-xs text-rose-600">{errors.scopes}</p> : null}
      </fieldset>
      <TextField name="reason" label="Reason for the change" placeholder="New service for checkout" />
      <SubmitButton pending={submit.isPending} done={submit.isSuccess}>Propose change</SubmitButton>
      <ChangeOutcome result={submit.data} error={submit.error} />
      </div>
      <PolicyPanel findings={preview.data?.findings ?? []} pending={preview.isFetching} error={complete ? (preview.data?.error ?? null) : "name, kind, environment and domain are needed"} />
    </form>
  );
}

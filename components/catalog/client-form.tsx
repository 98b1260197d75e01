"use client";
import { humaniseIssues } from "@/lib/validation/humanise";
// New client: who acts (a person, a pipeline, a job, a service, a key).
import { ChangeOutcome } from "@/components/forms/change-outcome";
import { SelectField, SubmitButton, TextAreaField, TextField, type Option } from "@/components/forms/fields";
import { useChangeSubmit } from "@/components/forms/use-change-submit";
import { clientCreate, clientKinds } from "@/lib/catalog/schemas";

export function ClientForm({ domains }: { domains: Option[] }) {
  const submit = useChangeSubmit(undefined, (r) => (r.results[0] ? `/clients/${r.results[0].id}?done=${r.changeRequest.number}` : null));
  const { errors, setErrors } = submit;

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const data = {
      name: String(form.get("name") ?? ""),
      displayName: String(form.get("displayName") ?? ""),
      kind: String(form.get("kind") ?? ""),
      domainId: String(form.get("domainId") ?? "") || null,
      owner: String(form.get("owner") ?? ""),
      description: String(form.get("description") ?? ""),
    };
    const parsed = clientCreate.safeParse(data);
    if (!parsed.success) return setErrors(humaniseIssues(parsed.error.issues));
    submit.mutate({ title: `Register client ${data.name}`, operations: [{ entity: "client", kind: "create", data }] });
  }

  const created = submit.data?.results[0];
  return (
    <form onSubmit={onSubmit} noValidate className="max-w-2xl space-y-4">
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField name="name" label="Name" placeholder="ci-orders" error={errors.name} hint="Lowercase; unique across Perimeter." />
        <SelectField name="kind" label="Kind" options={clientKinds.map((k) => ({ value: k, label: k }))} placeholder="Choose a kind" error={errors.kind} />
        <TextField name="displayName" label="Display name" error={errors.displayName} />
        <SelectField name="domainId" label="Domain" options={domains} placeholder="None" error={errors.domainId} />
        <TextField name="owner" label="Owner" placeholder="orders-team@acme.example" error={errors.owner} />
      </div>
      <TextAreaField name="description" label="Description" error={errors.description} />
      <SubmitButton pending={submit.isPending} done={submit.isSuccess}>Propose change</SubmitButton>
      <ChangeOutcome result={submit.data} error={submit.error} />
      {created ? (
        <p className="text-sm">
          Next:{" "}
          <a className="text-sky-700 underline dark:text-sky-400" href={`/bindings/new?client=${created.id}`}>
            bind {created.name} to a profile
          </a>
        </p>
      ) : null}
    </form>
  );
}

"use client";
// Issue a client secret from the console: a label, an expiry that defaults to
// the drift policy's rotation period (never "no expiry" in one click), and the
// reminder that a credential carries no scopes of its own — the client's
// bindings decide what a token may do. The secret is shown once, here, when
// the change applied at once; when review is needed it waits, sealed for the
// author, on the change request's page.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { SelectField, SubmitButton, TextField, type Option } from "@/components/forms/fields";
import { ChangeOutcome } from "@/components/forms/change-outcome";
import { useChangeSubmit } from "@/components/forms/use-change-submit";
import { newId } from "@/components/forms/new-id";
import { ShownOnce } from "@/components/ui/shown-once";

const day = 86_400_000;
const maxDays = 3650;

export function CredentialForm({ clients, clientId, defaultDays }: { clients: Option[]; clientId?: string; defaultDays: number }) {
  const router = useRouter();
  const submit = useChangeSubmit();
  const { errors, setErrors } = submit;
  const [days, setDays] = useState(String(defaultDays));
  const [credentialId] = useState(() => newId("credential"));

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (submit.isPending || submit.isSuccess) return;
    const form = new FormData(e.currentTarget);
    const client = String(form.get("clientId") ?? "");
    const label = String(form.get("label") ?? "").trim();
    const n = Number(days);
    const problems: Record<string, string> = {};
    if (!client) problems.clientId = "choose the client that will use this secret";
    if (!label) problems.label = "give it a label, e.g. where it is stored (ci-vault)";
    if (!Number.isInteger(n) || n < 1 || n > maxDays) problems.expiresInDays = `enter a whole number of days from 1 to ${maxDays}`;
    if (Object.keys(problems).length) return setErrors(problems);
    setErrors({});
    const expiresAt = new Date(Date.now() + n * day).toISOString();
    submit.mutate(
      {
        title: `Issue a client secret "${label}"`,
        reason: String(form.get("changeReason") ?? ""),
        operations: [{ entity: "credential", kind: "create", id: credentialId, data: { clientId: client, kind: "secret", label, expiresAt } }],
      },
      {
        onSuccess: (result) => {
          if (result.changeRequest.status !== "applied") router.push(`/changes/${result.changeRequest.number}`);
        },
      },
    );
  }

  const created = submit.data?.changeRequest.status === "applied" ? submit.data.results.find((r) => r.entity === "credential") : undefined;
  return (
    <form onSubmit={onSubmit} noValidate className="max-w-2xl space-y-4" aria-busy={submit.isPending}>
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField name="clientId" label="Client" options={clients} placeholder="Choose a client" defaultValue={clientId} error={errors.clientId} />
        <TextField name="label" label="Label" placeholder="ci-vault" error={errors.label} hint="Where the secret lives or who uses it." />
        <div className="flex flex-col gap-1">
          <label htmlFor="field-expiresInDays" className="text-sm font-medium">
            Expires after (days)
          </label>
          <input
            id="field-expiresInDays"
            name="expiresInDays"
            type="number"
            min={1}
            max={maxDays}
            value={days}
            onChange={(e) => setDays(e.target.value)}
            aria-invalid={!!errors.expiresInDays}
            aria-describedby="field-expiresInDays-help"
            className="w-full rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm shadow-sm aria-[invalid=true]:border-rose-500 dark:border-slate-700 dark:bg-slate-950"
          />
          <p id="field-expiresInDays-help" className={`text-xs ${errors.expiresInDays ? "text-rose-600 dark:text-rose-400" : "text-slate-600 dark:text-slate-400"}`}>
            {errors.expiresInDays ?? `Default ${defaultDays} days, the drift policy's rotation period (drift flags older credentials). Every secret expires.`}
          </p>
        </div>
      </div>
      <p role="note" className="rounded-md border border-sky-200 bg-sky-50 px-3 py-2 text-sm text-sky-950 dark:border-sky-900 dark:bg-sky-950 dark:text-sky-100">
        A credential has no scopes of its own and they cannot be changed on it: what a token may do comes from the client’s bindings and claim rules. To change
        access, edit those; to change the secret, rotate it.
      </p>
      <TextField name="changeReason" label="Reason for the change" placeholder="New pipeline secret" />
      <SubmitButton pending={submit.isPending} done={submit.isSuccess}>Issue secret</SubmitButton>
      <ChangeOutcome result={submit.data} error={submit.error} />
      {created && "secret" in created && created.secret ? (
        <div role="status" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950">
          <p className="mb-1 font-medium">Copy the new secret now: it is shown only once.</p>
          <ShownOnce label="New client secret" value={created.secret} />
          <p className="mt-2">
            <Link href={`/credentials/${created.id}`} className="text-sky-700 underline dark:text-sky-400">
              Open credential {created.name}
            </Link>
          </p>
        </div>
      ) : created ? (
        <p>
          <Link href={`/credentials/${created.id}`} className="text-sky-700 underline dark:text-sky-400">
            Open credential {created.name}
          </Link>
        </p>
      ) : null}
    </form>
  );
}

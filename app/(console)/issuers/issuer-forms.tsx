"use client";
// Token service administration: register a trusted OIDC issuer (its JWKS
// pasted as JSON, or a JWKS URL), stop trusting one, rotate the signing key.
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import type { FieldError } from "@/lib/errors";
import { createIssuerAction, deleteIssuerAction, rotateKeyAction } from "./actions";

const input = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950 aria-[invalid=true]:border-rose-500";
const primary = "rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-60 dark:bg-sky-500 dark:text-slate-950";

function Field({ id, label, error, hint, children }: { id: string; label: string; error?: string; hint?: string; children: React.ReactNode }) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      {children}
      <span id={`${id}-note`} className={`text-xs ${error ? "text-rose-600 dark:text-rose-400" : "text-slate-600 dark:text-slate-400"}`}>
        {error ?? hint}
      </span>
    </div>
  );
}

export function IssuerForm() {
  const formRef = useRef<HTMLFormElement>(null);
  const router = useRouter();
  const [fields, setFields] = useState<FieldError[]>([]);
  const mutation = useMutation({
    mutationFn: async (form: FormData) => {
      const jwksText = String(form.get("jwks") ?? "").trim();
      let jwks: unknown;
      if (jwksText) {
        try {
          jwks = JSON.parse(jwksText);
        } catch {
          setFields([{ field: "jwks", message: "must be a JSON document: { \"keys\": [ … ] }" }]);
          throw new Error("jwks: must be a JSON document");
        }
      }
      const jwksUri = String(form.get("jwksUri") ?? "").trim();
      const result = await createIssuerAction({
        name: form.get("name"),
        issuer: form.get("issuer"),
        audience: form.get("audience"),
        ...(jwks !== undefined ? { jwks } : {}),
        ...(jwksUri ? { jwksUri } : {}),
      });
      if (!result.ok) {
        setFields(result.fields);
        throw new Error(result.error);
      }
      setFields([]);
      formRef.current?.reset();
      router.refresh();
      return result.data;
    },
  });
  const err = (name: string) => fields.find((f) => f.field === name || f.field.startsWith(`${name}.`))?.message;
  return (
    <form
      ref={formRef}
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        mutation.mutate(new FormData(e.currentTarget));
      }}
    >
      <div className="grid gap-3 md:grid-cols-3">
        <Field id="issuer-name" label="Name" error={err("name")} hint="e.g. github-actions">
          <input id="issuer-name" name="name" className={input} aria-invalid={!!err("name")} aria-describedby="issuer-name-note" />
        </Field>
        <Field id="issuer-url" label="Issuer URL" error={err("issuer")} hint="the iss claim of its tokens">
          <input id="issuer-url" name="issuer" type="url" className={`${input} font-mono`} placeholder="https://token.actions.githubusercontent.com" aria-invalid={!!err("issuer")} aria-describedby="issuer-url-note" />
        </Field>
        <Field id="issuer-audience" label="Audience" error={err("audience")} hint="the aud its tokens must carry for Perimeter">
          <input id="issuer-audience" name="audience" className={`${input} font-mono`} aria-invalid={!!err("audience")} aria-describedby="issuer-audience-note" />
        </Field>
      </div>
      <div className="grid gap-3 md:grid-cols-2">
        <Field id="issuer-jwks" label="JWKS (JSON)" error={err("jwks")} hint="paste the public keys, or give a JWKS URL instead">
          <textarea id="issuer-jwks" name="jwks" rows={4} className={`${input} font-mono text-xs`} placeholder='{"keys":[{"kty":"EC","crv":"P-256","x":"…","y":"…","kid":"…"}]}' aria-invalid={!!err("jwks")} aria-describedby="issuer-jwks-note" />
        </Field>
        <Field id="issuer-jwks-uri" label="JWKS URL" error={err("jwksUri")} hint="fetched and cached; refetched when a token names an unknown key">
          <input id="issuer-jwks-uri" name="jwksUri" type="url" className={`${input} font-mono`} placeholder="https://…/.well-known/jwks" aria-invalid={!!err("jwksUri")} aria-describedby="issuer-jwks-uri-note" />
        </Field>
      </div>
      <button type="submit" disabled={mutation.isPending} className={primary}>
        {mutation.isPending ? "Registering…" : "Trust this issuer"}
      </button>
      {mutation.isError ? (
        <p role="alert" className="text-sm text-rose-600">
          {mutation.error.message}
        </p>
      ) : mutation.data ? (
        <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
          {mutation.data.name} is trusted: claim rules naming {mutation.data.issuer} can now exchange its tokens.
        </p>
      ) : null}
    </form>
  );
}

export function DeleteIssuerButton({ id, name }: { id: string; name: string }) {
  const router = useRouter();
  const mutation = useMutation({
    mutationFn: async () => {
      const result = await deleteIssuerAction(id);
      if (!result.ok) throw new Error(result.error);
      router.refresh();
      return result.data;
    },
  });
  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        disabled={mutation.isPending}
        className="text-sm text-rose-700 underline disabled:opacity-60 dark:text-rose-400"
        onClick={() => {
          if (confirm(`Stop trusting ${name}? Its tokens can no longer be exchanged; access tokens already issued stay valid until they expire.`)) mutation.mutate();
        }}
      >
        Stop trusting<span className="sr-only"> {name}</span>
      </button>
      {mutation.isError ? (
        <span role="alert" className="text-xs text-rose-600">
          {mutation.error.message}
        </span>
      ) : null}
    </span>
  );
}

export function RotateKeyButton() {
  const router = useRouter();
  const mutation = useMutation({
    mutationFn: async () => {
      const result = await rotateKeyAction(null);
      if (!result.ok) throw new Error(result.error);
      router.refresh();
      return result.data;
    },
  });
  return (
    <div className="flex flex-wrap items-center gap-3">
      <button
        type="button"
        disabled={mutation.isPending}
        className={primary}
        onClick={() => {
          if (confirm("Rotate the signing key now? New tokens are signed with a new key; the old key stays published until its tokens expire.")) mutation.mutate();
        }}
      >
        {mutation.isPending ? "Rotating…" : "Rotate signing key now"}
      </button>
      {mutation.isError ? (
        <span role="alert" className="text-sm text-rose-600">
          {mutation.error.message}
        </span>
      ) : mutation.data ? (
        <span role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
          New key <code className="font-mono text-xs">{mutation.data.kid.slice(0, 12)}…</code> is active.
        </span>
      ) : null}
    </div>
  );
}

"use client";
// One create/edit form for the simpler catalog entities (domains,
// environments, scopes, clients, bindings, claim rules, credentials, resource
// edits). The page describes the fields; the form reads them, checks them with
// the catalog's own zod schema, and proposes ONE change request through the
// write path. It ends on the object's page when the change applied, or on the
// change request's page when review is needed; it never submits twice.
import { useState } from "react";
import { newId } from "@/components/forms/new-id";
import type { z } from "zod";
import { ChangeOutcome } from "@/components/forms/change-outcome";
import { SelectField, SubmitButton, TextAreaField, TextField, type Option } from "@/components/forms/fields";
import { useChangeSubmit } from "@/components/forms/use-change-submit";
import * as s from "@/lib/catalog/schemas";
import { humaniseIssues } from "@/lib/validation/humanise";

export type FieldSpec = {
  name: string;
  label: string;
  /** text (default), textarea, select, number, datetime (local input, sent as ISO), list (comma-separated), pairs (key=value lines) */
  type?: "text" | "textarea" | "select" | "number" | "datetime" | "list" | "pairs";
  options?: Option[];
  placeholder?: string;
  hint?: string;
  defaultValue?: string;
  /** an empty select/datetime means null (none), not "leave as is" */
  nullable?: boolean;
};

export type FormEntity = "domain" | "environment" | "scope" | "client" | "binding" | "claimRule" | "credential" | "resource";

const schemas: Record<FormEntity, { create: z.ZodType; update: z.ZodType }> = {
  domain: { create: s.domainCreate, update: s.domainUpdate },
  environment: { create: s.environmentCreate, update: s.environmentUpdate },
  scope: { create: s.scopeCreate, update: s.scopeUpdate },
  client: { create: s.clientCreate, update: s.clientUpdate },
  binding: { create: s.bindingCreate, update: s.bindingUpdate },
  claimRule: { create: s.claimRuleCreate, update: s.claimRuleUpdate },
  credential: { create: s.credentialCreate, update: s.credentialUpdate },
  resource: { create: s.resourceCreate, update: s.resourceUpdate },
};

function readValue(spec: FieldSpec, raw: string): unknown {
  const v = raw.trim();
  switch (spec.type) {
    case "number":
      return v === "" ? undefined : Number(v);
    case "datetime":
      // shown and read in UTC, so the server-rendered default and the browser agree
      if (v === "") return spec.nullable ? null : undefined;
      return Number.isNaN(Date.parse(`${v}Z`)) ? v : new Date(`${v}Z`).toISOString();
    case "list":
      return v
        .split(/[,\n]/)
        .map((x) => x.trim())
        .filter(Boolean);
    case "pairs":
      return Object.fromEntries(
        v
          .split("\n")
          .map((line) => line.trim())
          .filter(Boolean)
          .map((line) => {
            const at = line.indexOf("=");
            return at < 0 ? [line, ""] : [line.slice(0, at).trim(), line.slice(at + 1).trim()];
          }),
      );
    case "select":
      return v === "" && spec.nullable ? null : v;
    default:
      return raw;
  }
}

function Field({ spec, error }: { spec: FieldSpec; error?: string }) {
  const defaultValue = spec.type === "datetime" && spec.defaultValue ? spec.defaultValue.slice(0, 16) : spec.defaultValue;
  const hint = spec.type === "datetime" ? `${spec.hint ? `${spec.hint} ` : ""}In UTC.` : spec.hint;
  const common = { name: spec.name, label: spec.label, hint, error, defaultValue };
  if (spec.type === "select") return <SelectField {...common} options={spec.options ?? []} placeholder={spec.placeholder} />;
  if (spec.type === "textarea" || spec.type === "pairs") return <TextAreaField {...common} rows={spec.type === "pairs" ? 3 : 2} />;
  const type = spec.type === "number" ? "number" : spec.type === "datetime" ? "datetime-local" : "text";
  return <TextField {...common} type={type} placeholder={spec.placeholder} />;
}

export type EntityFormProps = {
  entity: FormEntity;
  mode: "create" | "update";
  /** the object being edited (update) */
  id?: string;
  fields: FieldSpec[];
  /** fixed data sent with every submit (e.g. a scope's resourceId) */
  fixed?: Record<string, unknown>;
  /** change request title, e.g. "Create domain" — the object's name is appended when there is one */
  title: string;
  /** where the object lives once it exists: "/domains/" + id */
  detailBase: string;
  submitLabel?: string;
  /** a notice above the submit button (e.g. credentials' scopes are immutable) */
  note?: React.ReactNode;
};

export function EntityForm({ entity, mode, id, fields, fixed = {}, title, detailBase, submitLabel, note }: EntityFormProps) {
  // known before submitting, so the form can go to the object's page
  const [targetId] = useState(() => id ?? newId(entity.toLowerCase()));
  // applied at once: on to the object's page; waiting for review: the outcome below links the request
  const submit = useChangeSubmit(undefined, (r) => `${detailBase}${encodeURIComponent(targetId)}?done=${r.changeRequest.number}`);
  const { errors, setErrors } = submit;

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (submit.locked) return;
    const form = new FormData(e.currentTarget);
    const data: Record<string, unknown> = { ...fixed };
    for (const spec of fields) {
      const value = readValue(spec, String(form.get(spec.name) ?? ""));
      if (value !== undefined) data[spec.name] = value;
    }
    const parsed = schemas[entity][mode].safeParse(data);
    if (!parsed.success) return setErrors(humaniseIssues(parsed.error.issues));
    setErrors({});
    const named = typeof data.name === "string" && data.name ? ` ${data.name}` : "";
    const reason = String(form.get("changeReason") ?? "");
    submit.mutate({
      title: `${title}${named}`,
      reason,
      operations: [{ entity, kind: mode, id: targetId, data }],
    });
  }

  return (
    <form onSubmit={onSubmit} noValidate className="max-w-2xl space-y-4" aria-busy={submit.isPending}>
      <div className="grid gap-4 sm:grid-cols-2">
        {fields
          .filter((f) => f.type !== "textarea" && f.type !== "pairs")
          .map((f) => (
            <Field key={f.name} spec={f} error={errors[f.name]} />
          ))}
      </div>
      {fields
        .filter((f) => f.type === "textarea" || f.type === "pairs")
        .map((f) => (
          <Field key={f.name} spec={f} error={errors[f.name]} />
        ))}
      <TextField name="changeReason" label="Reason for the change" placeholder="Why this is needed (shown to reviewers)" />
      {note}
      <SubmitButton pending={submit.isPending} done={submit.isSuccess}>{submitLabel ?? "Propose change"}</SubmitButton>
      <ChangeOutcome result={submit.data} error={submit.error} />
    </form>
  );
}

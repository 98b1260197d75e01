"use client";
// Submits a change request from a console form through the one write action,
// and turns the server's field errors back into per-field messages.
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { submitChangeAction } from "@/app/(console)/changes/actions";
import type { OpenResult as ChangeResult } from "@/lib/changes/workflow/open-change";
import type { FieldError } from "@/lib/errors";
import { humaniseMessage } from "@/lib/validation/humanise";

export type FieldErrors = Record<string, string>;

/** "operations.1.data.action" -> { op: 1, field: "action" } */
function locate(field: string): { op: number; field: string } | null {
  const m = /^operations\.(\d+)\.(?:data\.)?(.+)$/.exec(field);
  return m ? { op: Number(m[1]), field: m[2]! } : null;
}

/** Maps server field errors onto form fields; `opFields[i]` renames fields of operation i. */
export function toFieldErrors(fields: FieldError[], opFields: (f: string, op: number) => string = (f) => f): FieldErrors {
  const out: FieldErrors = {};
  for (const f of fields) {
    const at = locate(f.field);
    const key = at ? opFields(at.field, at.op) : f.field;
    out[key] ??= humaniseMessage(f.message);
  }
  return out;
}

export class ChangeRejected extends Error {
  constructor(
    message: string,
    readonly fields: FieldError[],
  ) {
    super(message);
  }
}

/**
 * `landing`: where the form ends once its change applied at once (the object's
 * page). A change that waits for review keeps the form, which shows the
 * request's link (ChangeOutcome). `locked` is true while submitting and after
 * success, so a form never submits twice.
 */
export function useChangeSubmit(opFields?: (f: string, op: number) => string, landing?: (result: ChangeResult) => string | null) {
  const router = useRouter();
  const [errors, setErrors] = useState<FieldErrors>({});
  const mutation = useMutation<ChangeResult, Error, unknown>({
    mutationFn: async (input) => {
      const result = await submitChangeAction(input);
      if (!result.ok) {
        setErrors(toFieldErrors(result.fields, opFields));
        throw new ChangeRejected(result.error, result.fields);
      }
      setErrors({});
      return result.data;
    },
    onSuccess: (result) => {
      const to = result.changeRequest.status === "applied" && landing ? landing(result) : null;
      if (to) router.push(to);
      router.refresh();
    },
  });
  const locked = mutation.isPending || mutation.isSuccess;
  // a second submit (double click, Enter twice) while one is in flight or done is ignored
  const mutate: typeof mutation.mutate = (input, options) => {
    if (!locked) mutation.mutate(input, options);
  };
  return { ...mutation, mutate, locked, errors, setErrors };
}

"use client";
// Submits a change request from a console form through the one write action,
// and turns the server's field errors back into per-field messages.
import { useMutation } from "@tanstack/react-query";
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

export function useChangeSubmit(opFields?: (f: string, op: number) => string) {
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
  });
  return { ...mutation, errors, setErrors };
}

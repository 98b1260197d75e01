// Labelled form controls that show their field's error (from the shared zod
// schema in the browser, or from the server's write path).
const control =
  "w-full rounded-md border bg-white px-3 py-1.5 text-sm shadow-sm dark:bg-slate-950 aria-[invalid=true]:border-rose-500 border-slate-300 dark:border-slate-700";

type Common = { name: string; label: string; error?: string; hint?: string };

function Wrapper({ name, label, error, hint, children }: Common & { children: React.ReactNode }) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={`field-${name}`} className="text-sm font-medium">
        {label}
      </label>
      {children}
      {error ? (
        <p id={`field-${name}-error`} className="text-xs text-rose-600 dark:text-rose-400">
          {error}
        </p>
      ) : hint ? (
        <p id={`field-${name}-hint`} className="text-xs text-slate-600 dark:text-slate-400">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

const describedBy = ({ name, error, hint }: Common) => (error ? `field-${name}-error` : hint ? `field-${name}-hint` : undefined);

export function TextField(props: Common & { defaultValue?: string; placeholder?: string; type?: string; required?: boolean }) {
  return (
    <Wrapper {...props}>
      <input
        id={`field-${props.name}`}
        name={props.name}
        type={props.type ?? "text"}
        defaultValue={props.defaultValue}
        placeholder={props.placeholder}
        required={props.required}
        aria-invalid={!!props.error}
        aria-describedby={describedBy(props)}
        className={control}
      />
    </Wrapper>
  );
}

export function TextAreaField(props: Common & { defaultValue?: string; rows?: number }) {
  return (
    <Wrapper {...props}>
      <textarea
        id={`field-${props.name}`}
        name={props.name}
        rows={props.rows ?? 2}
        defaultValue={props.defaultValue}
        aria-invalid={!!props.error}
        aria-describedby={describedBy(props)}
        className={control}
      />
    </Wrapper>
  );
}

export type Option = { value: string; label: string };

export function SelectField(props: Common & { options: Option[]; defaultValue?: string; placeholder?: string }) {
  return (
    <Wrapper {...props}>
      <select
        id={`field-${props.name}`}
        name={props.name}
        defaultValue={props.defaultValue ?? ""}
        aria-invalid={!!props.error}
        aria-describedby={describedBy(props)}
        className={control}
      >
        {props.placeholder !== undefined ? <option value="">{props.placeholder}</option> : null}
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Wrapper>
  );
}

/** Disabled while submitting and once done, so a form never submits twice. */
export function SubmitButton({ pending, done = false, children }: { pending: boolean; done?: boolean; children: React.ReactNode }) {
  return (
    <button
      type="submit"
      disabled={pending || done}
      className="rounded-md bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-700 disabled:opacity-60 dark:bg-sky-500 dark:text-slate-950 dark:hover:bg-sky-400"
    >
      {pending ? "Submitting…" : done ? "Proposed" : children}
    </button>
  );
}

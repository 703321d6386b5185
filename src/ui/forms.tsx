import type { ComponentChildren } from 'preact';
import type { FieldErrors, FormValues } from '../http/forms.js';

/** A labelled input with its error beside it (aria-describedby), keeping what was typed. */
export function Field(props: {
  name: string;
  label: string;
  type?: string;
  values?: FormValues;
  errors?: FieldErrors;
  required?: boolean;
  autocomplete?: string;
  hint?: string;
  maxLength?: number;
  value?: string;
  inputMode?: string;
}) {
  const f = fieldParts(props.name, props.errors, props.hint);
  const value = props.type === 'password' ? undefined : (props.values?.[props.name] ?? props.value ?? '');
  return (
    <FieldFrame parts={f} label={props.label} required={props.required} hint={props.hint}>
      <input
        id={f.id}
        name={props.name}
        type={props.type ?? 'text'}
        value={value}
        required={props.required}
        autocomplete={props.autocomplete}
        maxLength={props.maxLength ?? 200}
        inputMode={props.inputMode as 'text' | undefined}
        aria-invalid={f.err ? 'true' : undefined}
        aria-describedby={f.describedBy}
      />
    </FieldFrame>
  );
}

/** A labelled textarea with its hint and error beside it, keeping what was typed. */
export function TextAreaField(props: { name: string; label: string; values?: FormValues; errors?: FieldErrors; rows?: number; required?: boolean; maxLength: number; hint?: string }) {
  const f = fieldParts(props.name, props.errors, props.hint);
  return (
    <FieldFrame parts={f} label={props.label} required={props.required} hint={props.hint}>
      <textarea id={f.id} name={props.name} rows={props.rows ?? 3} maxLength={props.maxLength} required={props.required} aria-invalid={f.err ? 'true' : undefined} aria-describedby={f.describedBy}>
        {props.values?.[props.name] ?? ''}
      </textarea>
    </FieldFrame>
  );
}

export function SelectField(props: {
  name: string;
  label: string;
  options: { value: string; label: string }[];
  values?: FormValues;
  errors?: FieldErrors;
  value?: string;
  required?: boolean;
}) {
  const f = fieldParts(props.name, props.errors);
  const current = props.values?.[props.name] ?? props.value ?? '';
  return (
    <FieldFrame parts={f} label={props.label} required={props.required}>
      <select id={f.id} name={props.name} required={props.required} aria-invalid={f.err ? 'true' : undefined} aria-describedby={f.describedBy}>
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === current}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

type FieldParts = { id: string; err: string | undefined; describedBy: string | undefined };

/** A field's id, its error, and what its control's aria-describedby names (hint, then error). */
function fieldParts(name: string, errors: FieldErrors | undefined, hint?: string): FieldParts {
  const id = `f-${name}`;
  const err = errors?.[name];
  const describedBy = [hint ? `${id}-hint` : null, err ? `${id}-err` : null].filter(Boolean).join(' ') || undefined;
  return { id, err, describedBy };
}

/** What every field shares around its control: the label (with * when required), the hint, the error. */
function FieldFrame(props: { parts: FieldParts; label: string; required?: boolean; hint?: string; children: ComponentChildren }) {
  const { id, err } = props.parts;
  return (
    <div class={`field${err ? ' has-error' : ''}`}>
      <label for={id}>
        {props.label}
        {props.required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {props.children}
      {props.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {err ? (
        <p class="error" id={`${id}-err`}>
          {err}
        </p>
      ) : null}
    </div>
  );
}

/** A form-level error (not tied to one field), announced to screen readers. */
export function FormError(props: { message?: string | null; children?: ComponentChildren }) {
  if (!props.message && !props.children) return null;
  return (
    <div class="form-error" role="alert">
      {props.message}
      {props.children}
    </div>
  );
}

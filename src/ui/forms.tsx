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
  const id = `f-${props.name}`;
  const err = props.errors?.[props.name];
  const hintId = props.hint ? `${id}-hint` : undefined;
  const errId = err ? `${id}-err` : undefined;
  const value = props.type === 'password' ? undefined : (props.values?.[props.name] ?? props.value ?? '');
  return (
    <div class={`field${err ? ' has-error' : ''}`}>
      <label for={id}>
        {props.label}
        {props.required ? <span aria-hidden="true"> *</span> : null}
      </label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={value}
        required={props.required}
        autocomplete={props.autocomplete}
        maxLength={props.maxLength ?? 200}
        inputMode={props.inputMode as 'text' | undefined}
        aria-invalid={err ? 'true' : undefined}
        aria-describedby={[hintId, errId].filter(Boolean).join(' ') || undefined}
      />
      {props.hint ? (
        <p class="hint" id={hintId}>
          {props.hint}
        </p>
      ) : null}
      {err ? (
        <p class="error" id={errId}>
          {err}
        </p>
      ) : null}
    </div>
  );
}

/** A labelled textarea with its hint and error beside it, keeping what was typed. */
export function TextAreaField(props: { name: string; label: string; values?: FormValues; errors?: FieldErrors; rows?: number; required?: boolean; maxLength: number; hint?: string }) {
  const id = `f-${props.name}`;
  const err = props.errors?.[props.name];
  const described = [props.hint ? `${id}-hint` : null, err ? `${id}-err` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${err ? ' has-error' : ''}`}>
      <label for={id}>
        {props.label}
        {props.required ? <span aria-hidden="true"> *</span> : null}
      </label>
      <textarea id={id} name={props.name} rows={props.rows ?? 3} maxLength={props.maxLength} required={props.required} aria-invalid={err ? 'true' : undefined} aria-describedby={described}>
        {props.values?.[props.name] ?? ''}
      </textarea>
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

export function SelectField(props: {
  name: string;
  label: string;
  options: { value: string; label: string }[];
  values?: FormValues;
  errors?: FieldErrors;
  value?: string;
  required?: boolean;
}) {
  const id = `f-${props.name}`;
  const err = props.errors?.[props.name];
  const current = props.values?.[props.name] ?? props.value ?? '';
  return (
    <div class={`field${err ? ' has-error' : ''}`}>
      <label for={id}>
        {props.label}
        {props.required ? <span aria-hidden="true"> *</span> : null}
      </label>
      <select id={id} name={props.name} required={props.required} aria-invalid={err ? 'true' : undefined} aria-describedby={err ? `${id}-err` : undefined}>
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === current}>
            {o.label}
          </option>
        ))}
      </select>
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

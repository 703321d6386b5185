import { z } from 'zod';
import { defineMessages, type Locale } from '../i18n/index.js';

export type FieldErrors = Record<string, string>;
export type FormValues = Record<string, string>;
export type FormResult<T> = { ok: true; data: T; values: FormValues } | { ok: false; errors: FieldErrors; values: FormValues };

const msg = defineMessages({
  fr: {
    required: 'Ce champ est obligatoire.',
    too_short: 'Au moins {min} caractères.',
    too_long: 'Au plus {max} caractères.',
    email: 'Cette adresse e-mail n’est pas valide.',
    number: 'Entrez un nombre entier.',
    too_small_n: 'Au minimum {min}.',
    too_big_n: 'Au maximum {max}.',
    choice: 'Choisissez une des options proposées.',
    invalid: 'Cette valeur n’est pas valide.',
  },
  nl: {
    required: 'Dit veld is verplicht.',
    too_short: 'Minstens {min} tekens.',
    too_long: 'Hoogstens {max} tekens.',
    email: 'Dit e-mailadres is ongeldig.',
    number: 'Vul een geheel getal in.',
    too_small_n: 'Minimaal {min}.',
    too_big_n: 'Maximaal {max}.',
    choice: 'Kies een van de voorgestelde opties.',
    invalid: 'Deze waarde is ongeldig.',
  },
  en: {
    required: 'This field is required.',
    too_short: 'At least {min} characters.',
    too_long: 'At most {max} characters.',
    email: 'This email address is not valid.',
    number: 'Enter a whole number.',
    too_small_n: 'At least {min}.',
    too_big_n: 'At most {max}.',
    choice: 'Choose one of the options offered.',
    invalid: 'This value is not valid.',
  },
});

/**
 * Validates a submitted form with its zod schema and turns every issue into a sentence in the
 * user's language, keyed by field. Custom refinements carry a message *key* that `custom` translates.
 * The submitted values are returned as typed so the form can be shown again with nothing lost.
 */
export function parseForm<S extends z.ZodType>(
  schema: S,
  body: unknown,
  locale: Locale,
  custom?: (key: string) => string,
): FormResult<z.output<S>> {
  const values: FormValues = {};
  if (body && typeof body === 'object') {
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
      if (typeof v === 'string' && k !== '_csrf' && !/password/i.test(k)) values[k] = v;
    }
  }
  const r = schema.safeParse(body);
  if (r.success) return { ok: true, data: r.data, values };
  const t = msg(locale);
  const errors: FieldErrors = {};
  for (const issue of r.error.issues) {
    const field = String(issue.path[0] ?? '_form');
    if (errors[field]) continue;
    errors[field] = describe(issue, t, custom);
  }
  return { ok: false, errors, values };
}

function describe(issue: z.core.$ZodIssue, t: ReturnType<typeof msg>, custom?: (key: string) => string): string {
  if (issue.code === 'custom' || (issue.message && issue.message.startsWith('msg:'))) {
    const key = issue.message.replace(/^msg:/, '');
    return custom ? custom(key) : t('invalid');
  }
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined || issue.input === '' ? t('required') : issue.expected === 'number' || issue.expected === 'int' ? t('number') : t('invalid');
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? t('required') : t('too_short', { min: Number(issue.minimum) });
      return t('too_small_n', { min: Number(issue.minimum) });
    case 'too_big':
      return issue.origin === 'string' ? t('too_long', { max: Number(issue.maximum) }) : t('too_big_n', { max: Number(issue.maximum) });
    case 'invalid_format':
      return issue.format === 'email' ? t('email') : t('invalid');
    case 'invalid_value':
      return t('choice');
    default:
      return t('invalid');
  }
}

/** A trimmed text field; empty means missing. */
export const text = (max = 200) => z.string().trim().min(1).max(max);
/** An optional text field: empty becomes undefined. */
export const optionalText = (max = 200) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => (v ? v : undefined));
/** A checkbox: present ("on") or absent. */
export const checkbox = z
  .union([z.literal('on'), z.literal('1'), z.literal('true')])
  .optional()
  .transform((v) => v !== undefined);

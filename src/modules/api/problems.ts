import type { z } from 'zod';
import type { Locale } from '../../i18n/index.js';
import type { Output, FieldError as FieldErrorSchema, Problem as ProblemSchema } from './contract.js';
import { PROBLEM_STATUS, problemText, type FieldCode, type ProblemCode } from './problem-messages.js';

export type FieldError = Output<typeof FieldErrorSchema>;
export type Problem = Output<typeof ProblemSchema>;

/** What a handler answers: a status and a JSON body (a resource, or a problem). */
export type ApiResult = { status: number; body: unknown; headers?: Record<string, string> };

export const PROBLEM_TYPE_BASE = '/api/seller/v1/docs#problem-';

/** The first language of Accept-Language that Comptoir speaks; French otherwise. */
export function apiLocale(acceptLanguage: string | undefined): Locale {
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.split(';')[0]!.trim().slice(0, 2).toLowerCase();
    if (tag === 'fr' || tag === 'nl' || tag === 'en') return tag;
  }
  return 'fr';
}

export function problem(
  ctx: { locale: Locale; requestId: string; publicUrl: string },
  code: ProblemCode,
  opts: { detail?: string; errors?: FieldError[]; headers?: Record<string, string> } = {},
): ApiResult {
  const t = problemText(ctx.locale);
  const body: Problem = {
    type: `${ctx.publicUrl}${PROBLEM_TYPE_BASE}${code}`,
    title: t(code),
    status: PROBLEM_STATUS[code],
    code,
    ...(opts.detail ? { detail: opts.detail } : {}),
    ...(opts.errors ? { errors: opts.errors } : {}),
    request_id: ctx.requestId,
  };
  return { status: body.status, body, headers: opts.headers };
}

export function fieldError(locale: Locale, path: string, code: FieldCode, params?: Record<string, string | number>, extra: { index?: number; id?: string } = {}): FieldError {
  return { path, code, message: problemText(locale)(`f_${code}`, params), ...extra };
}

/** "/offers/3/price_cents" from zod's path ["offers", 3, "price_cents"] (RFC 6901 escaping). */
export function pointer(path: readonly PropertyKey[], prefix = ''): string {
  return prefix + path.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** zod issues as field errors with stable codes; `where` prefixes the path ("" for a body, "query:" for a query). */
export function fieldErrors(locale: Locale, issues: readonly z.core.$ZodIssue[], where: 'body' | 'query'): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of issues) {
    const at = (p: readonly PropertyKey[]) => (where === 'query' ? `query:${p.map(String).join('.')}` : pointer(p));
    switch (issue.code) {
      case 'invalid_type':
        out.push(issue.input === undefined ? fieldError(locale, at(issue.path), 'required') : fieldError(locale, at(issue.path), 'invalid_type', { expected: issue.expected }));
        break;
      case 'too_small':
        out.push(fieldError(locale, at(issue.path), 'too_small', { min: Number(issue.minimum) }));
        break;
      case 'too_big':
        out.push(fieldError(locale, at(issue.path), 'too_big', { max: Number(issue.maximum) }));
        break;
      case 'invalid_value':
        out.push(fieldError(locale, at(issue.path), 'invalid_value'));
        break;
      case 'invalid_format':
        out.push(fieldError(locale, at(issue.path), 'invalid_format'));
        break;
      case 'unrecognized_keys':
        for (const k of issue.keys) out.push(fieldError(locale, at([...issue.path, k]), 'unknown_field'));
        break;
      case 'custom':
        out.push(fieldError(locale, at(issue.path), issue.message === 'empty_update' ? 'empty_update' : 'invalid'));
        break;
      default:
        out.push(fieldError(locale, at(issue.path), 'invalid'));
    }
  }
  return out;
}

/** A `cursor` query parameter that is not one of ours (forged, truncated): refused, never guessed. */
export const badCursor = (ctx: { locale: Locale; requestId: string; publicUrl: string }) => problem(ctx, 'validation_failed', { errors: [fieldError(ctx.locale, 'query:cursor', 'invalid')] });

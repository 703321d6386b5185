import type { LightMyRequestResponse } from 'fastify';

/**
 * Helpers of the security suites (tests/security-*.test.ts): an answer reduced to what a visitor could
 * compare between two requests (status, where it redirects, the body), with what changes on every
 * request (CSRF tokens, CSP nonces, request ids, uuids) and the ids the visitor sent replaced by a
 * placeholder — so "another customer's id" and "an id that does not exist" can be compared byte for byte.
 */
export type Seen = { status: number; location: string; type: string; body: string };

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function normalise(text: string, sentIds: string[]): string {
  let out = text;
  // Longest first: a seller order number "C-2026-000001-1" contains its order's number.
  for (const id of [...new Set(sentIds)].filter(Boolean).sort((a, b) => b.length - a.length)) {
    out = out.replace(new RegExp(escapeRe(id), 'g'), '<sent>').replace(new RegExp(escapeRe(encodeURIComponent(id)), 'g'), '<sent>');
  }
  return out
    .replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf" value="<csrf>"')
    .replace(/nonce="[^"]*"/g, 'nonce="<nonce>"')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>')
    .replace(/"(request_id|instance|requestId)":"[^"]*"/g, '"$1":"<req>"');
}

export function seen(res: LightMyRequestResponse, sentIds: string[]): Seen {
  return {
    status: res.statusCode,
    location: normalise(String(res.headers.location ?? ''), sentIds),
    type: String(res.headers['content-type'] ?? '').split(';')[0]!,
    body: normalise(res.body, sentIds),
  };
}

/** The secrets (name → text) that appear in a response; HTML- and JSON-escaped forms count too. */
export function leaked(body: string, secrets: Record<string, string>): string[] {
  const forms = (s: string) => [s, s.replace(/&/g, '&amp;').replace(/'/g, '&#39;').replace(/"/g, '&quot;'), JSON.stringify(s).slice(1, -1)];
  return Object.entries(secrets)
    .filter(([, s]) => s && forms(s).some((f) => body.includes(f)))
    .map(([name]) => name);
}

/** A short description of the first difference between two bodies, for a failure message. */
export function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return `at ${i}: «${a.slice(Math.max(0, i - 60), i + 80)}» vs «${b.slice(Math.max(0, i - 60), i + 80)}»`;
}

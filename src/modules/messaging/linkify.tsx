import type { ComponentChildren } from 'preact';

export type TextPart = { kind: 'text'; text: string } | { kind: 'link'; href: string; text: string };

// A candidate starts with http:// or https:// and runs until white space or a character that cannot
// end a URL in running text (quotes, angle brackets, backtick). Anything else (javascript:, data:,
// mailto:, bare domains) stays text.
const CANDIDATE = /https?:\/\/[^\s<>"'`\u0000-\u001f\u007f]+/gi;
const TRAILING = /[.,;:!?*]+$/;

/** Drops punctuation that ends a sentence rather than the URL, and a closing bracket without its opening one. */
function trimEnd(raw: string): string {
  let s = raw;
  for (;;) {
    const before = s;
    s = s.replace(TRAILING, '');
    for (const [open, close] of [
      ['(', ')'],
      ['[', ']'],
    ] as const) {
      if (s.endsWith(close) && s.split(close).length > s.split(open).length) s = s.slice(0, -1);
    }
    if (s === before) return s;
  }
}

/** The link target when `raw` is a plain http(s) URL without credentials (no "https://bank.be@evil.example"), else null. */
function safeHref(raw: string): string | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  if (u.username || u.password || !u.hostname) return null;
  return u.href;
}

/**
 * Splits a message into text and http(s) links (pure; no HTML is produced here). A word that looks
 * like a URL but is not a safe one stays text.
 */
export function findLinks(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  const push = (t: string) => {
    if (!t) return;
    const prev = parts[parts.length - 1];
    if (prev?.kind === 'text') prev.text += t;
    else parts.push({ kind: 'text', text: t });
  };
  for (const m of text.matchAll(CANDIDATE)) {
    const start = m.index ?? 0;
    const raw = trimEnd(m[0]);
    const href = raw.length > 'https://'.length ? safeHref(raw) : null;
    if (!href) continue;
    push(text.slice(last, start));
    parts.push({ kind: 'link', href, text: raw });
    last = start + raw.length;
  }
  push(text.slice(last));
  return parts;
}

/**
 * A message body as JSX: its text (escaped by the renderer like any text) with http(s) URLs as links
 * that open in a new tab without giving the page a handle on ours and without passing ranking.
 */
export function linkify(text: string): ComponentChildren {
  return findLinks(text).map((p) =>
    p.kind === 'text' ? (
      p.text
    ) : (
      <a href={p.href} rel="nofollow noopener noreferrer ugc" target="_blank">
        {p.text}
      </a>
    ),
  );
}

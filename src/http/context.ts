import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Locale } from '../i18n/index.js';
import type { Face, Session } from '../modules/sessions/store.js';
import type { PageCache } from '../shared/cache.js';

/** What a page needs to know about the request it answers; built once per request. */
export type PageContext = {
  face: Face;
  locale: Locale;
  /** The path without the locale prefix, e.g. "/account" (used by the language switch). */
  path: string;
  url: string;
  csrf: string;
  requestId: string;
  user: { id: string; name: string } | null;
  cartCount: number;
  unreadMessages: number;
  flash: string | null;
  /** Set when rendering a page shared by every visitor: the header's visitor links are this slot (render.ts). */
  userNavSlot?: string;
};

declare module 'fastify' {
  interface FastifyRequest {
    locale: Locale;
    face: Face;
    session: Session | null;
    user: { id: string; name: string } | null;
    cartCount: number;
    unreadMessages: number;
  }
  interface FastifyInstance {
    /** Rendered pages for anonymous storefront visitors (decision 0024); null when off. */
    pageCache: PageCache | null;
  }
  interface FastifyContextConfig {
    /** Set to false on routes authenticated otherwise (API keys, signed payment notifications). */
    csrf?: boolean;
  }
}

/**
 * `csrf` is made on first read: a page without a form neither computes a token nor sets the CSRF
 * cookie. `csrfToken` replaces the token maker (the page cache puts a placeholder there).
 */
export function pageContext(req: FastifyRequest, reply: FastifyReply, csrfToken: () => string = () => reply.generateCsrf(), userNavSlot?: string): PageContext {
  const full = req.url.split('?')[0] ?? '/';
  const path = req.face === 'shop' ? full.replace(/^\/(fr|nl|en)(?=\/|$)/, '') || '/' : full;
  let csrf: string | undefined;
  return {
    face: req.face,
    locale: req.locale,
    path,
    url: req.url,
    get csrf() {
      return (csrf ??= csrfToken());
    },
    requestId: String(req.id),
    user: req.user,
    cartCount: req.cartCount,
    unreadMessages: req.unreadMessages,
    flash: takeFlash(req, reply),
    userNavSlot,
  };
}

export const FLASH_COOKIE = 'comptoir_flash';
const FLASH = FLASH_COOKIE;

/** A one-time message shown on the next page ("Adresse enregistrée"), in a signed cookie. */
export function setFlash(reply: FastifyReply, message: string): void {
  reply.setCookie(FLASH, message, { path: '/', httpOnly: true, sameSite: 'lax', signed: true, maxAge: 60 });
}

function takeFlash(req: FastifyRequest, reply: FastifyReply): string | null {
  const raw = req.cookies[FLASH];
  if (!raw) return null;
  reply.clearCookie(FLASH, { path: '/' });
  const u = req.unsignCookie(raw);
  return u.valid ? u.value : null;
}

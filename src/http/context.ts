import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Locale } from '../i18n/index.js';
import type { Face, Session } from '../modules/sessions/store.js';

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
  interface FastifyContextConfig {
    /** Set to false on routes authenticated otherwise (API keys, signed payment notifications). */
    csrf?: boolean;
  }
}

export function pageContext(req: FastifyRequest, reply: FastifyReply): PageContext {
  const full = req.url.split('?')[0] ?? '/';
  const path = req.face === 'shop' ? full.replace(/^\/(fr|nl|en)(?=\/|$)/, '') || '/' : full;
  return {
    face: req.face,
    locale: req.locale,
    path,
    url: req.url,
    csrf: reply.generateCsrf(),
    requestId: String(req.id),
    user: req.user,
    cartCount: req.cartCount,
    unreadMessages: req.unreadMessages,
    flash: takeFlash(req, reply),
  };
}

const FLASH = 'comptoir_flash';

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

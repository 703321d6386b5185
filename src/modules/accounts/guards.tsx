import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.js';
import { startSession } from '../../http/auth.js';
import { pageContext } from '../../http/context.js';
import { sendPage } from '../../http/render.js';
import { href } from '../../ui/layout.js';
import { customerLoginHooks } from './hooks.js';
import { accountText } from './messages.js';
import { NoticePage } from './views.js';

/** Sends an anonymous visitor to "Connexion", to come back to this page afterwards. */
export function requireCustomer(req: FastifyRequest, reply: FastifyReply): boolean {
  if (req.user) return true;
  const target = req.method === 'GET' ? req.url : req.headers.referer ? new URL(req.headers.referer, 'http://x').pathname : `/${req.locale}/`;
  void reply.redirect(`/${req.locale}/login?returnTo=${encodeURIComponent(target)}`, 303);
  return false;
}

/** Logs the customer in on a fresh session (new id: no fixation) and runs the other modules' hooks. */
export async function logCustomerIn(deps: Deps, req: FastifyRequest, reply: FastifyReply, customerId: string): Promise<void> {
  await startSession(deps, req, reply, 'shop', customerId);
  for (const hook of customerLoginHooks) await hook(deps, req, reply, customerId);
}

/** "This link was already used or has expired" (410: the link is gone for good). */
export function invalidLinkPage(req: FastifyRequest, reply: FastifyReply, retry: string) {
  const ctx = pageContext(req, reply);
  const t = accountText(ctx.locale);
  return sendPage(reply, <NoticePage ctx={ctx} title={t('link_invalid_title')} text={t('link_invalid_text')} link={{ href: href(ctx, retry), label: t('request_new_link') }} />, 410);
}


import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../deps.js';
import { pageContext, setFlash } from '../../http/context.js';
import { notFound } from '../../http/errors.js';
import { parseForm, text } from '../../http/forms.js';
import { seeOther, sendPage } from '../../http/render.js';
import { MessagePage } from '../../ui/layout.js';
import { createApiKey, listApiKeys, MAX_KEYS_PER_SELLER, revokeApiKey } from './keys.js';
import { apiText } from './messages.js';
import { API_SCOPES, WEBHOOK_EVENTS, type WebhookEvent } from './schema.js';
import { DeliveryPage, KeyCreatedPage, KeysPage, WebhookCreatedPage, WebhooksPage } from './views.js';
import { createWebhook, getDelivery, listDeliveries, listWebhooks, MAX_WEBHOOKS_PER_SELLER, removeWebhook, replayDelivery } from './webhooks.js';

/**
 * /vendeur/api-keys and /vendeur/webhooks: the shop's owner creates and revokes API keys (each shown
 * once), registers webhooks (the signing secret shown once), follows their deliveries and sends one
 * again. Staff users see that these pages are the owner's.
 */

const keyForm = z.object({ name: text(60), scope: z.enum(API_SCOPES) });
const eventsField = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
  .pipe(z.array(z.enum(WEBHOOK_EVENTS)).min(1, { message: 'msg:events_required' }));
const webhookForm = z.object({ url: text(2000), events: eventsField });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
type IdParams = { Params: { id: string } };

function checkedEvents(body: unknown): WebhookEvent[] {
  const raw = (body as { events?: unknown } | undefined)?.events;
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return list.filter((e): e is WebhookEvent => (WEBHOOK_EVENTS as readonly unknown[]).includes(e));
}

export function sellerApiBackOfficeRoutes(deps: Deps) {
  return async function (app: FastifyInstance) {
    /** Only the owner manages keys and webhooks: a staff user is told so (403), nothing more. */
    const ownerOnly = (req: FastifyRequest, reply: FastifyReply): boolean => {
      if (req.seller!.role === 'owner') return true;
      const t = apiText(req.locale);
      void sendPage(reply, MessagePage({ ctx: pageContext(req, reply), title: t('owner_only_title'), text: t('owner_only_text') }), 403);
      return false;
    };
    const me = (req: FastifyRequest) => ({ sellerId: req.seller!.sellerId, userId: req.seller!.id });

    // ----------------------------------------------------------------- keys

    app.get('/api-keys', async (req, reply) => {
      if (!ownerOnly(req, reply)) return reply;
      return sendPage(reply, <KeysPage ctx={pageContext(req, reply)} keys={await listApiKeys(deps.db, req.seller!.sellerId)} />);
    });

    app.post('/api-keys', async (req, reply) => {
      if (!ownerOnly(req, reply)) return reply;
      const t = apiText(req.locale);
      const form = parseForm(keyForm, req.body, req.locale);
      const again = async (status: number, extra: { errors?: Record<string, string>; error?: string }) =>
        sendPage(reply, <KeysPage ctx={pageContext(req, reply)} keys={await listApiKeys(deps.db, req.seller!.sellerId)} values={form.values} {...extra} />, status);
      if (!form.ok) return again(422, { errors: form.errors });
      const r = await createApiKey(deps, { ...me(req), name: form.data.name, scope: form.data.scope });
      if (!r.ok) return again(409, { error: t('key_too_many', { max: MAX_KEYS_PER_SELLER }) });
      // The key is in this answer only: never in a redirect, a cookie or a log.
      return sendPage(reply, <KeyCreatedPage ctx={pageContext(req, reply)} name={r.row.name} apiKey={r.key} />, 201);
    });

    app.post<IdParams>('/api-keys/:id/revoke', async (req, reply) => {
      if (!ownerOnly(req, reply)) return reply;
      if (!UUID.test(req.params.id) || !(await revokeApiKey(deps, { ...me(req), keyId: req.params.id }))) return notFound(req, reply);
      setFlash(reply, apiText(req.locale)('key_revoked_flash'));
      return seeOther(reply, '/vendeur/api-keys');
    });

    // ----------------------------------------------------------------- webhooks

    const showWebhooks = async (req: FastifyRequest, reply: FastifyReply, extra: Partial<Parameters<typeof WebhooksPage>[0]> = {}, status = 200) => {
      const raw = (req.query as { before?: string }).before;
      const m = typeof raw === 'string' ? /^(.+)_([0-9a-f-]{36})$/.exec(raw) : null;
      const at = m ? new Date(m[1]!) : null;
      const before = m && at && !Number.isNaN(at.getTime()) && UUID.test(m[2]!) ? { at, id: m[2]! } : null;
      const [hooks, page] = await Promise.all([listWebhooks(deps.db, req.seller!.sellerId), listDeliveries(deps.db, req.seller!.sellerId, before)]);
      const last = page.rows[page.rows.length - 1];
      const more = page.more && last ? `${last.createdAt.toISOString()}_${last.id}` : null;
      return sendPage(reply, <WebhooksPage ctx={pageContext(req, reply)} hooks={hooks} deliveries={page.rows} more={more} {...extra} />, status);
    };

    app.get('/webhooks', async (req, reply) => {
      if (!ownerOnly(req, reply)) return reply;
      return showWebhooks(req, reply);
    });

    app.post('/webhooks', async (req, reply) => {
      if (!ownerOnly(req, reply)) return reply;
      const t = apiText(req.locale);
      const custom = (key: string) => t(key as Parameters<typeof t>[0]);
      const form = parseForm(webhookForm, req.body, req.locale, custom);
      const checked = checkedEvents(req.body);
      if (!form.ok) return showWebhooks(req, reply, { values: form.values, checked, errors: form.errors }, 422);
      const r = await createWebhook(deps, { ...me(req), url: form.data.url, events: form.data.events });
      if (!r.ok) {
        if (r.code === 'too_many') return showWebhooks(req, reply, { values: form.values, checked, error: t('hook_too_many', { max: MAX_WEBHOOKS_PER_SELLER }) }, 409);
        return showWebhooks(req, reply, { values: form.values, checked, errors: { url: t(r.code) } }, 422);
      }
      return sendPage(reply, <WebhookCreatedPage ctx={pageContext(req, reply)} url={r.webhook.url} secret={r.secret} />, 201);
    });

    app.post<IdParams>('/webhooks/:id/remove', async (req, reply) => {
      if (!ownerOnly(req, reply)) return reply;
      if (!UUID.test(req.params.id) || !(await removeWebhook(deps, { sellerId: req.seller!.sellerId, webhookId: req.params.id }))) return notFound(req, reply);
      setFlash(reply, apiText(req.locale)('hook_removed_flash'));
      return seeOther(reply, '/vendeur/webhooks');
    });

    app.get<IdParams>('/webhooks/deliveries/:id', async (req, reply) => {
      if (!ownerOnly(req, reply)) return reply;
      const d = UUID.test(req.params.id) ? await getDelivery(deps.db, req.seller!.sellerId, req.params.id) : null;
      if (!d) return notFound(req, reply);
      return sendPage(reply, <DeliveryPage ctx={pageContext(req, reply)} d={d} />);
    });

    app.post<IdParams>('/webhooks/deliveries/:id/replay', async (req, reply) => {
      if (!ownerOnly(req, reply)) return reply;
      const t = apiText(req.locale);
      const r = UUID.test(req.params.id) ? await replayDelivery(deps, { sellerId: req.seller!.sellerId, deliveryId: req.params.id }) : ({ ok: false, code: 'not_found' } as const);
      if (!r.ok && r.code === 'not_found') return notFound(req, reply);
      setFlash(reply, r.ok ? t('d_replayed_flash') : t('d_replay_removed'));
      return seeOther(reply, '/vendeur/webhooks#deliveries');
    });
  };
}

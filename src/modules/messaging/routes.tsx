import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../deps.js';
import { pageContext, setFlash } from '../../http/context.js';
import { notFound } from '../../http/errors.js';
import { parseForm, type FormValues } from '../../http/forms.js';
import { seeOther, sendPage } from '../../http/render.js';
import type { Locale } from '../../i18n/index.js';
import { href } from '../../ui/layout.js';
import { requireCustomer } from '../accounts/routes.js';
import { msgText, type MsgKey } from './messages.js';
import { chosenVariant, productForQuestion } from './product.js';
import { getThread, isUuid, listThreadsForCustomer, parseCursor } from './queries.js';
import { MESSAGE_MAX, QUESTION_SUBJECTS } from './schema.js';
import { markRead, postMessage, startProductQuestion, type MessageRefusal, type QuestionRefusal } from './threads.js';
import { CustomerThreadPage, MessagesListPage, QuestionPage, type FormState } from './views.js';

const uuidOrEmpty = z
  .string()
  .optional()
  .transform((v) => v || null)
  .refine((v) => v === null || isUuid(v), { message: 'msg:variant_not_found' });

const questionForm = z.object({
  sellerId: z.string({ message: 'msg:seller_not_found' }).refine(isUuid, { message: 'msg:seller_not_found' }),
  variantId: uuidOrEmpty,
  subject: z.enum(QUESTION_SUBJECTS),
  body: z.string().trim().min(1).max(MESSAGE_MAX),
});

/** A reply in any face; `variantId` is only offered to sellers and operators (the use case refuses it from customers). */
export const replyForm = z.object({
  body: z.string().trim().min(1).max(MESSAGE_MAX),
  variantId: uuidOrEmpty,
});

/** A use case's refusal as the same form shown again: beside its field, or above the form (limits: 429). */
export function refusalForm(code: MessageRefusal | QuestionRefusal, locale: Locale, values: FormValues): { form: FormState; status: number } {
  const t = msgText(locale);
  switch (code) {
    case 'too_many_per_minute':
    case 'too_many_per_day':
      return { form: { values, formError: t(code) }, status: 429 };
    case 'seller_not_found':
      return { form: { values, errors: { sellerId: t(code) } }, status: 422 };
    case 'variant_not_found':
      return { form: { values, errors: { variantId: t(code) } }, status: 422 };
    case 'empty':
    case 'too_long':
      return { form: { values, errors: { body: t(code) } }, status: 422 };
    case 'not_found':
      throw new Error('not_found is answered with the not-found page');
  }
}

export const customText = (locale: Locale) => (key: string) => msgText(locale)(key as MsgKey);

/** Storefront: "Poser une question sur ce produit" and "Mes messages". */
export function messagingRoutes(deps: Deps) {
  return async function (app: FastifyInstance) {
    app.get('/p/:slug/question', async (req, reply) => {
      if (!requireCustomer(req, reply)) return reply;
      const product = await productForQuestion(deps.db, (req.params as { slug: string }).slug);
      if (!product) return notFound(req, reply);
      const chosen = chosenVariant(product, req.query as Record<string, unknown>);
      const values = { sellerId: chosen.sellerId ?? '', variantId: chosen.variantId ?? '', subject: 'availability' };
      return sendPage(reply, <QuestionPage ctx={pageContext(req, reply)} product={product} form={{ values }} />);
    });

    app.post('/p/:slug/question', async (req, reply) => {
      if (!requireCustomer(req, reply)) return reply;
      const product = await productForQuestion(deps.db, (req.params as { slug: string }).slug);
      if (!product) return notFound(req, reply);
      const form = parseForm(questionForm, req.body, req.locale, customText(req.locale));
      if (!form.ok) return sendPage(reply, <QuestionPage ctx={pageContext(req, reply)} product={product} form={form} />, 422);
      const r = await startProductQuestion(deps, { customerId: req.user!.id, productId: product.id, ...form.data });
      if (!r.ok) {
        const refused = refusalForm(r.code, req.locale, form.values);
        return sendPage(reply, <QuestionPage ctx={pageContext(req, reply)} product={product} form={refused.form} />, refused.status);
      }
      const seller = product.sellers.find((s) => s.id === form.data.sellerId)?.name ?? '';
      setFlash(reply, msgText(req.locale)('question_sent', { seller }));
      return seeOther(reply, href(req, `/account/messages/${r.threadId}`));
    });

    app.get('/account/messages', async (req, reply) => {
      if (!requireCustomer(req, reply)) return reply;
      const page = await listThreadsForCustomer(deps.db, req.user!.id, { before: parseCursor((req.query as { before?: string }).before) });
      return sendPage(reply, <MessagesListPage ctx={pageContext(req, reply)} page={page} />);
    });

    app.get('/account/messages/:id', async (req, reply) => {
      if (!requireCustomer(req, reply)) return reply;
      const viewer = { type: 'customer' as const, customerId: req.user!.id };
      const thread = await getThread(deps.db, (req.params as { id: string }).id, viewer);
      if (!thread) return notFound(req, reply);
      if (await markRead(deps, thread.id, viewer)) req.unreadMessages = Math.max(0, req.unreadMessages - 1);
      return sendPage(reply, <CustomerThreadPage ctx={pageContext(req, reply)} thread={thread} form={{}} now={deps.clock.now()} />);
    });

    app.post('/account/messages/:id', async (req, reply) => {
      if (!requireCustomer(req, reply)) return reply;
      const viewer = { type: 'customer' as const, customerId: req.user!.id };
      const id = (req.params as { id: string }).id;
      const thread = await getThread(deps.db, id, viewer);
      if (!thread) return notFound(req, reply);
      const form = parseForm(replyForm, req.body, req.locale, customText(req.locale));
      if (!form.ok) return sendPage(reply, <CustomerThreadPage ctx={pageContext(req, reply)} thread={thread} form={form} now={deps.clock.now()} />, 422);
      const r = await postMessage(deps, { threadId: thread.id, author: { type: 'customer', customerId: req.user!.id }, body: form.data.body });
      if (!r.ok) {
        if (r.code === 'not_found') return notFound(req, reply);
        const refused = refusalForm(r.code, req.locale, form.values);
        return sendPage(reply, <CustomerThreadPage ctx={pageContext(req, reply)} thread={thread} form={refused.form} now={deps.clock.now()} />, refused.status);
      }
      setFlash(reply, msgText(req.locale)('message_sent'));
      return seeOther(reply, href(req, `/account/messages/${thread.id}#m-${r.messageId}`));
    });
  };
}

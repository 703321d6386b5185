import { and, isNotNull, lt, sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.js';
import { operatorMenu } from '../../faces/operator.js';
import { sellerMenu } from '../../faces/seller.js';
import { pageContext, setFlash } from '../../http/context.js';
import { notFound } from '../../http/errors.js';
import { parseForm } from '../../http/forms.js';
import { seeOther, sendPage } from '../../http/render.js';
import type { DbOrTx } from '../../db/client.js';
import { msgText } from './messages.js';
import { answerTimesBySeller, getThread, listThreadsForOperator, listThreadsForSeller, listWaitingForSeller, parseCursor, type ThreadDetail } from './queries.js';
import { customText, refusalForm, replyForm } from './routes.js';
import { messageThreads } from './schema.js';
import { markRead, postMessage, type Author, type Viewer } from './threads.js';
import { BackOfficeThreadPage, OperatorMessagesPage, SellerQuestionsPage, type FormState } from './views.js';

/** Answer times are measured over this many days. */
export const ANSWER_TIME_DAYS = 90;
/** A question waiting longer than this is counted beside "Messages" in the operator menu. */
export const OVERDUE_HOURS = 48;

/** Threads a seller has owed an answer to for more than OVERDUE_HOURS (the operator menu's count). */
export async function overdueThreadCount(db: DbOrTx, now: Date): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(messageThreads)
    .where(and(isNotNull(messageThreads.awaitingSellerSince), lt(messageThreads.awaitingSellerSince, new Date(now.getTime() - OVERDUE_HOURS * 3_600_000))));
  return r?.n ?? 0;
}

type Face = {
  /** The route inside the face's plugin, and the same path as the browser sees it. */
  base: string;
  url: string;
  viewer: (req: FastifyRequest) => Viewer;
  author: (req: FastifyRequest) => Author;
  page: (req: FastifyRequest, reply: FastifyReply, thread: ThreadDetail, form: FormState) => ReturnType<typeof sendPage> | FastifyReply;
  sent: 'answer_sent' | 'op_sent';
};

/** GET and POST of one thread in a back office: scoped by the face's viewer, marked read, answered. */
function threadRoutes(deps: Deps, app: FastifyInstance, f: Face) {
  app.get(`${f.base}/:id`, async (req, reply) => {
    const viewer = f.viewer(req);
    const thread = await getThread(deps.db, (req.params as { id: string }).id, viewer);
    if (!thread) return notFound(req, reply);
    await markRead(deps, thread.id, viewer); // the menu counts what waits for an answer, not what is unread
    return f.page(req, reply, thread, {});
  });

  app.post(`${f.base}/:id`, async (req, reply) => {
    const thread = await getThread(deps.db, (req.params as { id: string }).id, f.viewer(req));
    if (!thread) return notFound(req, reply);
    const form = parseForm(replyForm, req.body, req.locale, customText(req.locale));
    if (!form.ok) return f.page(req, reply.code(422), thread, form);
    const r = await postMessage(deps, { threadId: thread.id, author: f.author(req), body: form.data.body, variantId: form.data.variantId });
    if (!r.ok) {
      if (r.code === 'not_found') return notFound(req, reply);
      const refused = refusalForm(r.code, req.locale, form.values);
      return f.page(req, reply.code(refused.status), thread, refused.form);
    }
    setFlash(reply, msgText(req.locale)(f.sent));
    return seeOther(reply, `${f.url}/${thread.id}`);
  });
}

/** Seller back office: /vendeur/questions (waiting questions with their age, every conversation) and each thread. */
export function sellerMessagingRoutes(deps: Deps) {
  return async function (app: FastifyInstance) {
    app.get('/questions', async (req, reply) => {
      const sellerId = req.seller!.sellerId;
      const [waiting, recent] = await Promise.all([
        listWaitingForSeller(deps.db, sellerId),
        listThreadsForSeller(deps.db, sellerId, { before: parseCursor((req.query as { before?: string }).before) }),
      ]);
      const ctx = pageContext(req, reply);
      return sendPage(reply, <SellerQuestionsPage ctx={ctx} menu={sellerMenu(ctx)} waiting={waiting} recent={recent} now={deps.clock.now()} />);
    });
    threadRoutes(deps, app, {
      base: '/questions',
      url: '/vendeur/questions',
      viewer: (req) => ({ type: 'seller', sellerId: req.seller!.sellerId }),
      author: (req) => ({ type: 'seller', sellerId: req.seller!.sellerId, userId: req.seller!.id }),
      page: (req, reply, thread, form) => {
        const ctx = pageContext(req, reply);
        return sendPage(reply, <BackOfficeThreadPage side="seller" ctx={ctx} menu={sellerMenu(ctx)} thread={thread} form={form} now={deps.clock.now()} />, reply.statusCode);
      },
      sent: 'answer_sent',
    });
  };
}

/** Operator back office: /admin/messages (every thread, answer times per seller) and each thread, where the operator can step in. */
export function operatorMessagingRoutes(deps: Deps) {
  return async function (app: FastifyInstance) {
    app.get('/messages', async (req, reply) => {
      const q = req.query as { waiting?: string; before?: string };
      const waitingOnly = q.waiting === '1';
      const now = deps.clock.now();
      const [page, times] = await Promise.all([
        listThreadsForOperator(deps.db, { waiting: waitingOnly, before: parseCursor(q.before) }),
        answerTimesBySeller(deps.db, new Date(now.getTime() - ANSWER_TIME_DAYS * 86_400_000)),
      ]);
      const ctx = pageContext(req, reply);
      return sendPage(reply, <OperatorMessagesPage ctx={ctx} menu={operatorMenu(ctx)} waitingOnly={waitingOnly} page={page} times={times} days={ANSWER_TIME_DAYS} now={now} />);
    });
    threadRoutes(deps, app, {
      base: '/messages',
      url: '/admin/messages',
      viewer: () => ({ type: 'operator' }),
      author: (req) => ({ type: 'operator', operatorId: req.operator!.id }),
      page: (req, reply, thread, form) => {
        const ctx = pageContext(req, reply);
        return sendPage(reply, <BackOfficeThreadPage side="operator" ctx={ctx} menu={operatorMenu(ctx)} thread={thread} form={form} now={deps.clock.now()} />, reply.statusCode);
      },
      sent: 'op_sent',
    });
  };
}

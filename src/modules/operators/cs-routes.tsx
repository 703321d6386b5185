import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.js';
import { notFound } from '../../http/errors.js';
import { pageContext } from '../../http/context.js';
import { seeOther, sendPage } from '../../http/render.js';
import { isUuid } from '../messaging/queries.js';
import { csText } from './cs-messages.js';
import { loadCustomerFile } from './customer-file.js';
import { CustomerPage, CustomersPage, OrderPage, OrdersPage } from './cs-views.js';
import { loadOrderFile } from './order-file.js';
import { classifyQuery, decodeCustomerCursor, findOrderNumber, listOrders, parseCursor, searchCustomers } from './search.js';

/** Customer service: search, customer file, orders list, order file (every operator). */
export function customerServiceRoutes(deps: Deps) {
  return async function (app: FastifyInstance) {
    app.get('/customers', async (req, reply) => {
      const query = req.query as Record<string, unknown>;
      const q = typeof query.q === 'string' ? query.q.trim().slice(0, 100) : '';
      const parsed = classifyQuery(q);
      const ctx = pageContext(req, reply);
      const t = csText(ctx.locale);
      if (parsed.kind === 'incident') return seeOther(reply, `/admin/incidents/${parsed.number}`);
      if (parsed.kind === 'order' || parsed.kind === 'seller_order') {
        const number = await findOrderNumber(deps.db, parsed.number);
        if (number) return seeOther(reply, `/admin/orders/${number}`);
        return sendPage(reply, <CustomersPage ctx={ctx} q={q} query={parsed} rows={[]} next={null} notice={t('no_order', { q: parsed.number })} />, 404);
      }
      if (parsed.kind === 'too_short') return sendPage(reply, <CustomersPage ctx={ctx} q={q} query={parsed} rows={[]} next={null} notice={t('too_short')} />, 422);
      const { rows, next, cut } = await searchCustomers(deps.db, parsed, decodeCustomerCursor(query.after));
      return sendPage(reply, <CustomersPage ctx={ctx} q={q} query={parsed} rows={rows} next={next} cut={cut} />);
    });

    app.get('/customers/:id', async (req, reply) => {
      const id = (req.params as { id: string }).id;
      if (!isUuid(id)) return notFound(req, reply);
      const file = await loadCustomerFile(deps.db, id);
      if (!file) return notFound(req, reply);
      return sendPage(reply, <CustomerPage ctx={pageContext(req, reply)} file={file} />);
    });

    app.get('/orders', async (req, reply) => {
      const query = req.query as Record<string, unknown>;
      const customerId = isUuid(query.customer) ? query.customer : null;
      const { rows, older } = await listOrders(deps.db, { customerId: customerId ?? undefined, before: parseCursor(query.before) });
      return sendPage(reply, <OrdersPage ctx={pageContext(req, reply)} rows={rows} older={older} customerId={customerId} />);
    });

    app.get('/orders/:number', async (req, reply) => {
      const number = (req.params as { number: string }).number.toUpperCase();
      const file = await loadOrderFile(deps.db, number);
      if (!file) return notFound(req, reply);
      return sendPage(reply, <OrderPage ctx={pageContext(req, reply)} file={file} />);
    });
  };
}

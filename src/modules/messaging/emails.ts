import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import type { Locale } from '../../i18n/index.js';
import { customers } from '../accounts/schema.js';
import { products, variants } from '../catalog/schema.js';
import { queueEmail } from '../notifications/emails.js';
import { renderEmail } from '../notifications/layout.js';
import { sellers, sellerUsers } from '../sellers/schema.js';
import { subjectLabel, topicOf, variantLabel, variantPath } from './labels.js';
import { msgText } from './messages.js';
import { messages, messageThreads } from './schema.js';

type Mail = { to: string; locale: Locale; name: string; link: string; subject: string; intro: string; body: string; variant: { label: string; url: string } | null; button: string };

/** The email in the shared frame: the message is quoted line by line, as text (escaped in the HTML). */
function render(m: Mail): { html: string; text: string } {
  const t = msgText(m.locale);
  return renderEmail({
    locale: m.locale,
    title: m.subject,
    paragraphs: [t('mail_greeting', { name: m.name }), m.intro],
    sections: [
      { lines: m.body.split('\n') },
      ...(m.variant ? [{ heading: t('variant_offered', { variant: m.variant.label }), lines: [m.variant.url] }] : []),
    ],
    action: { label: m.button, url: m.link },
    after: [t('mail_footer')],
  });
}

/**
 * Emails the other side of a thread about a new message, in the caller's transaction and in each
 * recipient's language: a customer's message goes to the seller's active users, a seller's to the
 * customer, an operator's to both. One email per message and recipient (dedupe key).
 */
export async function notifyNewMessage(deps: Deps, tx: Tx, e: { threadId: string; messageId: string; first: boolean }): Promise<void> {
  const [row] = await tx
    .select({
      thread: { id: messageThreads.id, kind: messageThreads.kind, subject: messageThreads.subject, sellerId: messageThreads.sellerId },
      msg: { authorType: messages.authorType, body: messages.body },
      customer: { id: customers.id, email: customers.email, firstName: customers.firstName, lastName: customers.lastName, locale: customers.locale, deletedAt: customers.deletedAt },
      sellerName: sellers.name,
      product: { slug: products.slug, title: products.title },
      variant: { colour: variants.colour, size: variants.size, colourName: variants.colourName },
    })
    .from(messages)
    .innerJoin(messageThreads, eq(messageThreads.id, messages.threadId))
    .innerJoin(customers, eq(customers.id, messageThreads.customerId))
    .innerJoin(sellers, eq(sellers.id, messageThreads.sellerId))
    .leftJoin(products, eq(products.id, messageThreads.productId))
    .leftJoin(variants, eq(variants.id, messages.variantId))
    .where(and(eq(messages.id, e.messageId), eq(messages.threadId, e.threadId)));
  if (!row) throw new Error(`message ${e.messageId} not found in thread ${e.threadId}`);
  const { thread, msg, customer } = row;
  const base = deps.config.publicUrl;
  const topic = (l: Locale) => topicOf({ kind: thread.kind, productTitle: row.product?.title ?? null }, l);

  if (msg.authorType !== 'customer' && !customer.deletedAt) {
    const l = customer.locale;
    const t = msgText(l);
    const fromOperator = msg.authorType === 'operator';
    const variant = row.variant && row.product ? { label: variantLabel(row.variant, l), url: base + variantPath(l, row.product.slug, row.variant) } : null;
    const mail: Mail = {
      to: customer.email,
      locale: l,
      name: customer.firstName,
      link: `${base}/${l}/account/messages/${thread.id}`,
      subject: fromOperator ? t('mail_operator_subject', { topic: topic(l) }) : t('mail_reply_subject', { seller: row.sellerName, topic: topic(l) }),
      intro: fromOperator ? t('mail_operator_intro', { topic: topic(l) }) : t('mail_reply_intro', { seller: row.sellerName, topic: topic(l) }),
      body: msg.body,
      variant,
      button: t('mail_open_customer'),
    };
    const { html, text } = render(mail);
    await queueEmail(tx, { dedupeKey: `message:${e.messageId}:customer`, kind: 'message_to_customer', to: mail.to, locale: l, subject: mail.subject, text, html, customerId: customer.id });
  }

  if (msg.authorType !== 'seller') {
    const users = await tx
      .select({ id: sellerUsers.id, email: sellerUsers.email, name: sellerUsers.name, locale: sellerUsers.locale })
      .from(sellerUsers)
      .where(and(eq(sellerUsers.sellerId, thread.sellerId), eq(sellerUsers.active, true)));
    const customerName = `${customer.firstName} ${customer.lastName.slice(0, 1)}.`;
    for (const u of users) {
      const l = u.locale;
      const t = msgText(l);
      const fromOperator = msg.authorType === 'operator';
      const subjectKey = fromOperator ? 'mail_operator_subject' : e.first ? 'mail_question_subject' : 'mail_customer_subject';
      const intro = fromOperator
        ? t('mail_operator_intro', { topic: topic(l) })
        : e.first
          ? t('mail_question_intro', { customer: customerName, topic: topic(l), subject: subjectLabel(thread.subject, thread.kind, l) })
          : t('mail_customer_intro', { customer: customerName, topic: topic(l) });
      const mail: Mail = { to: u.email, locale: l, name: u.name, link: `${base}/vendeur/questions/${thread.id}`, subject: t(subjectKey, { topic: topic(l) }), intro, body: msg.body, variant: null, button: t('mail_open_seller') };
      const { html, text } = render(mail);
      await queueEmail(tx, { dedupeKey: `message:${e.messageId}:seller-user:${u.id}`, kind: 'message_to_seller', to: u.email, locale: l, subject: mail.subject, text, html, sellerId: thread.sellerId });
    }
  }
}

import { and, eq } from 'drizzle-orm';
import { renderToString } from 'preact-render-to-string';
import type { Tx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import type { Locale } from '../../i18n/index.js';
import { customers } from '../accounts/schema.js';
import { products, variants } from '../catalog/schema.js';
import { queueEmail } from '../notifications/emails.js';
import { sellers, sellerUsers } from '../sellers/schema.js';
import { subjectLabel, topicOf, variantLabel, variantPath } from './labels.js';
import { linkify } from './linkify.js';
import { msgText } from './messages.js';
import { messages, messageThreads } from './schema.js';

type Mail = { to: string; locale: Locale; name: string; link: string; subject: string; intro: string; body: string; variant: { label: string; url: string } | null; button: string };

/** The email as HTML (rendered like our pages: every text escaped, links from `linkify` only) and as text. */
function render(m: Mail): { html: string; text: string } {
  const t = msgText(m.locale);
  const html =
    '<!doctype html>' +
    renderToString(
      <html lang={m.locale}>
        <head>
          <meta charset="utf-8" />
          <title>{m.subject}</title>
        </head>
        <body style="margin:0;padding:24px;background:#f8f6f2;font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;color:#1d1d1f;">
          <div style="max-width:560px;margin:0 auto;background:#ffffff;border:1px solid #e3e1dc;border-radius:8px;padding:24px;">
            <p style="margin:0 0 16px;font-weight:700;color:#8a1538;">Comptoir</p>
            <p>{t('mail_greeting', { name: m.name })}</p>
            <p>{m.intro}</p>
            <blockquote style="margin:16px 0;padding:8px 16px;border-left:4px solid #8a1538;background:#f8f6f2;white-space:pre-wrap;">{linkify(m.body)}</blockquote>
            {m.variant ? (
              <p>
                {t('variant_offered', { variant: m.variant.label })} — <a href={m.variant.url}>{t('see_variant')}</a>
              </p>
            ) : null}
            <p style="margin:24px 0;">
              <a href={m.link} style="display:inline-block;background:#8a1538;color:#ffffff;padding:8px 16px;border-radius:8px;text-decoration:none;font-weight:600;">
                {m.button}
              </a>
            </p>
            <p style="color:#6b6b70;font-size:13px;">{t('mail_footer')}</p>
          </div>
        </body>
      </html>,
    );
  const quoted = m.body
    .split('\n')
    .map((l) => `> ${l}`)
    .join('\n');
  const text = [
    t('mail_greeting', { name: m.name }),
    '',
    m.intro,
    '',
    quoted,
    '',
    ...(m.variant ? [t('variant_offered', { variant: m.variant.label }), m.variant.url, ''] : []),
    `${m.button}: ${m.link}`,
    '',
    t('mail_footer'),
  ].join('\n');
  return { html, text };
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

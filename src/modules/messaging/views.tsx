import type { PageContext } from '../../http/context.js';
import type { FieldErrors, FormValues } from '../../http/forms.js';
import { formatDate, formatMoney } from '../../i18n/index.js';
import { pick } from '../../shared/i18n-text.js';
import { FormError, SelectField, TextAreaField } from '../../ui/forms.js';
import { BackOfficeLayout, CsrfField, href, ShopLayout, type MenuItem } from '../../ui/layout.js';
import { AccountShell } from '../accounts/views.js';
import { durationLabel, subjectLabel, topicOf, variantLabel, variantPath } from './labels.js';
import { linkify } from './linkify.js';
import { msgText } from './messages.js';
import type { QuestionProduct } from './product.js';
import type { AnswerTimes, Page, ThreadDetail, ThreadMessage, ThreadRow, VariantRef } from './queries.js';
import { MESSAGE_MAX, QUESTION_SUBJECTS } from './schema.js';

type Side = 'customer' | 'seller' | 'operator';
export type FormState = { values?: FormValues; errors?: FieldErrors; formError?: string | null };

/** A labelled multi-line text field with its hint and error (what was typed is kept). */
/** The message field: the shared TextAreaField, limited to a message's length. */
export function TextArea(props: { name: string; label: string; values?: FormValues; errors?: FieldErrors; hint?: string; rows?: number; required?: boolean }) {
  return <TextAreaField {...props} rows={props.rows ?? 6} maxLength={MESSAGE_MAX} />;
}

function Time({ at, ctx }: { at: Date; ctx: PageContext }) {
  return <time datetime={at.toISOString()}>{formatDate(at, ctx.locale, true)}</time>;
}

/** Who wrote a message, as each side sees it: customers see the shop and "Service client Comptoir". */
function authorLabel(m: ThreadMessage, side: Side, thread: ThreadDetail, ctx: PageContext): string {
  const t = msgText(ctx.locale);
  if (m.authorType === 'customer') {
    if (side === 'customer') return t('you');
    return side === 'seller' ? `${thread.customer.firstName} ${thread.customer.lastName.slice(0, 1)}.` : `${thread.customer.firstName} ${thread.customer.lastName}`;
  }
  if (m.authorType === 'seller') return side === 'customer' ? t('seller_role', { seller: thread.seller.name }) : t('seller_user_named', { name: m.authorName, seller: thread.seller.name });
  return side === 'operator' ? t('operator_named', { name: m.authorName }) : t('customer_service');
}

/** The messages of a thread, oldest first; the reader's own on the right. Bodies are text with safe links. */
export function Conversation({ ctx, thread, side }: { ctx: PageContext; thread: ThreadDetail; side: Side }) {
  const t = msgText(ctx.locale);
  return (
    <ol class="conversation" aria-label={t('conversation')}>
      {thread.messages.map((m) => (
        <li class={`msg msg-${m.authorType}${m.authorType === side ? ' msg-mine' : ''}`} id={`m-${m.id}`}>
          <p class="msg-meta">
            <strong>{authorLabel(m, side, thread, ctx)}</strong> · <Time at={m.createdAt} ctx={ctx} />
          </p>
          <div class="msg-body">{linkify(m.body)}</div>
          {m.variant && thread.product ? (
            <p class="msg-variant">
              {t('variant_offered', { variant: variantLabel(m.variant, ctx.locale) })} — <a href={variantPath(ctx.locale, thread.product.slug, m.variant)}>{t('see_variant')}</a>
            </p>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

/** What the thread is about: the product (picture, brand, title, variant), the subject, the other side. */
function ThreadHeader({ ctx, thread, side, now }: { ctx: PageContext; thread: ThreadDetail; side: Side; now: Date }) {
  const t = msgText(ctx.locale);
  const topic = topicOf({ kind: thread.kind, productTitle: thread.product?.title ?? null }, ctx.locale);
  return (
    <header class="thread-head">
      {thread.product?.image ? <img src={thread.product.image} alt="" width={80} height={80} /> : null}
      <div>
        {thread.product ? <p class="brand">{thread.product.brand}</p> : null}
        <h1>{topic}</h1>
        <p class="thread-meta">
          {subjectLabel(thread.subject, thread.kind, ctx.locale)}
          {thread.variant ? ` · ${variantLabel(thread.variant, ctx.locale)}` : ''}
          {' · '}
          {side === 'customer' ? t('with_seller', { seller: thread.seller.name }) : side === 'seller' ? t('customer_named', { name: `${thread.customer.firstName} ${thread.customer.lastName.slice(0, 1)}.` }) : `${thread.customer.firstName} ${thread.customer.lastName} <${thread.customer.email}> · ${thread.seller.name}`}
        </p>
        {thread.product ? (
          <p>
            <a href={thread.variant ? variantPath(ctx.locale, thread.product.slug, thread.variant) : `/${ctx.locale}/p/${encodeURIComponent(thread.product.slug)}`}>{t('view_product')}</a>
          </p>
        ) : null}
        {side !== 'customer' && thread.awaitingSellerSince ? (
          <p>
            <span class="badge warn">{t('waiting_since', { age: durationLabel((now.getTime() - thread.awaitingSellerSince.getTime()) / 1000, ctx.locale) })}</span>
          </p>
        ) : null}
      </div>
    </header>
  );
}

/** The reply form under a conversation; the seller and the operator may attach one of the product's variants. */
function ReplyForm(props: { ctx: PageContext; action: string; label: string; hint?: string; button: string; variants?: VariantRef[]; form?: FormState }) {
  const { ctx } = props;
  const t = msgText(ctx.locale);
  return (
    <form method="post" action={props.action} class="reply-form" novalidate>
      <CsrfField ctx={ctx} />
      <FormError message={props.form?.formError} />
      <TextArea name="body" label={props.label} hint={props.hint ?? t('body_hint')} values={props.form?.values} errors={props.form?.errors} required rows={5} />
      {props.variants && props.variants.length ? (
        <SelectField
          name="variantId"
          label={t('attach_variant')}
          options={[{ value: '', label: '—' }, ...props.variants.map((v) => ({ value: v.id, label: variantLabel(v, ctx.locale) }))]}
          values={props.form?.values}
          errors={props.form?.errors}
        />
      ) : null}
      {props.variants && props.variants.length ? <p class="hint attach-hint">{t('attach_hint')}</p> : null}
      <button type="submit" class="button primary">
        {props.button}
      </button>
    </form>
  );
}

function StatusBadge({ row, side, ctx }: { row: ThreadRow; side: Side; ctx: PageContext }) {
  const t = msgText(ctx.locale);
  if (row.unread) return <span class="badge info">{side === 'customer' ? t('status_unread') : t('new_for_you')}</span>;
  if (row.awaitingSellerSince) return <span class="badge warn">{side === 'seller' ? t('waiting_title') : t('status_waiting')}</span>;
  return <span class="badge ok">{t('status_answered')}</span>;
}

// ————————————————————————— Storefront —————————————————————————

/** "Poser une question sur ce produit": the product, its variant, the seller (a choice when several), a subject and a message. */
export function QuestionPage({ ctx, product, form }: { ctx: PageContext; product: QuestionProduct; form: FormState }) {
  const t = msgText(ctx.locale);
  const title = pick(product.title, ctx.locale);
  const productUrl = href(ctx, `/p/${encodeURIComponent(product.slug)}`);
  const values = form.values ?? {};
  const sellerErr = form.errors?.sellerId;
  return (
    <ShopLayout ctx={ctx} title={`${t('ask_title')} — ${title}`}>
      <p class="back-link">
        <a href={productUrl}>← {t('back_to_product')}</a>
      </p>
      <div class="question-grid">
        <aside class="question-product card">
          {product.image ? <img src={product.image} alt="" width={240} height={240} /> : null}
          <p class="brand">{product.brand}</p>
          <p class="title">
            <a href={productUrl}>{title}</a>
          </p>
        </aside>
        <section class="question-form">
          <h1>{t('ask_title')}</h1>
          <p class="lead">{t('ask_intro')}</p>
          <FormError message={form.formError} />
          {product.sellers.length === 0 ? (
            <p class="note">{t('no_seller')}</p>
          ) : (
            <form method="post" action={`${productUrl}/question`} novalidate>
              <CsrfField ctx={ctx} />
              {product.sellers.length > 1 ? (
                <fieldset class={`field choice${sellerErr ? ' has-error' : ''}`} aria-describedby={sellerErr ? 'f-sellerId-err' : undefined}>
                  <legend>
                    {t('field_seller')}
                    <span aria-hidden="true"> *</span>
                  </legend>
                  {product.sellers.map((s) => (
                    <label class="choice-item">
                      <input type="radio" name="sellerId" value={s.id} checked={values.sellerId === s.id} required />
                      <span>
                        <strong>{s.name}</strong> <span class="small">{t('price_from', { price: formatMoney(s.fromCents, ctx.locale) })}</span>
                      </span>
                    </label>
                  ))}
                  {sellerErr ? (
                    <p class="error" id="f-sellerId-err">
                      {sellerErr}
                    </p>
                  ) : null}
                </fieldset>
              ) : (
                <>
                  <p class="sold-by">{t('sold_by', { seller: product.sellers[0]!.name })}</p>
                  <input type="hidden" name="sellerId" value={product.sellers[0]!.id} />
                </>
              )}
              <SelectField
                name="variantId"
                label={t('field_variant')}
                options={[{ value: '', label: t('variant_none') }, ...product.variants.map((v) => ({ value: v.id, label: variantLabel(v, ctx.locale) }))]}
                values={values}
                errors={form.errors}
              />
              <SelectField name="subject" label={t('field_subject')} options={QUESTION_SUBJECTS.map((s) => ({ value: s, label: t(`subject_${s}`) }))} values={values} errors={form.errors} value="availability" required />
              <TextArea name="body" label={t('field_body')} hint={t('body_hint')} values={values} errors={form.errors} required rows={7} />
              <button type="submit" class="button primary">
                {t('send_question')}
              </button>
            </form>
          )}
        </section>
      </div>
    </ShopLayout>
  );
}

function ThreadList({ ctx, rows, side, base }: { ctx: PageContext; rows: ThreadRow[]; side: Side; base: string }) {
  const t = msgText(ctx.locale);
  return (
    <ul class="thread-list">
      {rows.map((r) => (
        <li class={r.unread ? 'unread' : undefined}>
          <a href={`${base}/${r.id}`}>
            <span class="thread-topic">{topicOf({ kind: r.kind, productTitle: r.productTitle }, ctx.locale)}</span>
            <span class="thread-meta">
              {subjectLabel(r.subject, r.kind, ctx.locale)} · {side === 'customer' ? t('with_seller', { seller: r.sellerName }) : r.customerName} · <Time at={r.lastMessageAt} ctx={ctx} />
            </span>
            <span class="thread-preview">{r.preview}</span>
          </a>
          <StatusBadge row={r} side={side} ctx={ctx} />
        </li>
      ))}
    </ul>
  );
}

function OlderLink({ ctx, next, base, extra = '' }: { ctx: PageContext; next: string | null; base: string; extra?: string }) {
  if (!next) return null;
  return (
    <p>
      <a class="button" href={`${base}?${extra}before=${encodeURIComponent(next)}`}>
        {msgText(ctx.locale)('older')}
      </a>
    </p>
  );
}

/** "Mes messages": every conversation of the customer, unread ones marked. */
export function MessagesListPage({ ctx, page }: { ctx: PageContext; page: Page<ThreadRow> }) {
  const t = msgText(ctx.locale);
  return (
    <AccountShell ctx={ctx} title={t('my_messages')}>
      <h1>{t('my_messages')}</h1>
      <p>{t('messages_intro')}</p>
      {page.rows.length === 0 ? <p class="note">{t('messages_none')}</p> : <ThreadList ctx={ctx} rows={page.rows} side="customer" base={href(ctx, '/account/messages')} />}
      <OlderLink ctx={ctx} next={page.next} base={href(ctx, '/account/messages')} />
    </AccountShell>
  );
}

/** One conversation in "Mes messages", with the reply form. */
export function CustomerThreadPage({ ctx, thread, form, now }: { ctx: PageContext; thread: ThreadDetail; form: FormState; now: Date }) {
  const t = msgText(ctx.locale);
  return (
    <AccountShell ctx={ctx} title={topicOf({ kind: thread.kind, productTitle: thread.product?.title ?? null }, ctx.locale)}>
      <p class="back-link">
        <a href={href(ctx, '/account/messages')}>← {t('my_messages')}</a>
      </p>
      <ThreadHeader ctx={ctx} thread={thread} side="customer" now={now} />
      <Conversation ctx={ctx} thread={thread} side="customer" />
      <ReplyForm ctx={ctx} action={href(ctx, `/account/messages/${thread.id}`)} label={t('reply_label')} button={t('send')} form={form} />
    </AccountShell>
  );
}

// ————————————————————————— Back offices —————————————————————————

function Age({ ctx, since, now }: { ctx: PageContext; since: Date; now: Date }) {
  return <time datetime={since.toISOString()}>{durationLabel((now.getTime() - since.getTime()) / 1000, ctx.locale)}</time>;
}

/** The seller's questions: those waiting for an answer, the longest waiting first, then every conversation. */
export function SellerQuestionsPage({ ctx, menu, waiting, recent, now }: { ctx: PageContext; menu: MenuItem[]; waiting: ThreadRow[]; recent: Page<ThreadRow>; now: Date }) {
  const t = msgText(ctx.locale);
  return (
    <BackOfficeLayout ctx={ctx} title={t('questions_title')} menu={menu}>
      <h1>{t('questions_title')}</h1>
      <section aria-labelledby="waiting-h">
        <h2 id="waiting-h">
          {t('waiting_title')} <span class="count">{waiting.length}</span>
        </h2>
        {waiting.length === 0 ? (
          <p class="note">{t('waiting_none')}</p>
        ) : (
          <table class="data">
            <thead>
              <tr>
                <th scope="col">{t('col_waiting')}</th>
                <th scope="col">{t('col_product')}</th>
                <th scope="col">{t('col_subject')}</th>
                <th scope="col">{t('col_customer')}</th>
                <th scope="col">{t('col_preview')}</th>
              </tr>
            </thead>
            <tbody>
              {waiting.map((r) => (
                <tr>
                  <td class="nowrap">
                    <Age ctx={ctx} since={r.awaitingSellerSince!} now={now} />
                  </td>
                  <td>
                    <a href={`/vendeur/questions/${r.id}`}>{topicOf({ kind: r.kind, productTitle: r.productTitle }, ctx.locale)}</a>
                  </td>
                  <td>{subjectLabel(r.subject, r.kind, ctx.locale)}</td>
                  <td>{shortName(r.customerName)}</td>
                  <td class="preview">{r.preview}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="all-h">
        <h2 id="all-h">{t('all_threads')}</h2>
        {recent.rows.length === 0 ? <p>{t('threads_none')}</p> : <ThreadTable ctx={ctx} rows={recent.rows} side="seller" base="/vendeur/questions" />}
        <OlderLink ctx={ctx} next={recent.next} base="/vendeur/questions" />
      </section>
    </BackOfficeLayout>
  );
}

/** "Anne Janssens" → "Anne J.": a seller needs no more of a customer's name to answer a question. */
function shortName(full: string): string {
  const [first, ...rest] = full.split(' ');
  const last = rest.join(' ');
  return last ? `${first} ${last.slice(0, 1)}.` : (first ?? '');
}

function ThreadTable({ ctx, rows, side, base }: { ctx: PageContext; rows: ThreadRow[]; side: Side; base: string }) {
  const t = msgText(ctx.locale);
  return (
    <table class="data">
      <thead>
        <tr>
          <th scope="col">{t('col_last')}</th>
          <th scope="col">{t('col_product')}</th>
          <th scope="col">{t('col_subject')}</th>
          <th scope="col">{t('col_customer')}</th>
          {side === 'operator' ? <th scope="col">{t('col_seller')}</th> : null}
          <th scope="col">{t('col_status')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr class={r.unread ? 'unread' : undefined}>
            <td class="nowrap">
              <Time at={r.lastMessageAt} ctx={ctx} />
            </td>
            <td>
              <a href={`${base}/${r.id}`}>{topicOf({ kind: r.kind, productTitle: r.productTitle }, ctx.locale)}</a>
              <div class="small preview">{r.preview}</div>
            </td>
            <td>{subjectLabel(r.subject, r.kind, ctx.locale)}</td>
            <td>{side === 'seller' ? shortName(r.customerName) : r.customerName}</td>
            {side === 'operator' ? <td>{r.sellerName}</td> : null}
            <td>
              <StatusBadge row={r} side={side} ctx={ctx} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * One conversation in a back office: the seller answers (optionally pointing at one of the product's
 * variants); the operator steps in (both sides are told).
 */
export function BackOfficeThreadPage({ ctx, menu, thread, form, now, side }: { ctx: PageContext; menu: MenuItem[]; thread: ThreadDetail; form: FormState; now: Date; side: 'seller' | 'operator' }) {
  const t = msgText(ctx.locale);
  const list = side === 'seller' ? '/vendeur/questions' : '/admin/messages';
  return (
    <BackOfficeLayout ctx={ctx} title={topicOf({ kind: thread.kind, productTitle: thread.product?.title ?? null }, ctx.locale)} menu={menu}>
      <p class="back-link">
        <a href={list}>← {t('back_to_list')}</a>
      </p>
      <ThreadHeader ctx={ctx} thread={thread} side={side} now={now} />
      <Conversation ctx={ctx} thread={thread} side={side} />
      <ReplyForm
        ctx={ctx}
        action={`${list}/${thread.id}`}
        label={t(side === 'seller' ? 'answer_label' : 'op_reply_label')}
        hint={side === 'operator' ? t('op_reply_hint') : undefined}
        button={t(side === 'seller' ? 'send_answer' : 'send')}
        variants={thread.variants}
        form={form}
      />
    </BackOfficeLayout>
  );
}

/** Every conversation of the marketplace, and how fast each seller answers. */
export function OperatorMessagesPage(props: { ctx: PageContext; menu: MenuItem[]; waitingOnly: boolean; page: Page<ThreadRow>; times: AnswerTimes[]; days: number; now: Date }) {
  const { ctx } = props;
  const t = msgText(ctx.locale);
  return (
    <BackOfficeLayout ctx={ctx} title={t('op_title')} menu={props.menu}>
      <h1>{t('op_title')}</h1>
      <p>{t('op_intro')}</p>
      <section aria-labelledby="times-h">
        <h2 id="times-h">{t('answer_times_title', { days: props.days })}</h2>
        {props.times.length === 0 ? (
          <p>{t('answer_times_none')}</p>
        ) : (
          <table class="data">
            <thead>
              <tr>
                <th scope="col">{t('col_seller')}</th>
                <th scope="col" class="num">
                  {t('col_threads')}
                </th>
                <th scope="col" class="num">
                  {t('col_answered')}
                </th>
                <th scope="col" class="num">
                  {t('col_median')}
                </th>
                <th scope="col" class="num">
                  {t('col_pending')}
                </th>
                <th scope="col" class="num">
                  {t('col_oldest')}
                </th>
              </tr>
            </thead>
            <tbody>
              {props.times.map((r) => (
                <tr>
                  <td>{r.sellerName}</td>
                  <td class="num">{r.questions}</td>
                  <td class="num">{r.answered}</td>
                  <td class="num">{r.medianSeconds === null ? '—' : durationLabel(r.medianSeconds, ctx.locale)}</td>
                  <td class="num">{r.waiting}</td>
                  <td class="num">{r.oldestWaiting ? <Age ctx={ctx} since={r.oldestWaiting} now={props.now} /> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="threads-h">
        <h2 id="threads-h">{t('all_threads')}</h2>
        <nav class="filters" aria-label={t('op_title')}>
          <a href="/admin/messages" aria-current={props.waitingOnly ? undefined : 'page'}>
            {t('filter_all')}
          </a>
          <a href="/admin/messages?waiting=1" aria-current={props.waitingOnly ? 'page' : undefined}>
            {t('filter_waiting')}
          </a>
        </nav>
        {props.page.rows.length === 0 ? <p>{t('threads_none')}</p> : <ThreadTable ctx={ctx} rows={props.page.rows} side="operator" base="/admin/messages" />}
        <OlderLink ctx={ctx} next={props.page.next} base="/admin/messages" extra={props.waitingOnly ? 'waiting=1&' : ''} />
      </section>
    </BackOfficeLayout>
  );
}

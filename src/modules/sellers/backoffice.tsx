import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.js';
import { sellerMenu } from '../../faces/seller.js';
import { pageContext, setFlash, type PageContext } from '../../http/context.js';
import { notFound } from '../../http/errors.js';
import { parseForm, type FieldErrors, type FormValues } from '../../http/forms.js';
import { seeOther, sendPage } from '../../http/render.js';
import { pick } from '../../shared/i18n-text.js';
import { Field, FormError, SelectField } from '../../ui/forms.js';
import { BackOfficeLayout, CsrfField } from '../../ui/layout.js';
import { centsToEuros } from '../catalog/rules.js';
import { isUuid } from '../cart/cart.js';
import { sellerText } from './messages.js';
import { getSeller, listSellerOffers, offerBelongsTo, offerForm, policyForm, updateOffer, updatePolicy, type SellerOfferRow } from './offers.js';

type RowError = { offerId: string; errors: FieldErrors; values: FormValues };

function OfferCell(props: { row: SellerOfferRow; name: string; label: string; value: string; err?: RowError | null; width?: string; inputMode?: string }) {
  const id = `${props.name}-${props.row.id}`;
  const e = props.err?.errors[props.name];
  return (
    <td class={`num${e ? ' has-error' : ''}`}>
      <label class="visually-hidden" for={id}>
        {props.label} — {props.row.sku}
      </label>
      <input
        id={id}
        form={`o-${props.row.id}`}
        name={props.name}
        value={props.err ? (props.err.values[props.name] ?? '') : props.value}
        inputMode={props.inputMode as 'decimal' | undefined}
        class={`cell-input ${props.width ?? ''}`}
        maxLength={12}
        aria-invalid={e ? 'true' : undefined}
        aria-describedby={e ? `${id}-err` : undefined}
      />
      {e ? (
        <p class="error" id={`${id}-err`}>
          {e}
        </p>
      ) : null}
    </td>
  );
}

function OffersPage(props: { ctx: PageContext; rows: SellerOfferRow[]; more: boolean; q: string; page: number; err?: RowError | null }) {
  const { ctx, rows, q, page } = props;
  const t = sellerText(ctx.locale);
  const qs = (p: number) => `/vendeur/offers?${new URLSearchParams({ ...(q ? { q } : {}), ...(p > 1 ? { page: String(p) } : {}) }).toString()}`;
  return (
    <BackOfficeLayout ctx={ctx} title={t('offers_title')} menu={sellerMenu(ctx)}>
      <h1>{t('offers_title')}</h1>
      <p>{t('offers_intro')}</p>
      <form method="get" action="/vendeur/offers" class="filters" role="search">
        <label for="offers-q">{t('offers_search')}</label>
        <input id="offers-q" name="q" type="search" value={q} maxLength={100} />
        <button type="submit" class="button">
          {t('filter')}
        </button>
      </form>
      {props.err ? <FormError message={t('offer_errors')} /> : null}
      {rows.length === 0 ? (
        <p>{t('no_offers')}</p>
      ) : (
        <table class="data offers-table">
          <thead>
            <tr>
              <th scope="col">{t('product')}</th>
              <th scope="col">{t('variant')}</th>
              <th scope="col">{t('sku')}</th>
              <th scope="col" class="num">
                {t('price')}
              </th>
              <th scope="col" class="num">
                {t('compare_at')}
              </th>
              <th scope="col" class="num">
                {t('vat')}
              </th>
              <th scope="col" class="num">
                {t('stock')}
              </th>
              <th scope="col" class="num">
                {t('lead_time')}
              </th>
              <th scope="col">{t('active')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('save')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const err = props.err?.offerId === r.id ? props.err : null;
              const activeChecked = err ? err.values.active !== undefined : r.active;
              return (
                <tr id={`offer-${r.id}`} class={err ? 'row-error' : r.stock === 0 ? 'row-muted' : undefined}>
                  <td>
                    <a href={`/${ctx.locale}/p/${r.productSlug}`}>{pick(r.title, ctx.locale)}</a>
                    <br />
                    <span class="small">{r.brand}</span>
                  </td>
                  <td>
                    {pick(r.colourName, ctx.locale)} · {r.size}
                  </td>
                  <td>
                    <code>{r.sku}</code>
                  </td>
                  <OfferCell row={r} name="price" label={t('price')} value={centsToEuros(r.priceCents)} err={err} inputMode="decimal" />
                  <OfferCell row={r} name="compareAt" label={t('compare_at')} value={r.compareAtCents !== null ? centsToEuros(r.compareAtCents) : ''} err={err} inputMode="decimal" />
                  <td class="num">{(r.vatRateBps / 100).toLocaleString(ctx.locale)} %</td>
                  <OfferCell row={r} name="stock" label={t('stock')} value={String(r.stock)} err={err} width="short" inputMode="numeric" />
                  <OfferCell row={r} name="leadTimeDays" label={t('lead_time')} value={String(r.leadTimeDays)} err={err} width="short" inputMode="numeric" />
                  <td>
                    <label>
                      <input type="checkbox" form={`o-${r.id}`} name="active" value="on" checked={activeChecked} />
                      <span class="visually-hidden">
                        {t('active')} — {r.sku}
                      </span>
                    </label>
                  </td>
                  <td>
                    <form id={`o-${r.id}`} method="post" action={`/vendeur/offers/${r.id}`}>
                      <CsrfField ctx={ctx} />
                      <input type="hidden" name="q" value={q} />
                      <input type="hidden" name="page" value={String(page)} />
                      <button type="submit" class="button small">
                        {t('save')}
                        <span class="visually-hidden"> — {r.sku}</span>
                      </button>
                    </form>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <nav class="pagination" aria-label={t('page_of', { n: page })}>
        <ul>
          {page > 1 ? (
            <li>
              <a href={qs(page - 1)}>← {t('previous')}</a>
            </li>
          ) : null}
          {props.more ? (
            <li>
              <a href={qs(page + 1)}>{t('next')} →</a>
            </li>
          ) : null}
        </ul>
      </nav>
    </BackOfficeLayout>
  );
}

function PolicyPage(props: { ctx: PageContext; values: FormValues; errors?: FieldErrors }) {
  const { ctx, values, errors } = props;
  const t = sellerText(ctx.locale);
  const langs = [
    ['Fr', t('lang_fr')],
    ['Nl', t('lang_nl')],
    ['En', t('lang_en')],
  ] as const;
  const textarea = (name: string, label: string, rows: number, required = false) => {
    const e = errors?.[name];
    return (
      <div class={`field${e ? ' has-error' : ''}`}>
        <label for={`f-${name}`}>
          {label}
          {required ? <span aria-hidden="true"> *</span> : null}
        </label>
        <textarea id={`f-${name}`} name={name} rows={rows} maxLength={4000} required={required} aria-invalid={e ? 'true' : undefined} aria-describedby={e ? `f-${name}-err` : undefined}>
          {values[name] ?? ''}
        </textarea>
        {e ? (
          <p class="error" id={`f-${name}-err`}>
            {e}
          </p>
        ) : null}
      </div>
    );
  };
  return (
    <BackOfficeLayout ctx={ctx} title={t('policy_title')} menu={sellerMenu(ctx)}>
      <h1>{t('policy_title')}</h1>
      <p>{t('policy_intro')}</p>
      {errors ? <FormError message={t('policy_errors')} /> : null}
      <form method="post" action="/vendeur/policy" class="card policy-form" novalidate>
        <CsrfField ctx={ctx} />
        <fieldset>
          <legend>{t('returns_fieldset')}</legend>
          <Field name="returnWindowDays" label={t('return_window_label')} hint={t('return_window_hint')} values={values} errors={errors} required inputMode="numeric" maxLength={3} />
          <SelectField
            name="returnShippingPaidBy"
            label={t('return_shipping_label')}
            options={[
              { value: 'customer', label: t('paid_by_customer') },
              { value: 'seller', label: t('paid_by_seller') },
            ]}
            values={values}
            errors={errors}
            required
          />
          {langs.map(([k, lang]) => textarea(`conditions${k}`, t('conditions_label', { lang }), 2, k === 'Fr'))}
          {langs.map(([k, lang]) => textarea(`text${k}`, t('text_label', { lang }), 4))}
        </fieldset>
        <fieldset>
          <legend>{t('shipping_fieldset')}</legend>
          <Field name="shippingFee" label={t('shipping_fee_label')} values={values} errors={errors} required inputMode="decimal" maxLength={10} />
          <Field name="freeFrom" label={t('free_from_label')} hint={t('free_from_hint')} values={values} errors={errors} inputMode="decimal" maxLength={10} />
        </fieldset>
        <button type="submit" class="button primary">
          {t('save')}
        </button>
      </form>
    </BackOfficeLayout>
  );
}

const pageOf = (v: unknown) => (typeof v === 'string' && /^\d{1,4}$/.test(v) ? Math.max(1, Number(v)) : 1);
const qOf = (v: unknown) => (typeof v === 'string' ? v.trim().slice(0, 100) : '');

/** The seller back office's "Mes offres" and "Retours et livraison" pages, scoped by `req.seller.sellerId`. */
export function sellerOfferRoutes(deps: Deps) {
  return async function (app: FastifyInstance) {
    const showOffers = async (req: FastifyRequest, reply: FastifyReply, q: string, page: number, err: RowError | null = null) => {
      const { rows, more } = await listSellerOffers(deps.db, req.seller!.sellerId, { q, page });
      return sendPage(reply, <OffersPage ctx={pageContext(req, reply)} rows={rows} more={more} q={q} page={page} err={err} />, err ? 422 : 200);
    };

    app.get('/offers', async (req, reply) => {
      const query = req.query as Record<string, unknown>;
      return showOffers(req, reply, qOf(query.q), pageOf(query.page));
    });

    app.post<{ Params: { id: string } }>('/offers/:id', async (req, reply) => {
      const t = sellerText(req.locale);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const q = qOf(body.q);
      const page = pageOf(body.page);
      if (!isUuid(req.params.id)) return notFound(req, reply);
      const form = parseForm(offerForm, body, req.locale, (k) => t(k as Parameters<typeof t>[0]));
      if (!form.ok) {
        // Only the seller's own offer gets its form back: someone else's id is simply not found.
        if (!(await offerBelongsTo(deps.db, req.seller!.sellerId, req.params.id))) return notFound(req, reply);
        return showOffers(req, reply, q, page, { offerId: req.params.id, errors: form.errors, values: form.values });
      }
      const r = await updateOffer(deps, req.seller!.sellerId, req.params.id, form.data);
      if (!r.ok) return notFound(req, reply);
      setFlash(reply, t('saved_offer'));
      const qs = new URLSearchParams({ ...(q ? { q } : {}), ...(page > 1 ? { page: String(page) } : {}) }).toString();
      return seeOther(reply, `/vendeur/offers${qs ? `?${qs}` : ''}#offer-${req.params.id}`);
    });

    app.get('/policy', async (req, reply) => {
      const s = await getSeller(deps.db, req.seller!.sellerId);
      if (!s) return notFound(req, reply);
      const values: FormValues = {
        returnWindowDays: String(s.returnWindowDays),
        returnShippingPaidBy: s.returnShippingPaidBy,
        conditionsFr: s.returnConditions.fr,
        conditionsNl: s.returnConditions.nl,
        conditionsEn: s.returnConditions.en,
        textFr: s.returnText.fr,
        textNl: s.returnText.nl,
        textEn: s.returnText.en,
        shippingFee: centsToEuros(s.shippingFeeCents),
        freeFrom: s.freeShippingFromCents !== null ? centsToEuros(s.freeShippingFromCents) : '',
      };
      return sendPage(reply, <PolicyPage ctx={pageContext(req, reply)} values={values} />);
    });

    app.post('/policy', async (req, reply) => {
      const t = sellerText(req.locale);
      const form = parseForm(policyForm, req.body, req.locale, (k) => t(k as Parameters<typeof t>[0]));
      if (!form.ok) return sendPage(reply, <PolicyPage ctx={pageContext(req, reply)} values={form.values} errors={form.errors} />, 422);
      await updatePolicy(deps, req.seller!.sellerId, form.data);
      setFlash(reply, t('policy_saved'));
      return seeOther(reply, '/vendeur/policy');
    });
  };
}

// The set-based SQL that grows the demo marketplace to a bench scale (issue 11). Every step is one
// `insert … select … from generate_series` over temporary tables (bench_*), so that a million orders
// take minutes, not hours. Distributions: sellers, categories and customers are skewed (a few big,
// most small: rank = floor(n · random()^p)); the demo seller (Maison Lemaire) is rank 0, the biggest,
// and the demo customer gets `demoOrders` orders, so "Mes commandes" and the seller's list are
// measured on heavy accounts. Rows respect every constraint; the ledger's balance is checked once at
// the end by one query instead of once per entry by the deferred trigger (see generate.ts).

export type Scale = { name: string; sellers: number; products: number; orders: number; incidents: number; messages: number; demoOrders: number };

export const SCALES: Record<string, Scale> = {
  tiny: { name: 'tiny', sellers: 10, products: 300, orders: 600, incidents: 20, messages: 80, demoOrders: 30 },
  small: { name: 'small', sellers: 0, products: 0, orders: 0, incidents: 0, messages: 0, demoOrders: 0 },
  medium: { name: 'medium', sellers: 100, products: 10_000, orders: 100_000, incidents: 2_000, messages: 20_000, demoOrders: 400 },
  large: { name: 'large', sellers: 1_000, products: 100_000, orders: 1_000_000, incidents: 20_000, messages: 200_000, demoOrders: 1_500 },
};

export type Step = { name: string; sql: string };

// Zero-padded to 6 digits like orderNumber()/incidentNumber(), never truncated (lpad would cut).
const pad6 = (e: string) => `lpad((${e})::text, greatest(6, length((${e})::text)), '0')`;
const skew = (n: string, p: number) => `least(${n} - 1, floor(${n} * power(random(), ${p}))::int)`;

const FIRST = `(array['Emma','Louis','Olivia','Arthur','Louise','Jules','Mila','Noah','Alice','Lucas','Lina','Adam','Elise','Victor','Nora','Finn','Lotte','Wout','Sofie','Bram'])`;
const LAST = `(array['Peeters','Janssens','Maes','Jacobs','Mertens','Willems','Claes','Goossens','Wouters','De Smet','Dubois','Lambert','Dupont','Martin','Simon','Laurent','Leroy','Renard','Fontaine','Lemaire'])`;
const CITY = `(array['1000|Bruxelles','2000|Antwerpen','9000|Gent','4000|Liège','5000|Namur','3000|Leuven','8000|Brugge','6000|Charleroi','7000|Mons','1300|Wavre'])`;
const EDITION = {
  fr: `array['Édition','Classique','Essentiel','Atelier','Nature','Urbain','Héritage','Saison']`,
  nl: `array['Editie','Klassiek','Essentieel','Atelier','Natuur','Urban','Erfgoed','Seizoen']`,
  en: `array['Edition','Classic','Essential','Workshop','Nature','Urban','Heritage','Season']`,
};
const BODY = `array['Bonjour, où en est mon colis ?','Votre colis est parti ce matin, voici le suivi.','Merci beaucoup !','Avec plaisir, bonne journée.','La taille convient-elle pour un enfant de 8 ans ?','Goedendag, wanneer wordt mijn pakket geleverd?','Hello, could you confirm the colour?','Nous vérifions et revenons vers vous aujourd''hui.']`;

/** Copies a template row's columns except the ones given (and id, generated columns), for tables we only grow. */
export function cloneColumns(columns: string[], overrides: Record<string, string>, alias: string): { names: string; values: string } {
  const cols = columns.filter((c) => c !== 'id');
  return { names: cols.map((c) => `"${c}"`).join(', '), values: cols.map((c) => overrides[c] ?? `${alias}."${c}"`).join(', ') };
}

export function catalogueSteps(s: Scale, sellerCols: string[], productCols: string[]): Step[] {
  const seller = cloneColumns(sellerCols, {
    slug: `'bench-boutique-' || g`,
    name: `'Boutique ' || g`,
    legal_name: `'Boutique ' || g || ' SRL'`,
    vat_number: `'BE0' || (700000000 + g)`,
    email: `'boutique' || g || '@bench.comptoir.be'`,
    shipping_fee_cents: `395 + (g % 4) * 100`,
    free_shipping_from_cents: `case when g % 3 = 0 then null else 4000 + (g % 5) * 1000 end`,
    commission_bps: `1000 + (g % 8) * 100`,
    created_at: `now() - make_interval(days => (g % 900)::int)`,
  }, 't');
  const product = cloneColumns(productCols, {
    slug: `t.slug || '-bench' || b.g`,
    category_id: 't.category_id',
    title: `jsonb_build_object(${(['fr', 'nl', 'en'] as const).map((l) => `'${l}', (t.title->>'${l}') || ' ' || (${EDITION[l]})[1 + b.g % 8] || ' ' || b.g`).join(', ')})`,
    created_at: 'b.created_at',
  }, 't');
  return [
    { name: 'sellers', sql: `insert into sellers (${seller.names}) select ${seller.values} from generate_series(1, greatest(0, ${s.sellers} - (select count(*) from sellers))) g, (select * from sellers where slug = 'maison-lemaire') t` },
    { name: 'seller owners', sql: `insert into seller_users (seller_id, email, password_hash, name, role, locale) select s.id, s.email, (select password_hash from seller_users where email = 'vendeur@demo.comptoir.be'), s.name || ' (gérant)', 'owner', 'fr' from sellers s where s.slug like 'bench-%' and not exists (select 1 from seller_users u where u.seller_id = s.id)` },
    // Sellers' first ranking (for the catalogue): the demo seller first, then the others by age.
    { name: 'seller ranks', sql: `create temp table bench_seller0 as select (row_number() over (order by (slug = 'maison-lemaire') desc, created_at, id) - 1)::int as rank, id from sellers` },
    { name: 'templates', sql: `create temp table bench_tpl as select (row_number() over (order by c.position, p.id) - 1)::int as k, p.id from products p join categories c on c.id = p.category_id where p.slug not like '%-bench%'` },
    { name: 'product plan', sql: `create temp table bench_p as select g, gen_random_uuid() as id, ${skew('(select count(*)::int from bench_tpl)', 1.6)} as tk, ${skew('(select count(*)::int from bench_seller0)', 2.5)} as sk, now() - make_interval(secs => 86400 * 700 * random()) as created_at from generate_series(1, ${s.products} - (select count(*) from products)) g` },
    { name: 'products', sql: `insert into products (id, ${product.names}) select b.id, ${product.values} from bench_p b join bench_tpl k on k.k = b.tk join products t on t.id = k.id` },
    { name: 'product images', sql: `insert into product_images (product_id, position, url, colour, width, height) select b.id, i.position, i.url, i.colour, i.width, i.height from bench_p b join bench_tpl k on k.k = b.tk join product_images i on i.product_id = k.id` },
    { name: 'variants', sql: `insert into variants (product_id, sku, colour, colour_name, colour_hex, size, position) select b.id, v.sku || '-B' || b.g, v.colour, v.colour_name, v.colour_hex, v.size, v.position from bench_p b join bench_tpl k on k.k = b.tk join variants v on v.product_id = k.id` },
    // One offer per variant by the product's seller, a second seller on one product in ten; stock is generous.
    { name: 'offers', sql: `insert into offers (variant_id, seller_id, price_cents, compare_at_cents, vat_rate_bps, stock, lead_time_days) select v.id, s.id, greatest(100, round(o.price_cents * (0.8 + 0.5 * random()))::int), null, o.vat_rate_bps, 100000, o.lead_time_days from bench_p b join bench_tpl k on k.k = b.tk join bench_seller0 s on s.rank = b.sk join variants v on v.product_id = b.id join variants tv on tv.product_id = k.id and v.sku = tv.sku || '-B' || b.g cross join lateral (select * from offers where variant_id = tv.id order by price_cents limit 1) o` },
    { name: 'second offers', sql: `insert into offers (variant_id, seller_id, price_cents, vat_rate_bps, stock) select v.id, s2.id, o.price_cents + 100, o.vat_rate_bps, 100000 from bench_p b join variants v on v.product_id = b.id join offers o on o.variant_id = v.id join bench_seller0 s2 on s2.rank = (b.sk + 1 + b.g % 7) % (select count(*) from bench_seller0) where b.g % 10 = 0 and s2.id <> o.seller_id on conflict do nothing` },
  ];
}

export function customerSteps(s: Scale): Step[] {
  // Each customer gets 0–50 orders, floor(51 · u³) (mean ≈ 12.25), with u the fractional part of g·φ: spread
  // like random() but with a sum that does not wander, so orders / 11.5 customers always cover the total
  // (with random() a tiny scale fell short one run in three).
  const customers = Math.ceil(s.orders / 11.5);
  return [
    { name: 'customer plan', sql: `create temp table bench_c as select g, gen_random_uuid() as id, gen_random_uuid() as address_id, floor(51 * power(g * 0.6180339887498949 - floor(g * 0.6180339887498949), 3))::int as orders, ${FIRST}[1 + g % 20] as first_name, ${LAST}[1 + (g / 20) % 20] as last_name, split_part(${CITY}[1 + g % 10], '|', 1) as postal_code, split_part(${CITY}[1 + g % 10], '|', 2) as city, case when g % 20 = 0 then 'en' when g % 3 = 0 then 'nl' else 'fr' end as locale from generate_series(1, ${customers}) g` },
    { name: 'customers', sql: `insert into customers (id, email, password_hash, first_name, last_name, phone, locale, created_at) select id, 'client' || g || '@bench.comptoir.be', (select password_hash from customers where email = 'client@demo.comptoir.be'), first_name, last_name, '+32 470 ' || lpad((g % 1000000)::text, 6, '0'), locale, now() - make_interval(days => 731 + g % 300) from bench_c` },
    { name: 'addresses', sql: `insert into addresses (id, customer_id, first_name, last_name, street, house_number, postal_code, city, country, phone) select address_id, id, first_name, last_name, 'Rue du Commerce', (1 + g % 180)::text, postal_code, city, 'BE', null from bench_c` },
    { name: 'default addresses', sql: `update customers c set default_billing_address_id = b.address_id, default_delivery_address_id = b.address_id from bench_c b where c.id = b.id` },
  ];
}

export function orderSteps(s: Scale): Step[] {
  const snapshot = (a: string) => `jsonb_build_object('firstName', ${a}.first_name, 'lastName', ${a}.last_name, 'company', ${a}.company, 'vatNumber', ${a}.vat_number, 'street', ${a}.street, 'houseNumber', ${a}.house_number, 'box', ${a}.box, 'postalCode', ${a}.postal_code, 'city', ${a}.city, 'country', ${a}.country, 'phone', ${a}.phone)`;
  // Line state by age, as the deadlines would have moved it: a day to accept, shipped after 3, delivered after 10, closed after 21.
  const state = `case when b.age_days > 21 then 'closed' when b.age_days > 10 then 'delivered' when b.age_days > 3 then 'shipped' when b.age_days > 1 then 'preparing' else 'paid' end`;
  return [
    // Sellers' ranking for orders: demo seller first, then by number of offers (only sellers with offers).
    { name: 'order seller ranks', sql: `create temp table bench_s as select (row_number() over (order by (s.slug = 'maison-lemaire') desc, count(o.id) desc, s.id) - 1)::int as rank, s.id, count(o.id)::int as offers, s.shipping_fee_cents, s.free_shipping_from_cents, s.commission_bps from sellers s join offers o on o.seller_id = s.id and o.active group by s.id` },
    { name: 'seller offers', sql: `create temp table bench_so as select o.seller_id, (row_number() over (partition by o.seller_id order by o.id) - 1)::int as k, o.id as offer_id, o.price_cents, o.vat_rate_bps, v.id as variant_id, v.sku, v.colour_name, v.size, p.id as product_id, p.title, p.brand, p.category_id, (select url from product_images i where i.product_id = p.id order by position limit 1) as image_url from offers o join variants v on v.id = o.variant_id join products p on p.id = v.product_id where o.active; create index on bench_so (seller_id, k)` },
    { name: 'order plan', sql: `create temp table bench_o as select gen_random_uuid() as id, c.id as customer_id, o.age_days, now() - make_interval(secs => 86400 * o.age_days) as created_at, (random() < 0.3 and (select count(*) from bench_s) > 1) as two_sellers, ${skew('(select count(*)::int from bench_s)', 2.5)} as r1, random() as u from (select id from customers, generate_series(1, ${s.demoOrders}) where email = 'client@demo.comptoir.be' union all select id from bench_c cross join generate_series(1, orders) limit ${s.orders}) c cross join lateral (select 730 * power(random(), 1.5) + 0 * length(c.id::text) as age_days) o` },
    { name: 'order numbers', sql: `alter table bench_o add column rn int; update bench_o b set rn = x.rn from (select id, (row_number() over (order by created_at) + (select coalesce(max(nullif(regexp_replace(number, '^C-\\d+-', ''), '')::bigint), 0) from orders))::int as rn from bench_o) x where x.id = b.id; select setval('order_number_seq', greatest((select max(rn) from bench_o), (select last_value from order_number_seq)))` },
    { name: 'seller order plan', sql: `create temp table bench_sp as select gen_random_uuid() as id, b.id as order_id, p.part, s.id as seller_id, s.offers, s.shipping_fee_cents, s.free_shipping_from_cents, s.commission_bps, 1 + (random() < 0.4)::int + (random() < 0.1)::int as nlines from bench_o b cross join lateral (select 1 as part, b.r1 as r union all select 2, (b.r1 + 1 + floor(b.u * ((select count(*) from bench_s) - 1))::int) % (select count(*)::int from bench_s) where b.two_sellers) p join bench_s s on s.rank = p.r` },
    // The random picks are stored first: a join on a volatile expression cannot be hashed (nested loops).
    { name: 'line picks', sql: `create temp table bench_pick as select sp.id as seller_order_id, i, 1 + (random() < 0.15)::int as quantity, floor(random() * sp.offers)::int as k from bench_sp sp cross join lateral generate_series(1, sp.nlines) i` },
    { name: 'line plan', sql: `create temp table bench_l as select gen_random_uuid() as id, sp.id as seller_order_id, sp.order_id, sp.seller_id, x.offer_id, x.price_cents, x.vat_rate_bps, x.variant_id, x.sku, x.colour_name, x.size, x.product_id, x.title, x.brand, x.category_id, x.image_url, q.quantity, q.quantity * x.price_cents as total_cents, row_number() over () as n from bench_pick q join bench_sp sp on sp.id = q.seller_order_id join bench_so x on x.seller_id = sp.seller_id and x.k = q.k` },
    { name: 'seller order totals', sql: `alter table bench_sp add column items_cents int, add column shipping_cents int; update bench_sp sp set items_cents = t.items, shipping_cents = case when sp.free_shipping_from_cents is not null and t.items >= sp.free_shipping_from_cents then 0 else sp.shipping_fee_cents end from (select seller_order_id, sum(total_cents)::int as items from bench_l group by 1) t where t.seller_order_id = sp.id; delete from bench_sp where items_cents is null` },
    { name: 'orders', sql: `insert into orders (id, number, customer_id, email, locale, billing_address, delivery_address, items_cents, shipping_cents, total_cents, checkout_key, created_at, paid_at) select b.id, 'C-' || extract(year from b.created_at)::int || '-' || ${pad6('b.rn')}, c.id, c.email, c.locale, ${snapshot('a')}, ${snapshot('a')}, t.items, t.shipping, t.items + t.shipping, 'bench-' || b.id, b.created_at, b.created_at + interval '2 minutes' from bench_o b join customers c on c.id = b.customer_id join addresses a on a.id = c.default_delivery_address_id join (select order_id, sum(items_cents)::int as items, sum(shipping_cents)::int as shipping from bench_sp group by 1) t on t.order_id = b.id` },
    // Every line of a bench order gets the state of the order's age (${state} below) and no refund, so the
    // seller order's status (decision 0030: the least advanced live line) is that same state, written here;
    // the status trigger on order_lines is off during the load (generate.ts) — no second pass over the rows.
    { name: 'seller orders', sql: `insert into seller_orders (id, order_id, seller_id, number, items_cents, shipping_cents, status, created_at, updated_at) select sp.id, sp.order_id, sp.seller_id, o.number || '-' || sp.part, sp.items_cents, sp.shipping_cents, ${state}, o.created_at, o.created_at + make_interval(days => least(21, floor(b.age_days)::int)) from bench_sp sp join orders o on o.id = sp.order_id join bench_o b on b.id = o.id` },
    { name: 'order lines', sql: `insert into order_lines (id, order_id, seller_order_id, seller_id, offer_id, variant_id, product_id, title, brand, variant_label, sku, image_url, quantity, unit_price_cents, vat_rate_bps, total_cents, state, carrier, tracking_number, accepted_at, shipped_at, delivered_at, created_at) select l.id, l.order_id, l.seller_order_id, l.seller_id, l.offer_id, l.variant_id, l.product_id, l.title, l.brand, jsonb_build_object('fr', (l.colour_name->>'fr') || ' · ' || l.size, 'nl', (l.colour_name->>'nl') || ' · ' || l.size, 'en', (l.colour_name->>'en') || ' · ' || l.size), l.sku, l.image_url, l.quantity, l.price_cents, l.vat_rate_bps, l.total_cents, st.state, case when st.state in ('shipped','delivered','closed') then 'bpost' end, case when st.state in ('shipped','delivered','closed') then 'BENCH' || l.n end, case when st.state <> 'paid' then b.created_at + interval '1 day' end, case when st.state in ('shipped','delivered','closed') then b.created_at + interval '3 days' end, case when st.state in ('delivered','closed') then b.created_at + interval '10 days' end, b.created_at from bench_l l join bench_o b on b.id = l.order_id cross join lateral (select ${state} as state) st` },
    { name: 'timeline', sql: `insert into timeline_events (order_id, actor_type, actor_id, type, data, at) select o.id, 'customer', o.customer_id, 'order.placed', jsonb_build_object('number', o.number, 'totalCents', o.total_cents, 'sellers', n.parts), o.created_at from orders o join (select order_id, count(*)::int as parts from bench_sp group by 1) n on n.order_id = o.id union all select o.id, 'system', null, 'order.paid', jsonb_build_object('method', 'bancontact', 'amountCents', o.total_cents), o.paid_at from orders o join bench_o b on b.id = o.id` },
    { name: 'payments', sql: `insert into payments (order_id, provider, provider_ref, amount_cents, status, method, locale, idempotency_key, created_at, updated_at, paid_at) select o.id, 'sandbox', 'sbx_bench_' || b.rn, o.total_cents, 'paid', (array['bancontact','visa','mastercard'])[1 + b.rn % 3], o.locale, o.checkout_key, o.created_at, o.paid_at, o.paid_at from orders o join bench_o b on b.id = o.id` },
    { name: 'sandbox payments', sql: `insert into sandbox_payments (ref, merchant_ref, amount_cents, currency, description, locale, return_url, notify_url, status, method, card_last4, created_at, expires_at, updated_at) select p.provider_ref, p.id::text, p.amount_cents, 'EUR', 'Commande ' || o.number, o.locale, '/' || o.locale || '/checkout/return/' || o.number, 'http://127.0.0.1/payments/notify/sandbox', 'paid', p.method, '4242', p.created_at, p.created_at + interval '15 minutes', p.paid_at from payments p join orders o on o.id = p.order_id join bench_o b on b.id = o.id` },
  ];
}

/** What bookOrderPaid() writes for a paid order: per line the capture, per seller order its shipping. */
export function ledgerSteps(): Step[] {
  const commission = `((l.total_cents::bigint * coalesce(r.rate_bps, sp.commission_bps) * 2 + 10000) / 20000)::int`;
  return [
    { name: 'line commissions', sql: `insert into line_commissions (order_line_id, seller_id, amount_cents, rate_bps, commission_cents) select l.id, l.seller_id, l.total_cents, coalesce(r.rate_bps, sp.commission_bps), ${commission} from bench_l l join bench_sp sp on sp.id = l.seller_order_id left join commission_rates r on r.seller_id = l.seller_id and r.category_id = l.category_id` },
    { name: 'capture transactions', sql: `create temp table bench_tx as select gen_random_uuid() as tx_id, l.id as line_id, l.order_id, l.seller_id, lc.amount_cents, lc.commission_cents, b.created_at + interval '2 minutes' as at from bench_l l join line_commissions lc on lc.order_line_id = l.id join bench_o b on b.id = l.order_id; insert into ledger_transactions (id, kind, event_key, order_id, created_at) select tx_id, 'capture', 'capture:' || line_id, order_id, at from bench_tx` },
    { name: 'capture entries', sql: `insert into ledger_entries (transaction_id, account, amount_cents, seller_id, order_line_id, created_at) select tx_id, e.account, e.amount, e.seller_id, line_id, at from bench_tx cross join lateral (values ('psp', amount_cents, null::uuid), ('seller:' || seller_id, -(amount_cents - commission_cents), seller_id), ('commission', -commission_cents, null::uuid)) e(account, amount, seller_id) where e.amount <> 0` },
    { name: 'shipping transactions', sql: `create temp table bench_stx as select gen_random_uuid() as tx_id, sp.id, sp.order_id, sp.seller_id, sp.shipping_cents, b.created_at + interval '2 minutes' as at from bench_sp sp join bench_o b on b.id = sp.order_id where sp.shipping_cents > 0; insert into ledger_transactions (id, kind, event_key, order_id, created_at) select tx_id, 'shipping', 'shipping:' || id, order_id, at from bench_stx; insert into ledger_entries (transaction_id, account, amount_cents, seller_id, created_at) select tx_id, 'psp', shipping_cents, null, at from bench_stx union all select tx_id, 'seller:' || seller_id, -shipping_cents, seller_id, at from bench_stx` },
  ];
}

export function afterSalesSteps(s: Scale): Step[] {
  const threads = Math.ceil(s.messages / 4);
  return [
    // Incidents on delivered or closed lines, one per line; most closed, some waiting for an answer.
    { name: 'incidents', sql: `insert into incidents (number, order_id, order_line_id, customer_id, seller_id, reason, state, resolution, reply_deadline_at, created_at, updated_at, resolved_at, escalated_at, closed_at) select 'I-' || extract(year from x.at)::int || '-' || ${pad6(`nextval('incident_number_seq')`)}, x.order_id, x.id, x.customer_id, x.seller_id, (array['not_received','not_conforming','damaged'])[1 + x.r % 3], st.state, case when st.state = 'closed' then (array['replacement','rejected'])[1 + x.r % 2] end, case when st.state = 'open' then now() + interval '2 days' end, x.at, x.at + interval '1 day', case when st.state = 'closed' then x.at + interval '3 days' end, case when st.state = 'escalated' then x.at + interval '3 days' end, case when st.state = 'closed' then x.at + interval '4 days' end from (select l.id, l.order_id, l.seller_id, o.customer_id, l.delivered_at + interval '1 day' as at, row_number() over () as r from order_lines l join orders o on o.id = l.order_id where l.state in ('delivered','closed') and o.checkout_key like 'bench-%' order by random() limit ${s.incidents}) x cross join lateral (select case when x.at > now() - interval '12 days' then (array['open','awaiting_customer','escalated'])[1 + x.r % 3] else 'closed' end as state) st` },
    { name: 'message threads', sql: `create temp table bench_t as select gen_random_uuid() as id, x.*, u.id as seller_user_id from (select l.id as line_id, l.seller_id, o.customer_id, l.created_at + interval '2 days' as at from order_lines l join orders o on o.id = l.order_id where o.checkout_key like 'bench-%' order by random() limit ${threads}) x join (select distinct on (seller_id) seller_id, id from seller_users order by seller_id, created_at) u on u.seller_id = x.seller_id; insert into message_threads (id, kind, customer_id, seller_id, order_line_id, started_by, created_at, last_message_at, last_message_by, last_for_customer_at, last_for_seller_at, customer_read_at, seller_read_at, first_seller_reply_at) select id, 'order_line', customer_id, seller_id, line_id, 'customer', at, at + interval '3 hours', 'seller', at + interval '3 hours', at + interval '2 hours', at + interval '4 hours', at + interval '2 hours', at + interval '1 hour' from bench_t` },
    { name: 'messages', sql: `insert into messages (thread_id, author_type, author_id, body, created_at) select t.id, case when i % 2 = 1 then 'customer' else 'seller' end, case when i % 2 = 1 then t.customer_id else t.seller_user_id end, (${BODY})[1 + (i + abs(hashtext(t.id::text))) % 8], t.at + make_interval(hours => i - 1) from bench_t t cross join generate_series(1, 4) i` },
  ];
}

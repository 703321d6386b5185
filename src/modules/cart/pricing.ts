/**
 * The cart's pricing rules, pure (no I/O): lines priced from the *current* offers, grouped by seller,
 * each seller's shipping rule (flat fee, free from a threshold), the VAT included per rate, totals.
 * The cart page and the checkout both price through `priceCart`, so they can never disagree.
 *
 * Money is integer cents, prices include VAT. VAT included in a gross amount G at rate r (basis
 * points) is round(G·r / (10000 + r)), computed once per seller and rate (each seller invoices its own
 * order). Shipping is taxed at the highest rate among the seller's counted lines (an accessory cost
 * follows the goods; with mixed rates we take the higher one rather than split it —
 * docs/decisions/0018-cart-pricing-and-guest-carts.md).
 */

export const MAX_QUANTITY = 99;

/** One cart line as read from the database: the offer's current price and stock, what the customer saw. */
export type PricingLine = {
  offerId: string;
  sellerId: string;
  quantity: number;
  /** The offer's current price incl. VAT. */
  unitPriceCents: number;
  vatRateBps: number;
  /** The unit price the customer saw when adding the article. */
  priceSeenCents: number;
  /** Units the offer has now. */
  stock: number;
  /** The offer is active and its seller is active. */
  available: boolean;
};

export type SellerShippingRule = {
  sellerId: string;
  sellerName: string;
  sellerSlug: string;
  shippingFeeCents: number;
  freeShippingFromCents: number | null;
};

/**
 * What the customer must be told about a line:
 * - `price_changed`: the price differs from the one seen when adding (the line is priced at the new one);
 * - `stock_short`: fewer units left than asked (the customer lowers the quantity before ordering);
 * - `sold_out`: no unit left; `unavailable`: the offer or its seller was withdrawn.
 * Sold-out and unavailable lines are shown but not counted in the totals.
 */
export type LineNotice =
  | { code: 'price_changed'; seenCents: number; nowCents: number }
  | { code: 'stock_short'; stock: number }
  | { code: 'sold_out' }
  | { code: 'unavailable' };

export type PricedLine<L extends PricingLine> = L & { totalCents: number; counted: boolean; notices: LineNotice[] };

export type VatLine = { rateBps: number; cents: number };

export type SellerGroup<L extends PricingLine> = SellerShippingRule & {
  lines: PricedLine<L>[];
  /** Counted articles, incl. VAT. */
  itemsCents: number;
  shippingCents: number;
  /** How much more to spend with this seller for free shipping; null when already free or no threshold. */
  missingForFreeShippingCents: number | null;
  vat: VatLine[];
  totalCents: number;
};

export type PricedCart<L extends PricingLine> = {
  groups: SellerGroup<L>[];
  itemsCents: number;
  shippingCents: number;
  vat: VatLine[];
  totalCents: number;
  /** Units in the cart (all lines, as the header shows). */
  itemCount: number;
  /** False while a line is sold out, unavailable or short of stock: the checkout refuses such a cart. */
  canCheckout: boolean;
};

/** VAT included in a gross amount (incl. VAT) at a rate in basis points. */
export function includedVat(grossCents: number, rateBps: number): number {
  return Math.round((grossCents * rateBps) / (10000 + rateBps));
}

/** The seller's shipping rule applied to its counted articles (nothing counted: nothing to ship). */
export function shippingFor(rule: Pick<SellerShippingRule, 'shippingFeeCents' | 'freeShippingFromCents'>, itemsCents: number): number {
  if (itemsCents <= 0) return 0;
  if (rule.freeShippingFromCents !== null && itemsCents >= rule.freeShippingFromCents) return 0;
  return rule.shippingFeeCents;
}

export function lineNotices(l: PricingLine): LineNotice[] {
  const out: LineNotice[] = [];
  if (!l.available) out.push({ code: 'unavailable' });
  else if (l.stock <= 0) out.push({ code: 'sold_out' });
  else if (l.stock < l.quantity) out.push({ code: 'stock_short', stock: l.stock });
  if (l.unitPriceCents !== l.priceSeenCents) out.push({ code: 'price_changed', seenCents: l.priceSeenCents, nowCents: l.unitPriceCents });
  return out;
}

function addVat(into: Map<number, number>, rateBps: number, cents: number) {
  if (cents) into.set(rateBps, (into.get(rateBps) ?? 0) + cents);
}
const vatList = (m: Map<number, number>): VatLine[] => [...m].map(([rateBps, cents]) => ({ rateBps, cents })).sort((a, b) => b.rateBps - a.rateBps);

/**
 * Prices a cart. Groups keep the order in which their sellers first appear in `lines`; lines keep
 * their order. A line whose seller has no rule is a programming error (thrown).
 */
export function priceCart<L extends PricingLine>(lines: readonly L[], rules: readonly SellerShippingRule[]): PricedCart<L> {
  const ruleOf = new Map(rules.map((r) => [r.sellerId, r]));
  const bySeller = new Map<string, PricedLine<L>[]>();
  for (const l of lines) {
    const notices = lineNotices(l);
    const counted = l.available && l.stock > 0;
    const priced: PricedLine<L> = { ...l, totalCents: l.unitPriceCents * l.quantity, counted, notices };
    const list = bySeller.get(l.sellerId);
    if (list) list.push(priced);
    else bySeller.set(l.sellerId, [priced]);
  }
  const allVat = new Map<number, number>();
  const groups: SellerGroup<L>[] = [];
  for (const [sellerId, groupLines] of bySeller) {
    const rule = ruleOf.get(sellerId);
    if (!rule) throw new Error(`no shipping rule for seller ${sellerId}`);
    const counted = groupLines.filter((l) => l.counted);
    const itemsCents = counted.reduce((s, l) => s + l.totalCents, 0);
    const shippingCents = shippingFor(rule, itemsCents);
    const grossByRate = new Map<number, number>();
    for (const l of counted) grossByRate.set(l.vatRateBps, (grossByRate.get(l.vatRateBps) ?? 0) + l.totalCents);
    if (shippingCents > 0) {
      const rate = Math.max(...grossByRate.keys());
      grossByRate.set(rate, (grossByRate.get(rate) ?? 0) + shippingCents);
    }
    const vat = new Map<number, number>();
    for (const [rate, gross] of grossByRate) addVat(vat, rate, includedVat(gross, rate));
    for (const [rate, cents] of vat) addVat(allVat, rate, cents);
    const missing = rule.freeShippingFromCents !== null && itemsCents > 0 && shippingCents > 0 ? rule.freeShippingFromCents - itemsCents : null;
    groups.push({ ...rule, lines: groupLines, itemsCents, shippingCents, missingForFreeShippingCents: missing, vat: vatList(vat), totalCents: itemsCents + shippingCents });
  }
  const itemsCents = groups.reduce((s, g) => s + g.itemsCents, 0);
  const shippingCents = groups.reduce((s, g) => s + g.shippingCents, 0);
  const all = groups.flatMap((g) => g.lines);
  return {
    groups,
    itemsCents,
    shippingCents,
    vat: vatList(allVat),
    totalCents: itemsCents + shippingCents,
    itemCount: all.reduce((s, l) => s + l.quantity, 0),
    canCheckout: all.length > 0 && all.every((l) => l.counted && l.stock >= l.quantity),
  };
}

/**
 * A quantity typed by the customer: a whole number written with digits only ("2", not "2 ", "1.5",
 * "1e9", "-1"), from 1 to `min(stock, 99)`. Returns the number or the refusal's code.
 */
export type QuantityRefusal = 'quantity_not_whole' | 'quantity_too_small' | 'quantity_too_big' | 'quantity_over_stock' | 'sold_out';
export function parseQuantity(raw: unknown, stock: number): { ok: true; quantity: number } | { ok: false; code: QuantityRefusal; max: number } {
  const max = Math.min(Math.max(stock, 0), MAX_QUANTITY);
  if (typeof raw !== 'string' || !/^[0-9]{1,6}$/.test(raw)) {
    if (typeof raw === 'string' && /^-?[0-9]+$/.test(raw) && raw.startsWith('-')) return { ok: false, code: 'quantity_too_small', max };
    if (typeof raw === 'string' && /^[0-9]{7,}$/.test(raw)) return { ok: false, code: 'quantity_too_big', max };
    return { ok: false, code: 'quantity_not_whole', max };
  }
  const n = Number(raw);
  if (n < 1) return { ok: false, code: 'quantity_too_small', max };
  if (n > MAX_QUANTITY) return { ok: false, code: 'quantity_too_big', max };
  if (stock <= 0) return { ok: false, code: 'sold_out', max };
  if (n > stock) return { ok: false, code: 'quantity_over_stock', max };
  return { ok: true, quantity: n };
}

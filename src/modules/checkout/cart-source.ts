import type { DbOrTx } from '../../db/client.js';
import type { I18nText } from '../../shared/i18n-text.js';
import { loadCart, loadCartWith, type Cart } from '../cart/cart.js';
import { checkoutStateColumn, type CheckoutStateJson } from './state.js';

/**
 * The cart as the checkout needs it, priced on the server from current offers. Built from the cart
 * module's `loadCart` (the cart module owns the cart tables and the pricing rules); this type keeps
 * the checkout independent of that module's page-oriented shape.
 */
export type CheckoutLine = {
  offerId: string;
  variantId: string;
  productId: string;
  productSlug: string;
  title: I18nText;
  brand: string;
  variantLabel: I18nText;
  sku: string;
  imageUrl: string | null;
  quantity: number;
  unitPriceCents: number;
  vatRateBps: number;
  totalCents: number;
  leadTimeDays: number;
  /** Units the offer has left now; the quantity may exceed it (the customer is told). */
  stock: number;
  /** Offer active and seller active (stock is checked separately). */
  available: boolean;
};

export type CheckoutGroup = {
  sellerId: string;
  sellerName: string;
  sellerSlug: string;
  lines: CheckoutLine[];
  itemsCents: number;
  shippingCents: number;
  freeShippingFromCents: number | null;
};

export type CheckoutCart = {
  groups: CheckoutGroup[];
  /** False while a line is sold out, unavailable or short of stock: the customer fixes the cart first. */
  canCheckout: boolean;
  itemsCents: number;
  shippingCents: number;
  totalCents: number;
  /** VAT included in the total, per rate (articles and shipping). */
  vat: { rateBps: number; cents: number }[];
};

export function allLines(cart: CheckoutCart): CheckoutLine[] {
  return cart.groups.flatMap((g) => g.lines);
}

/** The customer's cart priced now by the cart module (the same pricing as the cart page). */
export async function loadCheckoutCart(db: DbOrTx, customerId: string): Promise<CheckoutCart> {
  return toCheckoutCart(await loadCart(db, { customerId }));
}

/** The same, with the checkout's state read in the same statement (null when there is no cart). */
export async function loadCheckoutCartAndState(db: DbOrTx, customerId: string): Promise<{ cart: CheckoutCart; state: CheckoutStateJson | null }> {
  const r = await loadCartWith(db, { customerId }, checkoutStateColumn(customerId));
  return { cart: toCheckoutCart(r.cart), state: r.extra };
}

export function toCheckoutCart(cart: Cart): CheckoutCart {
  return {
    canCheckout: cart.canCheckout,
    itemsCents: cart.itemsCents,
    shippingCents: cart.shippingCents,
    totalCents: cart.totalCents,
    vat: cart.vat,
    groups: cart.groups.map((g) => ({
      sellerId: g.sellerId,
      sellerName: g.sellerName,
      sellerSlug: g.sellerSlug,
      itemsCents: g.itemsCents,
      shippingCents: g.shippingCents,
      freeShippingFromCents: g.freeShippingFromCents,
      lines: g.lines.map((l) => ({
        offerId: l.offerId,
        variantId: l.variantId,
        productId: l.productId,
        productSlug: l.productSlug,
        title: l.title,
        brand: l.brand,
        variantLabel: { fr: `${l.colourName.fr} · ${l.size}`, nl: `${l.colourName.nl} · ${l.size}`, en: `${l.colourName.en} · ${l.size}` },
        sku: l.sku,
        imageUrl: l.imageUrl,
        quantity: l.quantity,
        unitPriceCents: l.unitPriceCents,
        vatRateBps: l.vatRateBps,
        totalCents: l.totalCents,
        leadTimeDays: l.leadTimeDays,
        stock: l.stock,
        available: l.available,
      })),
    })),
  };
}

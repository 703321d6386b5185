import { signatureHeader, verifySignature } from '../payments/signature.js';

/**
 * Webhook signatures: the same scheme as the payment notifications Comptoir receives
 * (payments/signature.ts) — `Comptoir-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`
 * — so one verification routine serves both directions, and sellers verify with five lines of code.
 */
export const SIGNATURE_HEADER_NAME = 'Comptoir-Signature';
export const EVENT_ID_HEADER = 'Comptoir-Event-Id';
export const EVENT_TYPE_HEADER = 'Comptoir-Event-Type';

export const signWebhook = signatureHeader;
export const verifyWebhook = verifySignature;

import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed notifications (pure, no I/O): header `comptoir-signature: t=<unix seconds>,v1=<hex>` where
 * v1 = HMAC-SHA256(secret, "<t>.<raw body>"). The timestamp is inside the signed text, so an old
 * message cannot be made fresh without the secret; the shop refuses any older than the tolerance.
 */
export const SIGNATURE_HEADER = 'comptoir-signature';
export const SIGNATURE_TOLERANCE_SECONDS = 5 * 60;

export function computeSignature(secret: string, timestamp: number, rawBody: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex');
}

/** The header value for a body sent at `now`. */
export function signatureHeader(secret: string, rawBody: string, now: Date): string {
  const t = Math.floor(now.getTime() / 1000);
  return `t=${t},v1=${computeSignature(secret, t, rawBody)}`;
}

export type SignatureCheck = { ok: true; timestamp: number } | { ok: false; reason: 'unsigned' | 'bad_signature' | 'stale' };

/**
 * Verifies a header against the raw body. Several `v1` values are accepted (secret rotation: the
 * sender signs with the old and the new secret). A timestamp further than the tolerance from `now`,
 * in the past or the future, is `stale` — checked only once the signature is right, so a forger
 * learns nothing from the answer.
 */
export function verifySignature(secret: string, header: string | undefined, rawBody: string, now: Date, toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS): SignatureCheck {
  if (!header || !header.trim()) return { ok: false, reason: 'unsigned' };
  let t: number | null = null;
  const sigs: string[] = [];
  for (const part of header.split(',')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const k = part.slice(0, i).trim();
    const v = part.slice(i + 1).trim();
    if (k === 't' && /^\d{1,12}$/.test(v)) t = Number(v);
    else if (k === 'v1' && /^[0-9a-f]{64}$/.test(v)) sigs.push(v);
  }
  if (t === null || sigs.length === 0) return { ok: false, reason: 'bad_signature' };
  const expected = Buffer.from(computeSignature(secret, t, rawBody), 'hex');
  const match = sigs.some((s) => timingSafeEqual(Buffer.from(s, 'hex'), expected));
  if (!match) return { ok: false, reason: 'bad_signature' };
  if (Math.abs(now.getTime() / 1000 - t) > toleranceSeconds) return { ok: false, reason: 'stale' };
  return { ok: true, timestamp: t };
}

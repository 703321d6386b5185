import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP) with node:crypto only — the second
 * factor of the back offices (docs/decisions/0015-totp-second-factor.md). Pure functions: the caller
 * passes the time and keeps the last step used (a code is accepted once).
 */

export type TotpAlgorithm = 'sha1' | 'sha256' | 'sha512';
export const TOTP = { step: 30, digits: 6, window: 1 } as const;

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding (what authenticator apps expect as the key). */
export function base32Encode(buf: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  return out;
}

/** Reads a base32 key as people type it: any case, spaces and padding ignored. Null when invalid. */
export function base32Decode(s: string): Buffer | null {
  const clean = s.toUpperCase().replace(/[\s=-]/g, '');
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const i = B32.indexOf(ch);
    if (i < 0) return null;
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** RFC 4226: HMAC of the 8-byte counter, dynamic truncation, `digits` decimal digits. */
export function hotp(key: Uint8Array, counter: number, digits: number = TOTP.digits, algorithm: TotpAlgorithm = 'sha1'): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm, key).update(msg).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const bin = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(bin % 10 ** digits).padStart(digits, '0');
}

/** The time step a moment falls in (RFC 6238, T0 = 0). */
export const stepAt = (timeMs: number, step: number = TOTP.step) => Math.floor(timeMs / 1000 / step);

export function totp(key: Uint8Array, timeMs: number, opts: { step?: number; digits?: number; algorithm?: TotpAlgorithm } = {}): string {
  return hotp(key, stepAt(timeMs, opts.step), opts.digits, opts.algorithm);
}

/**
 * Checks a 6-digit code against the steps around `timeMs` (±`window` steps of 30 s: clocks drift).
 * Returns the matched step — the caller refuses it unless it is later than the last step used, so a
 * code cannot be replayed — or null.
 */
export function verifyTotp(key: Uint8Array, code: string, timeMs: number, opts: { window?: number; afterStep?: number | null } = {}): number | null {
  const typed = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(typed)) return null;
  const now = stepAt(timeMs);
  const window = opts.window ?? TOTP.window;
  let matched: number | null = null;
  // Every candidate is computed and compared in constant time, whatever matches.
  for (let s = now - window; s <= now + window; s++) {
    if (timingSafeEqual(Buffer.from(hotp(key, s)), Buffer.from(typed)) && matched === null) matched = s;
  }
  if (matched === null) return null;
  if (opts.afterStep !== undefined && opts.afterStep !== null && matched <= opts.afterStep) return null;
  return matched;
}

export const newTotpKey = () => randomBytes(20);

/** The link authenticator apps read (also as a QR code): otpauth://totp/Issuer:account?secret=…&issuer=… */
export function otpauthUri(issuer: string, account: string, key: Uint8Array): string {
  const label = encodeURIComponent(`${issuer}:${account}`);
  return `otpauth://totp/${label}?secret=${base32Encode(key)}&issuer=${encodeURIComponent(issuer)}&algorithm=SHA1&digits=${TOTP.digits}&period=${TOTP.step}`;
}

/** The key as people type it: groups of four characters. */
export const groupedKey = (key: Uint8Array) => base32Encode(key).replace(/(.{4})(?=.)/g, '$1 ');

// ── Secrets at rest: AES-256-GCM with a key derived from the server's secret ─────────────────────

function aesKey(serverSecret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', serverSecret, 'comptoir-totp', 'totp-secret-v1', 32));
}

export function sealSecret(key: Uint8Array, serverSecret: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', aesKey(serverSecret), iv);
  const body = Buffer.concat([c.update(key), c.final()]);
  return ['v1', iv.toString('base64url'), c.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

/** Null when the sealed value was not made with this server secret (or was tampered with). */
export function openSecret(sealed: string, serverSecret: string): Buffer | null {
  const [v, iv, tag, body] = sealed.split('.');
  if (v !== 'v1' || !iv || !tag || !body) return null;
  try {
    const d = createDecipheriv('aes-256-gcm', aesKey(serverSecret), Buffer.from(iv, 'base64url'));
    d.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([d.update(Buffer.from(body, 'base64url')), d.final()]);
  } catch {
    return null;
  }
}

// ── Recovery codes ───────────────────────────────────────────────────────────────────────────────

export const RECOVERY_CODES = 10;

/** Ten codes like "K7QX2-M4TZP" (50 random bits each), shown once; only their hashes are kept. */
export function newRecoveryCodes(n: number = RECOVERY_CODES): string[] {
  return Array.from({ length: n }, () => {
    const s = base32Encode(randomBytes(7)).slice(0, 10);
    return `${s.slice(0, 5)}-${s.slice(5)}`;
  });
}

/** Normalised (any case, dashes and spaces ignored) then SHA-256. */
export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(code.toUpperCase().replace(/[\s-]/g, '')).digest('hex');
}

/** A recovery code as typed looks like this (so the form can tell it from a 6-digit code). */
export const looksLikeRecoveryCode = (s: string) => /^[A-Z2-7]{10}$/.test(s.toUpperCase().replace(/[\s-]/g, ''));

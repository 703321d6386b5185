import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  base32Decode,
  base32Encode,
  hashRecoveryCode,
  hotp,
  looksLikeRecoveryCode,
  newRecoveryCodes,
  newTotpKey,
  openSecret,
  otpauthUri,
  sealSecret,
  stepAt,
  totp,
  verifyTotp,
  type TotpAlgorithm,
} from '../src/modules/backoffice/totp.js';

describe('TOTP (pure)', () => {
  test('RFC 4226 appendix D: HOTP values for counters 0–9', () => {
    const key = Buffer.from('12345678901234567890');
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    assert.deepEqual(
      expected.map((_, i) => hotp(key, i)),
      expected,
    );
  });

  test('RFC 6238 appendix B: every test vector (SHA-1, SHA-256, SHA-512; 8 digits)', () => {
    const keys: Record<TotpAlgorithm, Buffer> = {
      sha1: Buffer.from('12345678901234567890'),
      sha256: Buffer.from('12345678901234567890123456789012'),
      sha512: Buffer.from('1234567890123456789012345678901234567890123456789012345678901234'),
    };
    const vectors: [number, TotpAlgorithm, string][] = [
      [59, 'sha1', '94287082'],
      [59, 'sha256', '46119246'],
      [59, 'sha512', '90693936'],
      [1111111109, 'sha1', '07081804'],
      [1111111109, 'sha256', '68084774'],
      [1111111109, 'sha512', '25091201'],
      [1111111111, 'sha1', '14050471'],
      [1111111111, 'sha256', '67062674'],
      [1111111111, 'sha512', '99943326'],
      [1234567890, 'sha1', '89005924'],
      [1234567890, 'sha256', '91819424'],
      [1234567890, 'sha512', '93441116'],
      [2000000000, 'sha1', '69279037'],
      [2000000000, 'sha256', '90698825'],
      [2000000000, 'sha512', '38618901'],
      [20000000000, 'sha1', '65353130'],
      [20000000000, 'sha256', '77737706'],
      [20000000000, 'sha512', '47863826'],
    ];
    for (const [t, algorithm, code] of vectors) {
      assert.equal(totp(keys[algorithm], t * 1000, { digits: 8, algorithm }), code, `T=${t} ${algorithm}`);
    }
  });

  test('base32 round-trips and reads keys as people type them', () => {
    const key = Buffer.from('12345678901234567890');
    assert.equal(base32Encode(key), 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    assert.deepEqual(base32Decode('gezd gnbv gy3t qojq gezd gnbv gy3t qojq'), key);
    assert.equal(base32Decode('not base32!'), null);
    for (let n = 0; n < 30; n++) {
      const k = newTotpKey().subarray(0, n);
      assert.deepEqual(base32Decode(base32Encode(k)), Buffer.from(k));
    }
  });

  test('a code is accepted in its step and one step either side, not two steps away', () => {
    const key = newTotpKey();
    const now = 1_800_000_000_000;
    const s = stepAt(now);
    assert.equal(verifyTotp(key, totp(key, now), now), s);
    assert.equal(verifyTotp(key, hotp(key, s - 1), now), s - 1);
    assert.equal(verifyTotp(key, hotp(key, s + 1), now), s + 1);
    assert.equal(verifyTotp(key, hotp(key, s - 2), now), null);
    assert.equal(verifyTotp(key, hotp(key, s + 2), now), null);
    assert.equal(verifyTotp(key, ' ' + totp(key, now).replace(/(\d{3})/, '$1 '), now), s, 'spaces are ignored');
    assert.equal(verifyTotp(key, 'abcdef', now), null);
    assert.equal(verifyTotp(key, '1234567', now), null);
  });

  test('a code whose step is not later than the last one used is refused (no replay)', () => {
    const key = newTotpKey();
    const now = 1_800_000_000_000;
    const code = totp(key, now);
    const s = verifyTotp(key, code, now)!;
    assert.equal(verifyTotp(key, code, now, { afterStep: s }), null);
    assert.equal(verifyTotp(key, code, now + 10_000, { afterStep: s }), null);
    // The previous step's code is refused too once a later step was used.
    assert.equal(verifyTotp(key, hotp(key, s - 1), now, { afterStep: s }), null);
    assert.equal(verifyTotp(key, hotp(key, s + 1), now + 30_000, { afterStep: s }), s + 1);
  });

  test('secrets are sealed with the server secret: another secret or a changed byte opens nothing', () => {
    const key = newTotpKey();
    const sealed = sealSecret(key, 'server-secret-one-that-is-long-enough');
    assert.ok(!sealed.includes(base32Encode(key)));
    assert.deepEqual(openSecret(sealed, 'server-secret-one-that-is-long-enough'), key);
    assert.equal(openSecret(sealed, 'another-server-secret-that-is-long-enough'), null);
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = body[0]! ^ 1;
    parts[3] = body.toString('base64url');
    assert.equal(openSecret(parts.join('.'), 'server-secret-one-that-is-long-enough'), null);
    assert.equal(openSecret('garbage', 'x'), null);
  });

  test('recovery codes: ten distinct codes, hashed whatever the case and dashes', () => {
    const codes = newRecoveryCodes();
    assert.equal(codes.length, 10);
    assert.equal(new Set(codes).size, 10);
    for (const c of codes) {
      assert.match(c, /^[A-Z2-7]{5}-[A-Z2-7]{5}$/);
      assert.ok(looksLikeRecoveryCode(c));
      assert.equal(hashRecoveryCode(c.toLowerCase().replace('-', ' ')), hashRecoveryCode(c));
    }
    assert.ok(!looksLikeRecoveryCode('123456'));
  });

  test('the otpauth link names the issuer and the account and carries the key', () => {
    const key = Buffer.from('12345678901234567890');
    const uri = otpauthUri('Comptoir', 'sophie@example.test', key);
    assert.match(uri, /^otpauth:\/\/totp\/Comptoir%3Asophie%40example\.test\?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Comptoir/);
  });
});

import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { computeSignature, signatureHeader, verifySignature } from './signature.js';

const SECRET = 'a-test-secret-of-some-length';
const AT = new Date('2026-11-27T10:00:00Z');
const T = Math.floor(AT.getTime() / 1000);
const BODY = '{"id":"evt_1","payment":{"status":"paid","amountCents":4990}}';

describe('notification signatures', () => {
  test('the header is t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">', () => {
    const expected = createHmac('sha256', SECRET).update(`${T}.${BODY}`).digest('hex');
    assert.equal(signatureHeader(SECRET, BODY, AT), `t=${T},v1=${expected}`);
    assert.equal(computeSignature(SECRET, T, BODY), expected);
  });

  test('given a header made with the secret, when verified at the same time, then it is accepted', () => {
    assert.deepEqual(verifySignature(SECRET, signatureHeader(SECRET, BODY, AT), BODY, AT), { ok: true, timestamp: T });
  });

  test('given no header or an empty one, then unsigned', () => {
    assert.deepEqual(verifySignature(SECRET, undefined, BODY, AT), { ok: false, reason: 'unsigned' });
    assert.deepEqual(verifySignature(SECRET, '  ', BODY, AT), { ok: false, reason: 'unsigned' });
  });

  test('given another secret, a changed body, a changed timestamp or a garbled header, then bad_signature', () => {
    const h = signatureHeader(SECRET, BODY, AT);
    assert.equal(verifySignature('another-secret', h, BODY, AT).ok, false);
    assert.deepEqual(verifySignature(SECRET, h, BODY.replace('4990', '499'), AT), { ok: false, reason: 'bad_signature' });
    assert.deepEqual(verifySignature(SECRET, h.replace(`t=${T}`, `t=${T + 1}`), BODY, AT), { ok: false, reason: 'bad_signature' });
    for (const g of ['t=abc,v1=def', `t=${T}`, `v1=${'0'.repeat(64)}`, 'garbage', `t=${T},v1=${'z'.repeat(64)}`]) {
      assert.deepEqual(verifySignature(SECRET, g, BODY, AT), { ok: false, reason: 'bad_signature' }, g);
    }
  });

  test('given a right signature more than 5 minutes old or ahead, then stale; at exactly 5 minutes, accepted', () => {
    const h = signatureHeader(SECRET, BODY, AT);
    assert.equal(verifySignature(SECRET, h, BODY, new Date(AT.getTime() + 300_000)).ok, true);
    assert.deepEqual(verifySignature(SECRET, h, BODY, new Date(AT.getTime() + 301_000)), { ok: false, reason: 'stale' });
    assert.deepEqual(verifySignature(SECRET, h, BODY, new Date(AT.getTime() - 301_000)), { ok: false, reason: 'stale' });
  });

  test('a stale header with a wrong signature says bad_signature (a forger learns nothing about timing)', () => {
    const h = signatureHeader('another-secret', BODY, AT);
    assert.deepEqual(verifySignature(SECRET, h, BODY, new Date(AT.getTime() + 3_600_000)), { ok: false, reason: 'bad_signature' });
  });

  test('several v1 values (secret rotation): accepted when one matches', () => {
    const good = computeSignature(SECRET, T, BODY);
    assert.equal(verifySignature(SECRET, `t=${T},v1=${'0'.repeat(64)},v1=${good}`, BODY, AT).ok, true);
  });

  test('property: any change to any byte of the body is refused', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 200 }), fc.nat(), fc.string({ minLength: 1, maxLength: 1 }), (body, pos, ch) => {
        const h = signatureHeader(SECRET, body, AT);
        const i = pos % body.length;
        const changed = body.slice(0, i) + ch + body.slice(i + 1);
        const r = verifySignature(SECRET, h, changed, AT);
        return changed === body ? r.ok : !r.ok;
      }),
    );
  });
});

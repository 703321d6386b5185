import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { commissionFor, roundHalfUpDiv } from './commission.js';
import { capturePosting, isBalanced, payoutPosting, refundPosting, shippingPosting, type Posting } from './postings.js';

describe('rounding', () => {
  test('half up, to the cent', () => {
    assert.equal(roundHalfUpDiv(5, 10), 1); // 0.5 → 1
    assert.equal(roundHalfUpDiv(4, 10), 0);
    assert.equal(roundHalfUpDiv(15, 10), 2); // 1.5 → 2
    assert.equal(commissionFor(1999, 1500), 300); // 299.85 → 300
    assert.equal(commissionFor(1001, 1250), 125); // 125.125 → 125
    assert.equal(commissionFor(1004, 1250), 126); // 125.5 → 126
  });
});

const sum = (ps: Posting[], account?: string) => ps.flatMap((p) => p.entries).filter((e) => !account || e.account === account).reduce((s, e) => s + e.amountCents, 0) + 0;

/** A random order: lines of random amounts and rates, random partial refunds in random order, payouts. */
const scenario = fc.record({
  lines: fc.array(fc.record({ amount: fc.integer({ min: 1, max: 500_000 }), rate: fc.integer({ min: 0, max: 10_000 }), seller: fc.constantFrom('a', 'b', 'c') }), { minLength: 1, maxLength: 8 }),
  shipping: fc.array(fc.record({ seller: fc.constantFrom('a', 'b', 'c'), amount: fc.integer({ min: 0, max: 2000 }) }), { maxLength: 3 }),
  refunds: fc.array(fc.record({ line: fc.nat(), fraction: fc.integer({ min: 1, max: 100 }) }), { maxLength: 20 }),
});

describe('ledger properties (fast-check)', () => {
  test('every transaction balances; all accounts sum to zero; refunds never exceed the line; commission + seller share = line, to the cent', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const postings: Posting[] = [];
        const lines = s.lines.map((l, i) => {
          const commission = commissionFor(l.amount, l.rate);
          const line = { id: `l${i}`, sellerId: l.seller, amountCents: l.amount, commissionCents: commission, refundedCents: 0, commissionRefundedCents: 0 };
          postings.push(capturePosting(line));
          return line;
        });
        for (const sh of s.shipping) if (sh.amount > 0) postings.push(shippingPosting({ sellerId: sh.seller, amountCents: sh.amount }));
        for (const r of s.refunds) {
          const line = lines[r.line % lines.length]!;
          const left = line.amountCents - line.refundedCents;
          if (left === 0) continue;
          const amount = Math.max(1, Math.min(left, Math.floor((line.amountCents * r.fraction) / 100)));
          const { posting, commissionBackCents } = refundPosting(line, amount);
          postings.push(posting);
          line.refundedCents += amount;
          line.commissionRefundedCents += commissionBackCents;
          assert.ok(line.refundedCents <= line.amountCents);
          assert.ok(line.commissionRefundedCents <= line.commissionCents);
          assert.ok(line.commissionCents - line.commissionRefundedCents <= line.amountCents - line.refundedCents, 'the commission kept never exceeds what is left of the line');
        }
        for (const p of postings) {
          assert.ok(isBalanced(p), `unbalanced ${p.kind}`);
          assert.ok(p.entries.every((e) => e.amountCents !== 0), "no zero entry is written");
        }
        assert.equal(sum(postings), 0);
        for (const line of lines) {
          const entries = postings.flatMap((p) => p.entries).filter((e) => e.orderLineId === line.id);
          const seller = 0 - entries.filter((e) => e.account.startsWith('seller:')).reduce((a, e) => a + e.amountCents, 0);
          const commission = 0 - entries.filter((e) => e.account === 'commission').reduce((a, e) => a + e.amountCents, 0);
          const net = line.amountCents - line.refundedCents;
          assert.equal(seller + commission, net, 'seller share + commission = what is left of the line');
          if (net === 0) assert.equal(commission, 0, 'a fully refunded line leaves no commission');
        }
        // Paying out each seller's balance leaves nothing owed.
        for (const seller of ['a', 'b', 'c']) {
          const owed = -sum(postings, `seller:${seller}`);
          if (owed > 0) postings.push(payoutPosting({ sellerId: seller, amountCents: owed }));
          assert.equal(sum(postings, `seller:${seller}`), 0);
        }
        assert.equal(sum(postings), 0);
      }),
      { numRuns: 500 },
    );
  });

  test('partial refunds do not drift: the commission kept stays in proportion to what is left (fast-check counterexample, session 5)', () => {
    // 4,888.68 € at 79.20 %: commission 3,871.83 €. Three refunds leave 1 cent of the line.
    const line = { id: 'l', sellerId: 'a', amountCents: 488_868, commissionCents: commissionFor(488_868, 7920), refundedCents: 0, commissionRefundedCents: 0 };
    for (const amount of [43_998, 303_098, 141_771]) {
      const { posting, commissionBackCents } = refundPosting(line, amount);
      assert.ok(isBalanced(posting));
      line.refundedCents += amount;
      line.commissionRefundedCents += commissionBackCents;
    }
    assert.equal(line.amountCents - line.refundedCents, 1, 'one cent of the line is left');
    assert.equal(line.commissionCents - line.commissionRefundedCents, 1, 'the commission kept is 79.20 % of it, rounded: 1 cent (was 2: the seller owed a cent)');
    const last = refundPosting(line, 1);
    assert.equal(last.commissionBackCents, 1, 'the last cent refunded gives back the rest of the commission');
  });

  test('a refund beyond what is left of the line is refused', () => {
    const line = { id: 'l', sellerId: 'a', amountCents: 1000, commissionCents: 150, refundedCents: 900, commissionRefundedCents: 135 };
    assert.throws(() => refundPosting(line, 101));
  });
});

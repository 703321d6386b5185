/**
 * The sandbox's test cards (pure). Printed on its hosted page; any other number is refused with a
 * sentence, so a tester always knows which behaviour they asked for.
 */
export const METHODS = ['bancontact', 'visa', 'mastercard'] as const;
export type Method = (typeof METHODS)[number];
export const METHOD_NAMES: Record<Method, string> = { bancontact: 'Bancontact', visa: 'Visa', mastercard: 'Mastercard' };
export type CardOutcome = 'success' | 'refused' | 'challenge' | 'late' | 'closed_card';

/** The "closed card" pays, then its bank refuses refunds to it until the card is renewed (provider.renewCard). */
export const CLOSED_CARD_LAST4 = '5126';

export const CHALLENGE_CODE = '123456';
export const CHALLENGE_ATTEMPTS = 3;
/** How long the "late answer" card makes the bank take, in milliseconds. */
export const LATE_ANSWER_MS = 5000;

export const TEST_CARDS: readonly { number: string; method: Method; outcome: CardOutcome }[] = [
  { number: '4242424242424242', method: 'visa', outcome: 'success' },
  { number: '5555555555554444', method: 'mastercard', outcome: 'success' },
  { number: '6703444444444449', method: 'bancontact', outcome: 'success' },
  { number: '4000000000000002', method: 'visa', outcome: 'refused' },
  { number: '6703000000000007', method: 'bancontact', outcome: 'refused' },
  { number: '4000000000003220', method: 'visa', outcome: 'challenge' },
  { number: '4000000000000077', method: 'visa', outcome: 'late' },
  { number: '4000000000005126', method: 'visa', outcome: 'closed_card' },
];

/** "4242424242424242" → "4242 4242 4242 4242". */
export function groupDigits(n: string): string {
  return n.replace(/(\d{4})(?=\d)/g, '$1 ');
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let n = digits.charCodeAt(i) - 48;
    if (double) {
      n *= 2;
      if (n > 9) n -= 9;
    }
    sum += n;
    double = !double;
  }
  return sum % 10 === 0;
}

/** The card scheme a number belongs to, from its first digits. */
export function methodOf(digits: string): Method | null {
  if (digits.startsWith('6703')) return 'bancontact';
  if (digits.startsWith('4')) return 'visa';
  const two = Number(digits.slice(0, 2));
  const four = Number(digits.slice(0, 4));
  if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) return 'mastercard';
  return null;
}

/**
 * What the bank does with a test card on an open page: a final answer at once (paid, or failed with
 * its code), which needs nothing of the payment but that its page still takes a card; or a second
 * step (the 3-D Secure challenge, or processing until the late answer).
 */
export type CardAnswer = { status: 'paid'; failureCode: null } | { status: 'failed'; failureCode: 'refused' } | { status: 'challenge' | 'processing' };

export function cardAnswer(outcome: CardOutcome): CardAnswer {
  switch (outcome) {
    case 'success':
    case 'closed_card':
      return { status: 'paid', failureCode: null };
    case 'refused':
      return { status: 'failed', failureCode: 'refused' };
    case 'challenge':
      return { status: 'challenge' };
    case 'late':
      return { status: 'processing' };
  }
}

export type CardCheck = { ok: true; digits: string; outcome: CardOutcome } | { ok: false; code: 'invalid_number' | 'wrong_method' | 'unknown_test_card' };

/** What the sandbox bank does with this card for the chosen method. */
export function checkCard(method: Method, typed: string): CardCheck {
  const digits = typed.replace(/[\s-]/g, '');
  if (!/^\d{12,19}$/.test(digits) || !luhnValid(digits)) return { ok: false, code: 'invalid_number' };
  if (methodOf(digits) !== method) return { ok: false, code: 'wrong_method' };
  const card = TEST_CARDS.find((c) => c.number === digits);
  if (!card) return { ok: false, code: 'unknown_test_card' };
  return { ok: true, digits, outcome: card.outcome };
}

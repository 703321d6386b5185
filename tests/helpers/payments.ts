import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { CHALLENGE_CODE, methodOf } from '../../src/modules/payments/sandbox/cards.js';
import { Agent } from './agent.js';

/** The sandbox's test cards, by what they do (see the list printed on its page). */
export const CARDS = {
  visa: '4242 4242 4242 4242',
  mastercard: '5555 5555 5555 4444',
  bancontact: '6703 4444 4444 4449',
  refused: '4000 0000 0000 0002',
  bancontactRefused: '6703 0000 0000 0007',
  challenge: '4000 0000 0000 3220',
  late: '4000 0000 0000 0077',
} as const;

export type SandboxVisit = {
  /** Where the sandbox sent the customer at the end (the shop's return URL), or null if it kept them on its page. */
  returnUrl: string | null;
  /** The sandbox's last answer (a 303 to the return URL, or the page with an error). */
  last: LightMyRequestResponse;
};

/**
 * Pays on the sandbox's hosted page as a customer would: opens `redirectUrl` (the one startPayment /
 * the checkout gave), picks the method that matches the card, types the card, and answers the
 * 3-D Secure step with the right code (or `opts.code`). Pass the customer's Agent to keep one
 * browser; by default a fresh one is used. The shop then learns the result from the customer's
 * return (GET the returned URL) and from the signed notification (run the jobs: `env.runJobs()`).
 */
export async function paySandbox(
  appOrAgent: FastifyInstance | Agent,
  redirectUrl: string,
  card: string,
  opts: { method?: 'bancontact' | 'visa' | 'mastercard'; code?: string } = {},
): Promise<SandboxVisit> {
  const agent = appOrAgent instanceof Agent ? appOrAgent : new Agent(appOrAgent);
  const page = new URL(redirectUrl, 'http://shop.invalid').pathname;
  const open = await agent.get(page);
  if (open.statusCode !== 200) throw new Error(`sandbox page ${page} answered ${open.statusCode}`);
  const method = opts.method ?? methodOf(card.replace(/\D/g, '')) ?? 'visa';
  let res = await agent.post(page, { method, card });
  if (res.statusCode === 303 && res.headers.location === page) {
    // The 3-D Secure step.
    await agent.get(page);
    res = await agent.post(`${page}/challenge`, { code: opts.code ?? CHALLENGE_CODE });
  }
  const location = res.statusCode === 303 ? String(res.headers.location) : null;
  return { returnUrl: location && location !== page ? location : null, last: res };
}

/** Cancels on the sandbox's page ("Annuler et retourner au magasin"). */
export async function cancelSandbox(appOrAgent: FastifyInstance | Agent, redirectUrl: string): Promise<string | null> {
  const agent = appOrAgent instanceof Agent ? appOrAgent : new Agent(appOrAgent);
  const page = new URL(redirectUrl, 'http://shop.invalid').pathname;
  await agent.get(page);
  const res = await agent.post(`${page}/cancel`, {});
  return res.statusCode === 303 ? String(res.headers.location) : null;
}

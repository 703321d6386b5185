import type { LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../../src/config.js';
import type { Db } from '../../src/db/client.js';
import { recoveryCodes, secondFactors, type BoFace } from '../../src/modules/backoffice/schema.js';
import { base32Decode, hashRecoveryCode, hotp, newRecoveryCodes, newTotpKey, sealSecret, stepAt } from '../../src/modules/backoffice/totp.js';
import type { Agent } from './agent.js';

/**
 * The authenticator app of test users: back-office users with a second factor (operator admins must
 * have one) get their key and recovery codes remembered here, and `Agent.login` answers the code
 * step with them, as a person with the app would.
 */
type App = { key: Buffer; lastStep: number; recovery: string[] };
const apps = new Map<string, App>();

export function rememberApp(email: string, key: Buffer, recovery: string[]): void {
  apps.set(email.toLowerCase(), { key, lastStep: 0, recovery: [...recovery] });
}

/** A code this user's app would show now; a later step's code (±1 step is accepted) when this one was used. */
export function appCode(email: string): string | null {
  const app = apps.get(email.toLowerCase());
  if (!app) return null;
  const now = stepAt(Date.now());
  const step = Math.max(now, app.lastStep + 1);
  if (step > now + 1) return app.recovery.shift() ?? null;
  app.lastStep = step;
  return hotp(app.key, step);
}

export function recoveryCodeOf(email: string): string | null {
  return apps.get(email.toLowerCase())?.recovery.shift() ?? null;
}

/** Turns the second factor on for a user, as if they had enrolled (factories use it). */
export async function enrolSecondFactor(db: Db, face: BoFace, user: { id: string; email: string }): Promise<{ key: Buffer; recovery: string[] }> {
  const key = newTotpKey();
  const recovery = newRecoveryCodes(20);
  const secret = sealSecret(key, loadConfig({ NODE_ENV: 'test' }).sessionSecret);
  await db.insert(secondFactors).values({ face, userId: user.id, secret, enabledAt: new Date() });
  await db.insert(recoveryCodes).values(recovery.map((c) => ({ face, userId: user.id, codeHash: hashRecoveryCode(c) })));
  rememberApp(user.email, key, recovery);
  return { key, recovery };
}

const attr = (html: string, re: RegExp) => re.exec(html)?.[1]?.replace(/&amp;/g, '&').replace(/&#x2F;|&#47;/g, '/') ?? undefined;

/**
 * After the password: answers the second step when the login asks for it (the code page, or the
 * enrolment an admin cannot skip, reading the key from the page like a person typing it into an app).
 */
export async function completeSecondFactor(agent: Agent, res: LightMyRequestResponse, email: string): Promise<LightMyRequestResponse> {
  const loc = String(res.headers.location ?? '');
  const m = /^(\/(?:admin|vendeur))\/login\/(code|enrol)/.exec(loc);
  if (res.statusCode !== 303 || !m) return res;
  const [, base, step] = m;
  const page = await agent.follow(res);
  const returnTo = attr(page.body, /name="returnTo" value="([^"]*)"/);
  if (step === 'code') {
    const code = appCode(email);
    if (!code) return page;
    const answer = await agent.post(`${base}/login/code`, { code, returnTo });
    // The test moved the app's clock: the app's code is off, a recovery code still opens.
    if (answer.statusCode === 401) {
      const spare = recoveryCodeOf(email);
      if (spare) return agent.post(`${base}/login/code`, { code: spare, returnTo });
    }
    return answer;
  }
  const keyText = attr(page.body, /data-totp-key[^>]*>([^<]+)</);
  const key = keyText ? base32Decode(keyText) : null;
  if (!key) return page;
  const answer = await agent.post(`${base}/login/enrol`, { code: hotp(key, stepAt(Date.now())), returnTo });
  const codes = [...answer.body.matchAll(/<code>([A-Z2-7]{5}-[A-Z2-7]{5})<\/code>/g)].map((x) => x[1]!);
  rememberApp(email, key, codes);
  apps.get(email.toLowerCase())!.lastStep = stepAt(Date.now());
  return answer;
}

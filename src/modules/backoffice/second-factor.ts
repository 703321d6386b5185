import { and, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import { recoveryCodes, secondFactors, type BoFace } from './schema.js';
import { hashRecoveryCode, looksLikeRecoveryCode, newRecoveryCodes, newTotpKey, openSecret, sealSecret, verifyTotp } from './totp.js';

/** Wrong codes allowed per user in `LOCK_MINUTES` before the attempt is refused. */
export const CODE_LIMITS = { failures: 5, lockMinutes: 15 };

export type SecondFactorState = { enabled: boolean; enabledAt: Date | null; recoveryLeft: number };

/** Whether a back-office user must pass a second factor at login: operator admins always. */
export function secondFactorRequired(face: BoFace, user: { role?: string }): boolean {
  return face === 'operator' && user.role === 'admin';
}

export async function secondFactorState(db: DbOrTx, face: BoFace, userId: string): Promise<SecondFactorState> {
  const [row] = await db.select({ enabledAt: secondFactors.enabledAt }).from(secondFactors).where(and(eq(secondFactors.face, face), eq(secondFactors.userId, userId)));
  const [left] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.face, face), eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return { enabled: !!row?.enabledAt, enabledAt: row?.enabledAt ?? null, recoveryLeft: row?.enabledAt ? (left?.n ?? 0) : 0 };
}

/**
 * The key being enrolled, created on first ask and kept until confirmed (reloading the page shows
 * the same key). Refused once a second factor is enabled: it must be removed first.
 */
export async function pendingEnrolmentKey(deps: Deps, face: BoFace, userId: string): Promise<{ ok: true; key: Buffer } | { ok: false; code: 'already_enabled' }> {
  return deps.db.transaction(async (tx) => {
    await tx
      .insert(secondFactors)
      .values({ face, userId, secret: sealSecret(newTotpKey(), deps.config.sessionSecret), createdAt: deps.clock.now() })
      .onConflictDoNothing();
    const [row] = await tx.select().from(secondFactors).where(and(eq(secondFactors.face, face), eq(secondFactors.userId, userId))).for('update');
    if (row!.enabledAt) return { ok: false, code: 'already_enabled' } as const;
    let key = openSecret(row!.secret, deps.config.sessionSecret);
    if (!key) {
      // Sealed under an older server secret: start again with a new key.
      key = newTotpKey();
      await tx.update(secondFactors).set({ secret: sealSecret(key, deps.config.sessionSecret) }).where(and(eq(secondFactors.face, face), eq(secondFactors.userId, userId)));
    }
    return { ok: true, key } as const;
  });
}

export type EnrolResult = { ok: true; recoveryCodes: string[] } | { ok: false; code: 'invalid_code' | 'already_enabled' | 'no_enrolment' | 'too_many_attempts' };

/** Confirms an enrolment with a first code from the app; returns the recovery codes, shown once. */
export async function confirmEnrolment(deps: Deps, face: BoFace, userId: string, code: string, after?: (tx: Tx) => Promise<void>): Promise<EnrolResult> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const [row] = await tx.select().from(secondFactors).where(and(eq(secondFactors.face, face), eq(secondFactors.userId, userId))).for('update');
    if (!row) return { ok: false, code: 'no_enrolment' } as const;
    if (row.enabledAt) return { ok: false, code: 'already_enabled' } as const;
    if (locked(row, now)) return { ok: false, code: 'too_many_attempts' } as const;
    const key = openSecret(row.secret, deps.config.sessionSecret);
    const step = key ? verifyTotp(key, code, now.getTime()) : null;
    if (step === null) {
      await recordFailure(tx, row, now);
      return { ok: false, code: 'invalid_code' } as const;
    }
    await tx.update(secondFactors).set({ enabledAt: now, lastUsedStep: step, failedCount: 0, failedAt: null }).where(and(eq(secondFactors.face, face), eq(secondFactors.userId, userId)));
    const codes = await replaceRecoveryCodes(tx, face, userId, now);
    await after?.(tx);
    return { ok: true, recoveryCodes: codes } as const;
  });
}

export type VerifyResult = { ok: true; method: 'totp' | 'recovery'; recoveryLeft: number } | { ok: false; code: 'invalid_code' | 'too_many_attempts' | 'not_enabled' };

/**
 * Checks a code at login (or before a sensitive change): a 6-digit code from the app, accepted once
 * (its step must be later than the last one used), or an unused recovery code, then spent.
 * The row is locked, so two requests with the same code cannot both pass.
 */
export async function verifySecondFactor(deps: Deps, face: BoFace, userId: string, code: string): Promise<VerifyResult> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const [row] = await tx.select().from(secondFactors).where(and(eq(secondFactors.face, face), eq(secondFactors.userId, userId))).for('update');
    if (!row?.enabledAt) return { ok: false, code: 'not_enabled' } as const;
    if (locked(row, now)) return { ok: false, code: 'too_many_attempts' } as const;
    const where = and(eq(secondFactors.face, face), eq(secondFactors.userId, userId));
    if (looksLikeRecoveryCode(code)) {
      const spent = await tx
        .update(recoveryCodes)
        .set({ usedAt: now })
        .where(and(eq(recoveryCodes.face, face), eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, hashRecoveryCode(code)), isNull(recoveryCodes.usedAt)))
        .returning({ id: recoveryCodes.id });
      if (spent.length) {
        await tx.update(secondFactors).set({ failedCount: 0, failedAt: null }).where(where);
        const [left] = await tx
          .select({ n: sql<number>`count(*)::int` })
          .from(recoveryCodes)
          .where(and(eq(recoveryCodes.face, face), eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
        return { ok: true, method: 'recovery', recoveryLeft: left?.n ?? 0 } as const;
      }
    } else {
      const key = openSecret(row.secret, deps.config.sessionSecret);
      const step = key ? verifyTotp(key, code, now.getTime(), { afterStep: row.lastUsedStep }) : null;
      if (step !== null) {
        await tx.update(secondFactors).set({ lastUsedStep: step, failedCount: 0, failedAt: null }).where(where);
        return { ok: true, method: 'totp', recoveryLeft: -1 } as const;
      }
    }
    await recordFailure(tx, row, now);
    return { ok: false, code: 'invalid_code' } as const;
  });
}

/** A new set of recovery codes (the old ones stop working), shown once. */
export async function regenerateRecoveryCodes(deps: Deps, face: BoFace, userId: string, after?: (tx: Tx) => Promise<void>): Promise<string[]> {
  return deps.db.transaction(async (tx) => {
    const codes = await replaceRecoveryCodes(tx, face, userId, deps.clock.now());
    await after?.(tx);
    return codes;
  });
}

/** Removes a user's second factor and recovery codes (the user, or an admin after checking identity). */
export async function removeSecondFactor(tx: DbOrTx, face: BoFace, userId: string): Promise<boolean> {
  const gone = await tx.delete(secondFactors).where(and(eq(secondFactors.face, face), eq(secondFactors.userId, userId))).returning({ enabledAt: secondFactors.enabledAt });
  await tx.delete(recoveryCodes).where(and(eq(recoveryCodes.face, face), eq(recoveryCodes.userId, userId)));
  return gone.some((g) => g.enabledAt !== null);
}

async function replaceRecoveryCodes(tx: DbOrTx, face: BoFace, userId: string, now: Date): Promise<string[]> {
  const codes = newRecoveryCodes();
  await tx.delete(recoveryCodes).where(and(eq(recoveryCodes.face, face), eq(recoveryCodes.userId, userId)));
  await tx.insert(recoveryCodes).values(codes.map((c) => ({ face, userId, codeHash: hashRecoveryCode(c), createdAt: now })));
  return codes;
}

type Row = typeof secondFactors.$inferSelect;

function locked(row: Row, now: Date): boolean {
  return row.failedCount >= CODE_LIMITS.failures && !!row.failedAt && now.getTime() - row.failedAt.getTime() < CODE_LIMITS.lockMinutes * 60_000;
}

async function recordFailure(tx: DbOrTx, row: Row, now: Date): Promise<void> {
  // Failures older than the window do not count: the count restarts.
  const fresh = row.failedAt && now.getTime() - row.failedAt.getTime() < CODE_LIMITS.lockMinutes * 60_000;
  await tx
    .update(secondFactors)
    .set({ failedCount: fresh ? row.failedCount + 1 : 1, failedAt: now })
    .where(and(eq(secondFactors.face, row.face), eq(secondFactors.userId, row.userId)));
}

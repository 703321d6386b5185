import { hash, verify, type Algorithm } from '@node-rs/argon2';

/** argon2id, OWASP's second recommended profile (19 MiB, 2 passes). docs/decisions/0007-passwords.md */
const OPTIONS = { algorithm: 2 as Algorithm.Argon2id, // Algorithm.Argon2id (a const enum)
  memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;
export const PASSWORD_MIN = 10;
/** Longer input is refused before hashing: a 1 MB password costs nothing. */
export const PASSWORD_MAX = 200;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

// Compared against when the account does not exist, so that both paths take the same time.
let dummy: Promise<string> | null = null;

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (password.length > PASSWORD_MAX) return false;
  if (!stored) {
    dummy ??= hashPassword('comptoir-dummy-password');
    await verify(await dummy, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}

/**
 * Fault points for the crash tests (tests/faults-kill.test.ts): `faultPoint('checkout.place.before-commit')`
 * kills this process at once with SIGKILL — no finally blocks, no graceful shutdown, open transactions
 * left to PostgreSQL to roll back — when the environment names that point in COMPTOIR_FAULT. It lets a
 * test prove that a crash at the worst moment leaves nothing half-done.
 *
 * A no-op otherwise, and always in production (even with COMPTOIR_FAULT set): a stray variable must
 * never turn into a kill switch.
 */
export function faultPoint(name: string): void {
  if (process.env.NODE_ENV === 'production') return;
  if (process.env.COMPTOIR_FAULT !== name) return;
  process.kill(process.pid, 'SIGKILL');
}

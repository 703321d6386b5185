import type { Task } from 'graphile-worker';
import { lt } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import { WEBHOOK_DELIVER_JOB } from './events.js';
import { KEEP_HOURS } from './idempotency.js';
import { apiIdempotencyKeys, apiRateWindows } from './schema.js';
import { attemptDelivery, queueDueDeliveries } from './webhooks.js';

/** The seller API's background work: webhook deliveries and their retries, and forgetting old request state. */
export function apiTasks(deps: Deps): Record<string, Task> {
  return {
    [WEBHOOK_DELIVER_JOB]: async (payload) => {
      await attemptDelivery(deps, (payload as { deliveryId: string }).deliveryId);
    },
    webhook_retries: async () => {
      await queueDueDeliveries(deps);
    },
    api_purge: async () => {
      await purgeApiState(deps);
    },
  };
}

/** Idempotency keys after KEEP_HOURS, rate windows after an hour. */
export async function purgeApiState(deps: Deps): Promise<void> {
  const now = deps.clock.now().getTime();
  await deps.db.delete(apiIdempotencyKeys).where(lt(apiIdempotencyKeys.createdAt, new Date(now - KEEP_HOURS * 3_600_000)));
  await deps.db.delete(apiRateWindows).where(lt(apiRateWindows.windowStart, new Date(now - 3_600_000)));
}

export const apiCrontab = [
  // Webhook deliveries whose next attempt is due (back-off after a failure).
  '* * * * * webhook_retries',
  '20 * * * * api_purge',
];

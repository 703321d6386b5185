import type { Task, TaskList } from 'graphile-worker';
import type { Deps } from '../deps.js';
import { deliverEmail } from '../modules/notifications/emails.js';
import { runIncidentDeadlines } from '../modules/incidents/deadlines.js';
import { PASSWORD_RESET_JOB, sendPasswordResetLink } from '../modules/accounts/password-reset.js';
import { purgeAccountLinks } from '../modules/accounts/tokens.js';
import { runPayouts } from '../modules/ledger/payouts.js';
import { paymentCrontab, paymentTasks } from '../modules/payments/jobs.js';
import { checkoutCrontab, checkoutTasks } from '../modules/checkout/jobs.js';
import { orderCrontab, orderTasks } from '../modules/orders/jobs.js';
import { apiCrontab, apiTasks } from '../modules/api/jobs.js';
import { purgeRateLimits } from '../modules/ratelimits/store.js';
import { purgeGuestCarts } from '../modules/cart/purge.js';

/**
 * Every background task, by name. A module adds its own here; tasks receive the same deps as routes.
 * Cron items (deadlines) are listed in `crontab` below.
 */
export function makeTasks(deps: Deps): TaskList {
  const tasks: Record<string, Task> = {
    ...paymentTasks(deps),
    ...checkoutTasks(deps),
    ...orderTasks(deps),
    ...apiTasks(deps),
    send_email: async (payload) => deliverEmail(deps, (payload as { emailId: string }).emailId),
    incident_deadlines: async () => {
      await runIncidentDeadlines(deps);
    },
    [PASSWORD_RESET_JOB]: async (payload) => sendPasswordResetLink(deps, payload as { email?: unknown }),
    purge_account_links: async () => purgeAccountLinks(deps.db, deps.clock.now()),
    purge_guest_carts: async () => {
      await purgeGuestCarts(deps);
    },
    payout_run: async () => {
      await runPayouts(deps);
    },
    purge_sessions: async () => {
      await deps.database.pool.query('delete from sessions where expires_at < $1', [deps.clock.now()]);
      await deps.database.pool.query("delete from login_attempts where at < $1::timestamptz - interval '1 day'", [deps.clock.now()]);
      await purgeRateLimits(deps.database.pool);
    },
  };
  return tasks;
}

export const crontab = [
  '0 * * * * purge_sessions',
  // Incidents: escalate missed seller reply deadlines, close resolved incidents after N days.
  '*/5 * * * * incident_deadlines',
  '30 3 * * * purge_account_links',
  // Guest carts untouched for 30 days (and their items).
  '45 3 * * * purge_guest_carts',
  // Every Monday at 06:00: pay each seller its available balance.
  '0 6 * * 1 payout_run',
  ...paymentCrontab,
  ...checkoutCrontab,
  // Order deadlines: unaccepted lines cancelled and refunded, shipped lines delivered without news.
  ...orderCrontab,
  ...apiCrontab,
].join('\n');

import type { Task } from 'graphile-worker';
import type { Deps } from '../../deps.js';
import { getProvider } from './provider.js';
import type { SandboxProvider } from './sandbox/provider.js';
import { executeRefund, expirePayments } from './service.js';

/** The payments module's background tasks (registered in src/jobs/tasks.ts). */
export function paymentTasks(deps: Deps): Record<string, Task> {
  const sandbox = () => getProvider(deps, 'sandbox') as SandboxProvider;
  return {
    payment_refund: async (payload) => executeRefund(deps, (payload as { refundId: string }).refundId),
    expire_payments: async () => {
      await expirePayments(deps);
    },
    sandbox_notify: async (payload) => sandbox().deliverEvent((payload as { eventId: string }).eventId),
    sandbox_settle: async (payload) => sandbox().settleLate((payload as { ref: string }).ref),
  };
}

/** Pending payments are checked with their provider every 5 minutes. */
export const paymentCrontab = ['*/5 * * * * expire_payments'];

import type { Task } from 'graphile-worker';
import type { Deps } from '../../deps.js';
import { autoDeliverLines, cancelUnacceptedLines } from './deadlines.js';

type Helpers = Parameters<Task>[1];
const log = (helpers: Helpers) => ({ error: (o: object, msg: string) => helpers.logger.error(msg, o as Record<string, unknown>) });

/** The orders module's deadline tasks (registered in src/jobs/tasks.ts); they compare with deps.clock.now(). */
export function orderTasks(deps: Deps): Record<string, Task> {
  return {
    orders_cancel_unaccepted: async (_payload, helpers) => {
      await cancelUnacceptedLines(deps, log(helpers));
    },
    orders_auto_deliver: async (_payload, helpers) => {
      await autoDeliverLines(deps, log(helpers));
    },
  };
}

/** Every 10 minutes: a line is cancelled or delivered at most ten minutes after its deadline. */
export const orderCrontab = ['*/10 * * * * orders_cancel_unaccepted', '5,15,25,35,45,55 * * * * orders_auto_deliver'];

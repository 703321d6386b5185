import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCrontab } from 'graphile-worker';
import { crontab, makeTasks } from '../src/jobs/tasks.js';
import type { Deps } from '../src/deps.js';

test('every cron line parses (the worker refuses to start otherwise) and names a task that exists', () => {
  const items = parseCrontab(crontab);
  assert.ok(items.length >= 3);
  const tasks = makeTasks({} as Deps);
  for (const item of items) assert.ok(item.task in tasks, `cron names an unknown task: ${item.task}`);
});

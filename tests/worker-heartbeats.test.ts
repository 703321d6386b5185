import assert from 'node:assert/strict';
import { after, afterEach, test } from 'node:test';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { Database } from '../src/db/client.js';
import { startLiveness } from '../src/jobs/heartbeat.js';
import { addJob } from '../src/jobs/queue.js';
import { queueEmail } from '../src/modules/notifications/emails.js';
import { startChildApp, type ChildApp } from './helpers/child-app.js';
import { createTestDatabase } from './helpers/db.js';

/**
 * Decision 0027: the jobs of a worker whose process died are unlocked once its heartbeat is older
 * than WORKER_STALE_SECONDS (90 s in production, 3 s here) and run by a live worker; a live worker's
 * long job is never taken from it. Real Comptoir processes, killed with SIGKILL, on one PostgreSQL.
 */

const STALE = 3;
const database: Database = await createTestDatabase();
const q = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => (await database.pool.query(sql, params)).rows as T[];

/**
 * A real SMTP server that answers a message only after `holdMs[subject]` (a slow server): the job
 * sending it stays running that long. Every message that reached DATA's end is logged with its time.
 */
const holdMs = new Map<string, number>();
const arrivals: { messageId: string; subject: string; at: number }[] = [];
const smtpServer = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, _session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', async () => {
      const mail = await simpleParser(Buffer.concat(chunks));
      const subject = mail.subject ?? '';
      arrivals.push({ messageId: String(mail.messageId), subject, at: Date.now() });
      const hold = holdMs.get(subject) ?? 0;
      holdMs.delete(subject); // held once: a second delivery is answered at once
      setTimeout(() => callback(), hold).unref(); // a message held for a killed sender must not keep the file running
    });
  },
});
await new Promise<void>((resolve) => smtpServer.listen(0, '127.0.0.1', resolve));
after(() => new Promise<void>((resolve) => smtpServer.close(() => resolve())));
const smtpAddr = smtpServer.server.address();
const smtpUrl = `smtp://127.0.0.1:${typeof smtpAddr === 'object' && smtpAddr ? smtpAddr.port : 0}`;

const children: ChildApp[] = [];
async function start(): Promise<ChildApp> {
  const app = await startChildApp({ databaseUrl: database.url, env: { SMTP_URL: smtpUrl, WORKER_STALE_SECONDS: String(STALE) } });
  children.push(app);
  return app;
}
afterEach(async () => {
  for (const c of children.splice(0)) await c.kill();
});

/** Queues an email whose SMTP answer takes `hold` ms; returns its id. */
async function slowEmail(subject: string, hold: number): Promise<string> {
  holdMs.set(subject, hold);
  const id = await queueEmail(database.db, { dedupeKey: `test:${subject}`, kind: 'test', to: 'client@example.test', locale: 'fr', subject, text: 'x', html: '<p>x</p>' });
  assert.ok(id, 'the email was queued');
  return id;
}

type JobRow = { locked_by: string | null; locked_at: Date | null; attempts: number };
async function jobOf(emailId: string): Promise<JobRow | null> {
  const [row] = await q<JobRow>(`select locked_by, locked_at, attempts from graphile_worker.jobs where key = $1`, [`email:${emailId}`]);
  return row ?? null;
}

async function waitFor<T>(what: string, get: () => Promise<T | null | undefined | false>, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out (${ms} ms) waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const statusOf = async (id: string) => (await q<{ status: string }>(`select status from emails where id = $1`, [id]))[0]?.status;
const arrivalsOf = (id: string) => arrivals.filter((a) => a.messageId === `<${id}@comptoir.local>`);

test('a live worker running a job longer than the stale delay keeps it: never unlocked, sent once', async () => {
  await Promise.all([start(), start()]);
  const hold = STALE * 3.5 * 1000; // under nodemailer's 15 s socket timeout
  const id = await slowEmail('lent', hold);
  const first = await waitFor('a worker to take the job', async () => {
    const j = await jobOf(id);
    return j?.locked_by ? j : null;
  }, 15_000);
  await waitFor('the message to reach the SMTP server', async () => arrivalsOf(id).length > 0, 10_000);

  // While the SMTP server holds it (4 × the stale delay, with both processes sweeping 3 times a
  // delay), the job stays with its worker, whose heartbeat stays fresh.
  let freshBeats = 0;
  for (;;) {
    const j = await jobOf(id);
    if (!j) break; // done
    assert.equal(j.locked_by, first.locked_by, `the job stays locked by ${first.locked_by} (now ${j.locked_by})`);
    assert.equal(j.attempts, first.attempts, 'not started a second time');
    const [beat] = await q<{ age: number }>(`select extract(epoch from now() - seen_at)::float8 as age from worker_heartbeats where worker_id = $1`, [first.locked_by]);
    assert.ok(beat && beat.age < STALE, `the busy worker's heartbeat is fresh (${beat?.age} s old)`);
    freshBeats++;
    await new Promise((r) => setTimeout(r, 200));
  }
  const lockedFor = Date.now() - first.locked_at!.getTime();
  assert.ok(lockedFor > STALE * 2 * 1000, `the job ran well past the stale delay (${lockedFor} ms) — else the test proves nothing`);
  assert.ok(freshBeats > 10, `checked throughout the job (${freshBeats} times)`);
  assert.equal(await statusOf(id), 'sent', 'the email is marked sent');
  assert.equal(arrivalsOf(id).length, 1, 'the SMTP server got it once: no other worker ran the job');
});

test('a worker killed during a job: the other process runs it within the stale delay plus one sweep', async () => {
  const a = await start();
  const id = await slowEmail('tuee', 600_000); // A's delivery hangs until A dies
  const taken = await waitFor('A to take the job', async () => {
    const j = await jobOf(id);
    return j?.locked_by ? j : null;
  }, 15_000);
  await waitFor('the message to reach the SMTP server', async () => arrivalsOf(id).length > 0, 10_000);
  const b = await start(); // the other instance, running before the crash

  a.proc.kill('SIGKILL');
  await a.exited;
  const killedAt = Date.now();
  await waitFor('the email to be sent by the other process', async () => (await statusOf(id)) === 'sent', 20_000);
  const took = Date.now() - killedAt;
  // Worst case: the last beat just before the kill, STALE later it is stale, the next sweep (every
  // STALE/3) unlocks, the next poll (2 s) takes it; plus the SMTP round trip on a loaded machine.
  const bound = STALE * 1000 + (STALE * 1000) / 3 + 2000 + 2500;
  assert.ok(took <= bound, `sent ${took} ms after the kill (at most ${bound} ms)`);
  assert.ok(took >= STALE * 1000 - (STALE * 1000) / 4.5 - 100, `not before its heartbeat was stale (${took} ms after the kill)`);
  assert.match(b.output(), new RegExp(`unlocked the jobs of dead workers: .*${taken.locked_by}`), `B's sweep unlocked ${taken.locked_by}; output:\n${b.output().slice(-1500)}`);
  assert.equal(arrivalsOf(id).length, 2, 'sent again by B (A was killed before the SMTP server answered it)');
  assert.equal(await jobOf(id), null, 'the job is done');
});

test('the sweep frees only locks older than the stale delay held by workers silent that long (or never heard of)', async () => {
  const lock = async (key: string, worker: string, ageSeconds: number) => {
    await addJob(database.db, 'purge_account_links', {}, { jobKey: key });
    // What a worker's get_job writes; old dates stand for a lock taken that long ago.
    await database.pool.query(`update graphile_worker._private_jobs set locked_by = $2, locked_at = now() - make_interval(secs => $3), attempts = 1 where key = $1`, [key, worker, ageSeconds]);
  };
  const beat = (worker: string, ageSeconds: number) =>
    database.pool.query(`insert into worker_heartbeats (worker_id, seen_at) values ($1, now() - make_interval(secs => $2))`, [worker, ageSeconds]);
  await lock('k-unknown-old', 'worker-before-heartbeats', STALE * 3); // no heartbeat row, old lock: dead
  await lock('k-unknown-young', 'worker-just-started', 0); // no row yet, fresh lock: its first beat may be on its way
  await lock('k-silent', 'worker-silent', STALE * 3);
  await beat('worker-silent', STALE * 2);
  await lock('k-alive', 'worker-alive', STALE * 10); // an old lock (long job), but a fresh beat
  await beat('worker-alive', 0);

  // Started now, swept at once: its own timer's first sweep comes a third of a delay later.
  const liveness = startLiveness(database.url, STALE);
  after(() => liveness.stop());
  const freed = await liveness.sweep();
  assert.deepEqual(freed.sort(), ['worker-before-heartbeats', 'worker-silent'], 'exactly the silent workers are unlocked');
  const rows = await q<{ key: string; locked_by: string | null }>(`select key, locked_by from graphile_worker.jobs where key like 'k-%' order by key`);
  assert.deepEqual(
    rows.map((r) => [r.key, r.locked_by]),
    [
      ['k-alive', 'worker-alive'],
      ['k-silent', null],
      ['k-unknown-old', null],
      ['k-unknown-young', 'worker-just-started'],
    ],
    'the dead workers’ jobs are free, the others still locked',
  );
});

// Loaded into the compiled server by bench/checkout-steps.ts (node --import): every statement any pg
// client sends (the app's pool, the sandbox's pool, the page cache's connection) is appended as one
// line to the file named by CHECKOUT_STEPS_SQL_LOG, so that the driver can count them per request.
import { appendFileSync } from 'node:fs';
import pg from 'pg';

const file = process.env.CHECKOUT_STEPS_SQL_LOG;
if (file) {
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (...args) {
    const q = args[0];
    const text = typeof q === 'string' ? q : (q?.text ?? '');
    appendFileSync(file, text.replace(/\s+/g, ' ').trim().slice(0, 300) + '\n');
    return query.apply(this, args);
  };
}

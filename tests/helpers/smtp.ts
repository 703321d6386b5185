import { simpleParser, type ParsedMail } from 'mailparser';
import { after } from 'node:test';
import { SMTPServer } from 'smtp-server';

export type CapturedMail = { to: string; subject: string; text: string; html: string; raw: ParsedMail };

/**
 * A real SMTP server on a free local port that keeps what it receives, so tests read the emails
 * that were actually sent. `refuse` makes it answer every message with a permanent error.
 */
export async function startSmtp(): Promise<{ url: string; mails: CapturedMail[]; refuse: (on: boolean) => void; waitFor: (pred: (m: CapturedMail) => boolean, ms?: number) => Promise<CapturedMail> }> {
  const mails: CapturedMail[] = [];
  let refusing = false;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        if (refusing) {
          const err = new Error('550 5.1.1 Mailbox unavailable') as Error & { responseCode: number };
          err.responseCode = 550;
          return callback(err);
        }
        const parsed = await simpleParser(Buffer.concat(chunks));
        const to = Array.isArray(parsed.to) ? parsed.to.map((a) => a.text).join(', ') : (parsed.to?.text ?? '');
        mails.push({ to, subject: parsed.subject ?? '', text: parsed.text ?? '', html: typeof parsed.html === 'string' ? parsed.html : '', raw: parsed });
        callback();
      });
    },
  });
  // A client killed in the middle of a session (the fault tests kill the worker while it sends) resets
  // its connection: smtp-server emits that as an 'error' event, which without a listener is thrown as
  // an uncaught exception in the test process (failed tests/faults-kill.test.ts once in a full run).
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    refuse: (on) => {
      refusing = on;
    },
    waitFor: async (pred, ms = 10_000) => {
      const end = Date.now() + ms;
      while (Date.now() < end) {
        const m = mails.find(pred);
        if (m) return m;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`no matching email within ${ms} ms; got: ${mails.map((m) => `${m.to}: ${m.subject}`).join(' | ') || 'none'}`);
    },
  };
}

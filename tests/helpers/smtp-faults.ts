import { simpleParser } from 'mailparser';
import type { Socket } from 'node:net';
import { after } from 'node:test';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server that misbehaves on demand, for the fault tests:
 *  - 'ok':      accepts and keeps every message (with its Message-ID, to count deliveries);
 *  - 'defer':   answers 451 4.3.0 to every recipient (a temporary refusal: greylisting, full disk);
 *  - 'refuse':  answers 550 5.1.1 to every recipient (a permanent refusal: no such mailbox);
 *  - 'hang':    accepts the TCP connection and never says a word (a stuck server).
 * `connections` counts every connection the client opened, whatever the mode.
 */
export type SmtpMode = 'ok' | 'defer' | 'refuse' | 'hang';
export type Received = { to: string; subject: string; messageId: string };

export async function startFaultySmtp(): Promise<{ url: string; mode: (m: SmtpMode) => void; received: Received[]; connections: () => number }> {
  let mode: SmtpMode = 'ok';
  let connections = 0;
  const received: Received[] = [];
  const sockets = new Set<Socket>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 100,
    onConnect(_session, callback) {
      connections++;
      if (mode === 'hang') return; // no greeting, ever: the client must give up by itself
      callback();
    },
    onRcptTo(_address, _session, callback) {
      if (mode === 'defer') return callback(Object.assign(new Error('4.3.0 Mail server temporarily unavailable, try again later'), { responseCode: 451 }));
      if (mode === 'refuse') return callback(Object.assign(new Error('5.1.1 Mailbox unavailable'), { responseCode: 550 }));
      callback();
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        const parsed = await simpleParser(Buffer.concat(chunks));
        const to = Array.isArray(parsed.to) ? parsed.to.map((a) => a.text).join(', ') : (parsed.to?.text ?? '');
        received.push({ to, subject: parsed.subject ?? '', messageId: parsed.messageId ?? '' });
        callback();
      });
    },
  });
  server.server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  after(async () => {
    for (const s of sockets) s.destroy(); // the hung ones would keep close() waiting
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { url: `smtp://127.0.0.1:${port}`, mode: (m) => void (mode = m), received, connections: () => connections };
}

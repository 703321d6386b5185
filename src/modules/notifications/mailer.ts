import nodemailer from 'nodemailer';

/** Sends one message over SMTP; `null` transport means "keep it in the database mailbox". */
export type OutgoingMail = { from: string; to: string; subject: string; text: string; html: string; messageId?: string };
export type Mailer = { kind: 'smtp' | 'database'; send: (m: OutgoingMail) => Promise<string> };

/**
 * How long one delivery may wait on a slow or hung SMTP server before it fails and is retried later
 * (nodemailer's own defaults are 2 minutes to connect and 10 minutes of silence, which would hold a
 * worker slot that long). SMTP_URL may set its own: `smtp://host:25?socketTimeout=30000`.
 */
export const SMTP_TIMEOUTS = { connectionTimeout: 5_000, greetingTimeout: 5_000, socketTimeout: 15_000 } as const;

/**
 * The SMTP URL with our timeouts added where it sets none. They must travel in the URL: nodemailer's
 * createTransport(url, x) reads `x` as message defaults, and createTransport({ url, ... }) drops every
 * key but the URL — both silently ignore timeouts given beside a URL.
 */
export function withTimeouts(smtpUrl: string): string {
  const u = new URL(smtpUrl);
  for (const [k, v] of Object.entries(SMTP_TIMEOUTS)) if (!u.searchParams.has(k)) u.searchParams.set(k, String(v));
  return u.toString();
}

export function createMailer(smtpUrl: string | undefined): Mailer {
  if (!smtpUrl) {
    return {
      kind: 'database',
      send: async () => 'stored in the database mailbox',
    };
  }
  const transport = nodemailer.createTransport(withTimeouts(smtpUrl));
  return {
    kind: 'smtp',
    send: async (m) => {
      const info = await transport.sendMail(m);
      return String(info.response ?? 'sent');
    },
  };
}

import nodemailer from 'nodemailer';

/** Sends one message over SMTP; `null` transport means "keep it in the database mailbox". */
export type OutgoingMail = { from: string; to: string; subject: string; text: string; html: string; messageId?: string };
export type Mailer = { kind: 'smtp' | 'database'; send: (m: OutgoingMail) => Promise<string> };

export function createMailer(smtpUrl: string | undefined): Mailer {
  if (!smtpUrl) {
    return {
      kind: 'database',
      send: async () => 'stored in the database mailbox',
    };
  }
  const transport = nodemailer.createTransport(smtpUrl, {
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  } as nodemailer.TransportOptions);
  return {
    kind: 'smtp',
    send: async (m) => {
      const info = await transport.sendMail(m);
      return String(info.response ?? 'sent');
    },
  };
}

import { renderToString } from 'preact-render-to-string';
import { defineMessages, type Locale } from '../../i18n/index.js';

/**
 * The frame of every email the marketplace sends, as HTML and as plain text from the same content.
 * Everything given is text: it is escaped in the HTML (a customer's name cannot become markup).
 *
 *   const { html, text } = renderEmail({ locale, title, paragraphs: [..], action: { label, url } });
 *   await queueEmail(tx, { ..., subject: title, html, text });
 */
export type EmailContent = {
  locale: Locale;
  /** The heading (usually the subject too). */
  title: string;
  /** Plain-text paragraphs, in order. */
  paragraphs: string[];
  /** Optional blocks after the paragraphs, e.g. an address or order lines: a heading and lines. */
  sections?: { heading?: string; lines: string[] }[];
  /** The one button of the email: an absolute http(s) URL built from `config.publicUrl`. */
  action?: { label: string; url: string };
  /** Paragraphs after the button, in small print (e.g. "if this was not you, ignore this email"). */
  after?: string[];
};

const text = defineMessages({
  fr: {
    shop: 'Comptoir',
    tagline: 'Le grand magasin et ses vendeurs',
    automatic: 'Cet e-mail vous a été envoyé automatiquement ; merci de ne pas y répondre.',
    link_hint: 'Si le bouton ne fonctionne pas, copiez ce lien dans votre navigateur :',
  },
  nl: {
    shop: 'Comptoir',
    tagline: 'Het warenhuis en zijn verkopers',
    automatic: 'Deze e-mail werd automatisch verzonden; gelieve er niet op te antwoorden.',
    link_hint: 'Werkt de knop niet? Kopieer deze link in uw browser:',
  },
  en: {
    shop: 'Comptoir',
    tagline: 'The department store and its sellers',
    automatic: 'This email was sent automatically; please do not reply to it.',
    link_hint: 'If the button does not work, copy this link into your browser:',
  },
});

const ACCENT = '#8a1538';

export function renderEmail(c: EmailContent): { html: string; text: string } {
  if (c.action && !/^https?:\/\//.test(c.action.url)) throw new Error('renderEmail: the action needs an absolute http(s) URL');
  const t = text(c.locale);
  const body = (
    <html lang={c.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{c.title}</title>
      </head>
      <body style="margin:0;padding:0;background:#f4f4f2;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#1d1d1f;">
        <table role="presentation" width="100%" cellPadding="0" cellSpacing="0" style="background:#f4f4f2;padding:24px 0;">
          <tr>
            <td align="center">
              <table role="presentation" width="560" cellPadding="0" cellSpacing="0" style="max-width:560px;width:100%;background:#ffffff;border:1px solid #e2e2de;border-radius:8px;">
                <tr>
                  <td style="padding:24px 32px 8px;font-size:20px;font-weight:700;color:#1d1d1f;">
                    {t('shop')} <span style="font-size:13px;font-weight:400;color:#5f5f5a;">{t('tagline')}</span>
                  </td>
                </tr>
                <tr>
                  <td style="padding:8px 32px 24px;font-size:15px;line-height:1.5;">
                    <h1 style="font-size:20px;margin:8px 0 16px;">{c.title}</h1>
                    {c.paragraphs.map((p) => (
                      <p style="margin:0 0 16px;">{p}</p>
                    ))}
                    {(c.sections ?? []).map((s) => (
                      <div style="margin:0 0 16px;padding:16px;background:#f8f8f6;border-radius:4px;">
                        {s.heading ? <p style="margin:0 0 8px;font-weight:700;">{s.heading}</p> : null}
                        {s.lines.map((l) => (
                          <div>{l}</div>
                        ))}
                      </div>
                    ))}
                    {c.action ? (
                      <>
                        <p style="margin:24px 0;">
                          <a href={c.action.url} style={`display:inline-block;background:${ACCENT};color:#ffffff;text-decoration:none;font-weight:700;padding:12px 24px;border-radius:4px;`}>
                            {c.action.label}
                          </a>
                        </p>
                        <p style="margin:0 0 16px;font-size:13px;color:#5f5f5a;">
                          {t('link_hint')}
                          <br />
                          <a href={c.action.url} style={`color:${ACCENT};word-break:break-all;`}>
                            {c.action.url}
                          </a>
                        </p>
                      </>
                    ) : null}
                    {(c.after ?? []).map((p) => (
                      <p style="margin:0 0 16px;font-size:13px;color:#5f5f5a;">{p}</p>
                    ))}
                  </td>
                </tr>
                <tr>
                  <td style="padding:16px 32px;border-top:1px solid #e2e2de;font-size:12px;color:#5f5f5a;">{t('automatic')}</td>
                </tr>
              </table>
            </td>
          </tr>
        </table>
      </body>
    </html>
  );
  const html = '<!doctype html>' + renderToString(body);

  const parts: string[] = [c.title, '='.repeat(Math.min(c.title.length, 60)), '', ...c.paragraphs.flatMap((p) => [p, ''])];
  for (const s of c.sections ?? []) parts.push(...(s.heading ? [s.heading] : []), ...s.lines, '');
  if (c.action) parts.push(`${c.action.label}:`, c.action.url, '');
  for (const p of c.after ?? []) parts.push(p, '');
  parts.push('--', `${t('shop')} — ${t('tagline')}`, t('automatic'));
  return { html, text: parts.join('\n') };
}

import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.js';
import type { PageContext } from '../../http/context.js';
import { pageContext } from '../../http/context.js';
import { sendPage } from '../../http/render.js';
import { ShopLayout } from '../../ui/layout.js';
import { FAQ } from './faq.js';
import { helpText } from './messages.js';

/** The help page: the FAQ "Ma commande", then delivery and returns, customer service, legal notice. */
export function HelpPage({ ctx }: { ctx: PageContext }) {
  const t = helpText(ctx.locale);
  const sections = FAQ[ctx.locale];
  return (
    <ShopLayout ctx={ctx} title={t('title')} description={t('intro')}>
      <article class="help">
        <h1>{t('title')}</h1>
        <p class="lead">{t('intro')}</p>
        <nav class="toc" aria-labelledby="help-toc">
          <h2 id="help-toc">{t('toc')}</h2>
          <ol>
            {sections.map((s) => (
              <li>
                <a href={`#${s.id}`}>{s.question}</a>
              </li>
            ))}
          </ol>
        </nav>
        {sections.map((s) => (
          <section id={s.id} aria-labelledby={`${s.id}-title`}>
            <h2 id={`${s.id}-title`}>{s.question}</h2>
            {s.paragraphs.map((p) => (
              <p>{p}</p>
            ))}
          </section>
        ))}
      </article>
    </ShopLayout>
  );
}

export function helpRoutes(_deps: Deps) {
  return async function (app: FastifyInstance) {
    app.get('/help', async (req, reply) => sendPage(reply, <HelpPage ctx={pageContext(req, reply)} />));
  };
}

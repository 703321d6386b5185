import { asc, eq, sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../deps.js';
import { operatorMenu } from '../../faces/operator.js';
import { pageContext, setFlash, type PageContext } from '../../http/context.js';
import { notFound } from '../../http/errors.js';
import { parseForm, type FieldErrors, type FormValues } from '../../http/forms.js';
import { seeOther, sendPage } from '../../http/render.js';
import { Field, FormError } from '../../ui/forms.js';
import { BackOfficeLayout, CsrfField } from '../../ui/layout.js';
import { isUuid } from '../cart/cart.js';
import { catalogAdminText } from './admin-messages.js';
import { invalidateCategoryNav } from './nav.js';
import { categories } from './schema.js';

/**
 * The operator's categories (/admin/categories): the marketplace's departments, named in the three
 * languages and ordered; the storefront's category bar follows at once.
 */
const categoryForm = z.object({
  slug: z
    .string()
    .trim()
    .min(1)
    .max(60)
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: 'msg:slug_format' }),
  nameFr: z.string().trim().min(1).max(80),
  nameNl: z.string().trim().min(1).max(80),
  nameEn: z.string().trim().min(1).max(80),
  position: z
    .string()
    .trim()
    .regex(/^\d{1,4}$/, { message: 'msg:position_format' })
    .transform(Number),
});

type Row = { id: string; slug: string; name: { fr: string; nl: string; en: string }; position: number; products: number };

function CategoriesPage(props: { ctx: PageContext; rows: Row[]; editId?: string; values?: FormValues; errors?: FieldErrors }) {
  const { ctx, rows } = props;
  const t = catalogAdminText(ctx.locale);
  const editing = props.editId ? rows.find((r) => r.id === props.editId) : undefined;
  const values: FormValues =
    props.values ?? (editing ? { slug: editing.slug, nameFr: editing.name.fr, nameNl: editing.name.nl, nameEn: editing.name.en, position: String(editing.position) } : { position: String((rows.at(-1)?.position ?? 0) + 1) });
  return (
    <BackOfficeLayout ctx={ctx} title={t('title')} menu={operatorMenu(ctx)}>
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      <table class="data">
        <thead>
          <tr>
            <th scope="col" class="num">
              {t('position')}
            </th>
            <th scope="col">{t('name_fr')}</th>
            <th scope="col">{t('name_nl')}</th>
            <th scope="col">{t('name_en')}</th>
            <th scope="col">{t('slug')}</th>
            <th scope="col" class="num">
              {t('products')}
            </th>
            <th scope="col">
              <span class="visually-hidden">{t('edit')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr aria-current={r.id === props.editId ? 'true' : undefined}>
              <td class="num">{r.position}</td>
              <td>{r.name.fr}</td>
              <td>{r.name.nl}</td>
              <td>{r.name.en}</td>
              <td>
                <a href={`/${ctx.locale}/c/${r.slug}`}>{r.slug}</a>
              </td>
              <td class="num">{r.products}</td>
              <td>
                <a href={`/admin/categories?edit=${r.id}`}>
                  {t('edit')}
                  <span class="visually-hidden"> {r.name.fr}</span>
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <section class="card" aria-labelledby="cat-form">
        <h2 id="cat-form">{editing ? t('edit_title', { name: editing.name.fr }) : t('add_title')}</h2>
        {props.errors ? <FormError message={t('errors')} /> : null}
        <form method="post" action={editing ? `/admin/categories/${editing.id}` : '/admin/categories'} novalidate>
          <CsrfField ctx={ctx} />
          <Field name="nameFr" label={t('name_fr')} values={values} errors={props.errors} required maxLength={80} />
          <Field name="nameNl" label={t('name_nl')} values={values} errors={props.errors} required maxLength={80} />
          <Field name="nameEn" label={t('name_en')} values={values} errors={props.errors} required maxLength={80} />
          <Field name="slug" label={t('slug')} hint={t('slug_hint')} values={values} errors={props.errors} required maxLength={60} />
          <Field name="position" label={t('position')} values={values} errors={props.errors} required inputMode="numeric" maxLength={4} />
          <button type="submit" class="button primary">
            {t('save')}
          </button>{' '}
          {editing ? <a href="/admin/categories">{t('cancel')}</a> : null}
        </form>
      </section>
    </BackOfficeLayout>
  );
}

async function listCategories(deps: Deps): Promise<Row[]> {
  return deps.db
    .select({ id: categories.id, slug: categories.slug, name: categories.name, position: categories.position, products: sql<number>`(select count(*)::int from products p where p.category_id = ${categories.id})` })
    .from(categories)
    .orderBy(asc(categories.position), asc(categories.slug));
}

export function categoryAdminRoutes(deps: Deps) {
  return async function (app: FastifyInstance) {
    const show = async (req: FastifyRequest, reply: FastifyReply, extra: { editId?: string; values?: FormValues; errors?: FieldErrors } = {}, status = 200) =>
      sendPage(reply, <CategoriesPage ctx={pageContext(req, reply)} rows={await listCategories(deps)} {...extra} />, status);

    app.get('/categories', async (req, reply) => {
      const edit = (req.query as Record<string, unknown>).edit;
      return show(req, reply, { editId: isUuid(edit) ? edit : undefined });
    });

    const save = async (req: FastifyRequest, reply: FastifyReply, id: string | null) => {
      const t = catalogAdminText(req.locale);
      const form = parseForm(categoryForm, req.body, req.locale, (k) => t(k as Parameters<typeof t>[0]));
      if (!form.ok) return show(req, reply, { editId: id ?? undefined, values: form.values, errors: form.errors }, 422);
      const values = { slug: form.data.slug, name: { fr: form.data.nameFr, nl: form.data.nameNl, en: form.data.nameEn }, position: form.data.position };
      const [taken] = await deps.db.select({ id: categories.id }).from(categories).where(eq(categories.slug, values.slug));
      if (taken && taken.id !== id) return show(req, reply, { editId: id ?? undefined, values: form.values, errors: { slug: t('slug_taken') } }, 422);
      if (id) {
        const done = await deps.db.update(categories).set(values).where(eq(categories.id, id)).returning({ id: categories.id });
        if (!done.length) return notFound(req, reply);
      } else {
        await deps.db.insert(categories).values(values);
      }
      invalidateCategoryNav();
      setFlash(reply, t('saved'));
      return seeOther(reply, '/admin/categories');
    };
    app.post('/categories', async (req, reply) => save(req, reply, null));
    app.post<{ Params: { id: string } }>('/categories/:id', async (req, reply) => (isUuid(req.params.id) ? save(req, reply, req.params.id) : notFound(req, reply)));
  };
}

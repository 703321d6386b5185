import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { categories } from '../src/modules/catalog/schema.js';
import { Agent } from './helpers/agent.js';
import { testEnv } from './helpers/app.js';
import { makeCategory, makeOperator, makeSeller } from './helpers/factories.js';

const env = await testEnv();
const { app, deps } = env;

describe('operator-run categories (/admin/categories)', () => {
  test('the operator adds and renames a department; the storefront’s category bar follows at once', async () => {
    const op = await makeOperator(deps.db, 'customer_service');
    const a = new Agent(app);
    await a.login('/admin/login', op.email, op.password);
    await app.inject('/fr/'); // the bar is cached
    const page = await a.get('/admin/categories');
    assert.equal(page.statusCode, 200);
    const add = await a.post('/admin/categories', { nameFr: 'Jardin', nameNl: 'Tuin', nameEn: 'Garden', slug: 'jardin', position: '9' });
    assert.equal(add.statusCode, 303);
    assert.match((await app.inject('/nl/')).body, /<a href="\/nl\/c\/jardin"[^>]*>Tuin<\/a>/);
    const [c] = await deps.db.select().from(categories).where(eq(categories.slug, 'jardin'));
    await a.get(`/admin/categories?edit=${c!.id}`);
    await a.post(`/admin/categories/${c!.id}`, { nameFr: 'Jardin & terrasse', nameNl: 'Tuin & terras', nameEn: 'Garden', slug: 'jardin', position: '9' });
    assert.match((await app.inject('/fr/help')).body, /Jardin &amp; terrasse/);
  });

  test('a malformed address or one already used is refused beside the field, nothing typed lost', async () => {
    const op = await makeOperator(deps.db, 'customer_service');
    await makeCategory(deps.db, { slug: 'deja' });
    const a = new Agent(app);
    await a.login('/admin/login', op.email, op.password);
    await a.get('/admin/categories');
    const bad = await a.post('/admin/categories', { nameFr: 'X', nameNl: 'X', nameEn: 'X', slug: 'Pas Bon!', position: 'un' });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /Minuscules, chiffres et tirets seulement/);
    assert.match(bad.body, /Un nombre entier/);
    assert.match(bad.body, /value="Pas Bon!"/);
    const taken = await a.post('/admin/categories', { nameFr: 'Y', nameNl: 'Y', nameEn: 'Y', slug: 'deja', position: '1' });
    assert.equal(taken.statusCode, 422);
    assert.match(taken.body, /déjà celle d’un autre rayon/);
  });

  test('only the operator: a seller or a visitor is sent to a login', async () => {
    const seller = await makeSeller(deps.db);
    const s = new Agent(app);
    await s.login('/vendeur/login', seller.user.email, seller.user.password);
    assert.equal((await s.get('/admin/categories')).statusCode, 303);
    assert.equal((await app.inject('/admin/categories')).statusCode, 303);
  });
});

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { PageContext } from '../src/http/context.js';
import type { Locale } from '../src/i18n/index.js';
import { EXTRA_SECTION_IDS, FAQ, FAQ_SECTION_IDS, type FaqSection } from '../src/modules/help/faq.js';
import { helpText } from '../src/modules/help/messages.js';
import { HelpPage } from '../src/modules/help/routes.js';
import { common } from '../src/ui/messages.js';

const repoRoot = path.resolve(import.meta.dirname, '..');
const specDir = path.resolve(repoRoot, '../shared/spec');
const spec = fs.readFileSync(path.join(specDir, 'faq-ma-commande.fr.txt'), 'utf8');
const labelsMd = fs.readFileSync(path.join(specDir, 'labels.md'), 'utf8');

const LOCALES: Locale[] = ['fr', 'nl', 'en'];
const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
const text = (sections: FaqSection[]) => sections.flatMap((s) => s.paragraphs).join('\n');
const quoted = (s: string) => [...s.matchAll(/"([^"\n]+)"/g)].map((m) => m[1]!);

/** The label table of labels.md: [French, Dutch or null ("—"), English]. */
const labels: Array<{ fr: string; nl: string | null; en: string }> = labelsMd
  .split('\n')
  .filter((l) => l.startsWith('|') && !/^\|\s*-/.test(l) && !l.includes('French (specification)'))
  .map((l) => l.split('|').slice(1, -1).map((c) => c.trim()))
  .map(([fr, nl, en]) => ({ fr: fr!, nl: nl === '—' ? null : nl!, en: en! }));

test('labels.md is read', () => {
  assert.ok(labels.length >= 18, `only ${labels.length} labels parsed`);
  assert.deepEqual(labels[0], { fr: 'Passer commande', nl: 'Bestellen', en: 'Checkout' });
});

test('every quoted label of the French FAQ appears, quoted, in the French data', () => {
  const fr = text(FAQ.fr);
  const found = quoted(spec).filter((q) => q !== 'inno.be');
  assert.ok(found.length > 30);
  for (const q of found) assert.ok(fr.includes(`"${q}"`), `missing "${q}"`);
});

test('the French paragraphs contain every sentence of the FAQ, word for word (inno.be → Comptoir)', () => {
  const body = spec.split('\n').slice(1).join('\n'); // the first line is the title, "Ma commande"
  // The file lacks a space in "mot de passe.Vous": a full stop directly followed by a capital gets one.
  const source = norm(body.replaceAll('inno.be', 'Comptoir')).replace(/\.(?=\p{Lu})/gu, '. ');
  const sentences = source.split(/(?<=[.?!])\s+/).filter(Boolean);
  assert.ok(sentences.length > 30, `only ${sentences.length} sentences`);
  const faqSections = FAQ.fr.filter((s) => (FAQ_SECTION_IDS as readonly string[]).includes(s.id));
  const fr = norm(faqSections.flatMap((s) => s.paragraphs).join(' '));
  for (const s of sentences) assert.ok(fr.includes(s), `missing sentence: ${s}`);
  // Nothing was added to the FAQ's own sections either: same text, same order.
  assert.equal(fr, source);
  assert.ok(!text(FAQ.fr).includes('inno.be'));
});

test('the FAQ paragraphs follow the paragraphs of the specification', () => {
  const paragraphs = spec
    .split(/\n\s*\n/)
    .slice(1)
    .map((p) => norm(p.replaceAll('inno.be', 'Comptoir')).replace(/\.(?=\p{Lu})/gu, '. '))
    .filter(Boolean);
  const ours = FAQ.fr.filter((s) => (FAQ_SECTION_IDS as readonly string[]).includes(s.id)).flatMap((s) => s.paragraphs.map(norm));
  assert.deepEqual(ours, paragraphs);
});

test('all three languages have the same sections, in the same order, with as many paragraphs', () => {
  const ids: string[] = FAQ.fr.map((s) => s.id);
  assert.deepEqual(ids.slice(), [...FAQ_SECTION_IDS, ...EXTRA_SECTION_IDS]);
  assert.equal(new Set(ids).size, ids.length);
  for (const l of LOCALES) {
    assert.deepEqual(FAQ[l].map((s) => s.id), ids, l);
    FAQ[l].forEach((s, i) => {
      assert.equal(s.paragraphs.length, FAQ.fr[i]!.paragraphs.length, `${l} ${s.id}`);
      assert.ok(s.question.trim() && s.paragraphs.every((p) => p.trim()), `${l} ${s.id} empty`);
    });
  }
  for (const id of ['delivery', 'contact', 'legal']) assert.ok(ids.includes(id), id);
});

test('the Dutch and English paragraphs use the labels of labels.md where the French uses the French label', () => {
  for (const l of ['nl', 'en'] as const) {
    FAQ.fr.forEach((section, i) => {
      section.paragraphs.forEach((p, j) => {
        const target = FAQ[l][i]!.paragraphs[j]!;
        for (const label of labels) {
          const translated = label[l];
          if (!translated) continue;
          // "Mes commandes" is once written with a small c in the FAQ: the same label.
          const n = quoted(p).filter((q) => q.toLowerCase() === label.fr.toLowerCase()).length;
          if (!n) continue;
          const m = quoted(target).filter((q) => q === translated).length;
          assert.ok(m >= 1, `${l} ${section.id} ¶${j + 1}: "${translated}" missing (for "${label.fr}")`);
        }
      });
    });
  }
});

/** Our Dutch for the labels that labels.md leaves open ("—"); the storefront uses the same. */
const OUR_DUTCH: Record<string, string> = {
  "Je n'ai pas reçu mon produit": 'Ik heb mijn product niet ontvangen',
  "Mon produit n'est pas conforme à ma commande": 'Mijn product komt niet overeen met mijn bestelling',
  'Mon produit est abîmé': 'Mijn product is beschadigd',
  'Poser une question sur ce produit': 'Stel een vraag over dit product',
  Connexion: 'Aanmelden',
  'Politique de retour': 'Retourbeleid',
};

test('the Dutch labels that labels.md leaves open are translated, always the same way', () => {
  const open = labels.filter((x) => !x.nl).map((x) => x.fr);
  assert.deepEqual(open.sort(), Object.keys(OUR_DUTCH).sort());
  FAQ.fr.forEach((section, i) => {
    section.paragraphs.forEach((p, j) => {
      for (const [fr, nl] of Object.entries(OUR_DUTCH)) {
        if (quoted(p).includes(fr)) assert.ok(quoted(FAQ.nl[i]!.paragraphs[j]!).includes(nl), `nl ${section.id}: "${nl}" missing`);
      }
    });
  });
});

test('the header shows the labels the FAQ names ("Connexion", "Mes Commandes")', () => {
  const byFr = (fr: string) => labels.find((x) => x.fr === fr)!;
  for (const l of LOCALES) {
    const t = common(l);
    const name = (fr: string) => (l === 'fr' ? fr : (byFr(fr)[l] ?? OUR_DUTCH[fr]!));
    assert.equal(t('login'), name('Connexion'), l);
    assert.equal(t('my_orders'), name('Mes Commandes'), l);
  }
});

test('every quote in the Dutch and English data is a known label or a FAQ title', () => {
  for (const l of ['nl', 'en'] as const) {
    const known = new Set<string>(labels.map((x) => x[l]).filter((x): x is string => !!x));
    if (l === 'nl') for (const v of Object.values(OUR_DUTCH)) known.add(v);
    for (const s of FAQ[l]) known.add(s.question.replace(/\s*\?$/, ''));
    for (const q of quoted(text(FAQ[l]))) assert.ok(known.has(q), `${l}: unknown quoted text "${q}"`);
  }
});

test('the FAQ the text refers to, "Comment annuler ma commande", exists in every language', () => {
  for (const l of LOCALES) {
    const titles = FAQ[l].map((s) => s.question.replace(/\s*\?$/, ''));
    const refs = text(FAQ[l]).match(/FAQ "([^"]+)"/g) ?? [];
    assert.ok(refs.length >= 1, l);
    for (const r of refs) assert.ok(titles.includes(r.slice(5, -1)), `${l}: ${r} has no section`);
  }
  assert.ok(FAQ.fr.some((s) => s.question.startsWith('Comment annuler ma commande')));
});

test('the help page shows the title, the table of contents and every section, escaped', () => {
  for (const locale of LOCALES) {
    const ctx: PageContext = { face: 'shop', locale, path: '/help', url: `/${locale}/help`, csrf: 'x', requestId: 'r', user: null, cartCount: 0, unreadMessages: 0, flash: null };
    const html = renderToString(h(HelpPage, { ctx }));
    const t = helpText(locale);
    assert.ok(html.includes(`<h1>${t('title')}</h1>`), `${locale} h1`);
    assert.ok(html.includes(t('toc')), `${locale} toc`);
    assert.ok(html.includes(`<html lang="${locale}"`));
    for (const s of FAQ[locale]) {
      assert.ok(html.includes(`href="#${s.id}"`), `${locale} link to ${s.id}`);
      assert.ok(html.includes(`<section id="${s.id}"`), `${locale} section ${s.id}`);
    }
    // Quotes and apostrophes are escaped text, never markup.
    assert.ok(html.includes('&quot;'));
  }
  const fr = renderToString(h(HelpPage, { ctx: { face: 'shop', locale: 'fr', path: '/help', url: '/fr/help', csrf: 'x', requestId: 'r', user: null, cartCount: 0, unreadMessages: 0, flash: null } }));
  assert.ok(fr.includes('Aide — Ma commande'));
  assert.ok(fr.includes('Comment annuler ma commande ?'));
  assert.ok(fr.includes('service@comptoir.be'));
});

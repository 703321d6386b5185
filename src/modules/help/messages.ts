import { defineMessages } from '../../i18n/index.js';

/** Texts of the help page around the FAQ content (the content itself is in faq.ts). */
export const helpText = defineMessages({
  fr: {
    title: 'Aide — Ma commande',
    intro: 'Les réponses aux questions les plus fréquentes sur vos commandes, la livraison et les retours.',
    toc: 'Sommaire',
  },
  nl: {
    title: 'Hulp — Mijn bestelling',
    intro: 'Antwoorden op de meest gestelde vragen over uw bestellingen, de levering en retourzendingen.',
    toc: 'Inhoud',
  },
  en: {
    title: 'Help — My order',
    intro: 'Answers to the most frequently asked questions about your orders, delivery and returns.',
    toc: 'Contents',
  },
});

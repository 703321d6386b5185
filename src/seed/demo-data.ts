import type { Country, Locale } from '../modules/accounts/schema.js';
import type { I18nText } from '../shared/i18n-text.js';

/** The demo marketplace: pure data, expanded into rows by seedDemo (src/seed/demo.ts). */

export const DEMO_PASSWORD = 'Comptoir-demo-1';

function t(fr: string, nl: string, en: string): I18nText {
  return { fr, nl, en };
}

// ---------------------------------------------------------------- categories

export const CATEGORY_SLUGS = ['femme', 'homme', 'enfants', 'chaussures', 'maison', 'beaute', 'sport', 'epicerie-fine'] as const;
export type CategorySlug = (typeof CATEGORY_SLUGS)[number];

export type CategorySeed = { slug: CategorySlug; name: I18nText; position: number };

export const DEMO_CATEGORIES: readonly CategorySeed[] = [
  { slug: 'femme', name: t('Femme', 'Vrouwen', 'Women'), position: 1 },
  { slug: 'homme', name: t('Homme', 'Mannen', 'Men'), position: 2 },
  { slug: 'enfants', name: t('Enfants', 'Kinderen', 'Kids'), position: 3 },
  { slug: 'chaussures', name: t('Chaussures', 'Schoenen', 'Shoes'), position: 4 },
  { slug: 'maison', name: t('Maison', 'Wonen', 'Home'), position: 5 },
  { slug: 'beaute', name: t('Beauté', 'Verzorging', 'Beauty'), position: 6 },
  { slug: 'sport', name: t('Sport & plein air', 'Sport & outdoor', 'Sport & outdoors'), position: 7 },
  { slug: 'epicerie-fine', name: t('Épicerie fine', 'Delicatessen', 'Fine food'), position: 8 },
];

// ---------------------------------------------------------------- sellers

export const SELLER_SLUGS = [
  'comptoir-grand-magasin',
  'maison-lemaire',
  'atelier-van-damme',
  'petit-sablon',
  'studio-schelde',
  'ardennes-outdoor',
] as const;
export type SellerSlug = (typeof SELLER_SLUGS)[number];

export type SellerSeed = {
  slug: SellerSlug;
  name: string;
  legalName: string;
  vatNumber: string;
  email: string;
  phone: string;
  description: I18nText;
  returnWindowDays: 14 | 30;
  returnShippingPaidBy: 'customer' | 'seller';
  returnConditions: I18nText;
  returnText: I18nText;
  shippingFeeCents: number;
  freeShippingFromCents: number | null;
  commissionBps: number;
  /** Default lead time of the seller's offers, in days. */
  leadTimeDays: number;
};

function shopEmail(slug: SellerSlug): string {
  return `contact@${slug}.demo.comptoir.be`;
}

export const DEMO_SELLERS: readonly SellerSeed[] = [
  {
    slug: 'comptoir-grand-magasin',
    name: 'Comptoir Grand Magasin',
    legalName: 'Comptoir Grand Magasin SA',
    vatNumber: 'BE0403.176.540',
    email: shopEmail('comptoir-grand-magasin'),
    phone: '+32 2 555 01 00',
    description: t(
      'Le grand magasin de la rue Neuve depuis 1898 : mode, maison, beauté et épicerie fine, choisis par nos acheteurs et expédiés depuis notre entrepôt de Vilvorde.',
      'Het warenhuis van de Nieuwstraat sinds 1898: mode, wonen, verzorging en delicatessen, gekozen door onze inkopers en verzonden vanuit ons magazijn in Vilvoorde.',
      'The Rue Neuve department store since 1898: fashion, home, beauty and fine food, chosen by our buyers and shipped from our Vilvoorde warehouse.',
    ),
    returnWindowDays: 30,
    returnShippingPaidBy: 'seller',
    returnConditions: t(
      'Article non porté, non lavé, dans son emballage d’origine avec ses étiquettes. Les produits d’hygiène ouverts et l’épicerie ne sont pas repris.',
      'Niet gedragen, niet gewassen, in de originele verpakking met de labels. Geopende verzorgingsproducten en voeding worden niet teruggenomen.',
      'Unworn, unwashed, in the original packaging with its labels. Opened toiletries and food cannot be returned.',
    ),
    returnText: t(
      'Retournez gratuitement vos articles dans les 30 jours suivant la livraison : imprimez l’étiquette prépayée depuis « Mes Commandes » ou déposez le colis à l’accueil du magasin de la rue Neuve. Le remboursement suit sous 5 jours ouvrables après réception.',
      'Stuur je artikelen gratis terug binnen 30 dagen na levering: druk het gefrankeerde label af via ‘Mijn bestellingen’ of geef het pakket af aan het onthaal van de winkel in de Nieuwstraat. Je wordt terugbetaald binnen 5 werkdagen na ontvangst.',
      'Return your items free of charge within 30 days of delivery: print the prepaid label from “My orders” or drop the parcel at the Rue Neuve store’s front desk. We refund you within 5 working days of receiving it.',
    ),
    shippingFeeCents: 495,
    freeShippingFromCents: 5000,
    commissionBps: 1200,
    leadTimeDays: 1,
  },
  {
    slug: 'maison-lemaire',
    name: 'Maison Lemaire',
    legalName: 'Maison Lemaire SRL',
    vatNumber: 'BE0752.184.025',
    email: shopEmail('maison-lemaire'),
    phone: '+32 4 555 18 90',
    description: t(
      'Maison liégeoise du linge depuis trois générations. Nous travaillons le lin belge, teillé en Flandre et tissé en Wallonie, pour la table, le lit et le vestiaire.',
      'Luiks linnenhuis, al drie generaties lang. We werken met Belgisch vlas, gezwingeld in Vlaanderen en geweven in Wallonië, voor tafel, bed en kleerkast.',
      'A Liège linen house for three generations. We work Belgian flax, scutched in Flanders and woven in Wallonia, for the table, the bed and the wardrobe.',
    ),
    returnWindowDays: 14,
    returnShippingPaidBy: 'seller',
    returnConditions: t(
      'Linge non utilisé et non lavé, plié dans son emballage d’origine. Les articles coupés sur mesure ne sont pas repris.',
      'Ongebruikt en ongewassen linnengoed, gevouwen in de originele verpakking. Op maat gesneden artikelen worden niet teruggenomen.',
      'Unused, unwashed linen, folded in its original packaging. Made-to-measure items cannot be returned.',
    ),
    returnText: t(
      'Retour gratuit dans les 14 jours suivant la livraison : écrivez-nous depuis « Mes Commandes » et nous vous envoyons une étiquette de retour. Nous remboursons dès que le linge est revenu à Liège.',
      'Gratis terugsturen binnen 14 dagen na levering: schrijf ons via ‘Mijn bestellingen’ en we sturen je een retourlabel. We betalen terug zodra het linnen terug in Luik is.',
      'Free returns within 14 days of delivery: write to us from “My orders” and we will send you a return label. We refund you as soon as the linen is back in Liège.',
    ),
    shippingFeeCents: 495,
    freeShippingFromCents: 7500,
    commissionBps: 1500,
    leadTimeDays: 2,
  },
  {
    slug: 'atelier-van-damme',
    name: 'Atelier Van Damme',
    legalName: 'Schoenmakerij Van Damme BV',
    vatNumber: 'BE0643.912.427',
    email: shopEmail('atelier-van-damme'),
    phone: '+32 9 555 23 41',
    description: t(
      'Atelier de cordonnerie fondé à Gand en 1962. Chaque paire est coupée et cousue à la main dans notre atelier du Patershol, en cuir tanné végétal d’origine européenne.',
      'Schoenmakersatelier, opgericht in Gent in 1962. Elk paar wordt met de hand gesneden en gestikt in ons atelier in het Patershol, in plantaardig gelooid Europees leer.',
      'A shoemaking workshop founded in Ghent in 1962. Every pair is cut and stitched by hand in our Patershol workshop, in vegetable-tanned European leather.',
    ),
    returnWindowDays: 30,
    returnShippingPaidBy: 'customer',
    returnConditions: t(
      'Chaussures essayées uniquement à l’intérieur, semelles intactes, renvoyées dans leur boîte d’origine.',
      'Schoenen enkel binnenshuis gepast, zolen onbeschadigd, teruggestuurd in de originele doos.',
      'Shoes tried on indoors only, soles unmarked, sent back in their original box.',
    ),
    returnText: t(
      'Vous avez 30 jours après la livraison pour nous renvoyer une paire qui ne vous convient pas. Les frais de retour sont à votre charge ; nous remboursons dès que la paire est revenue à l’atelier. Un échange de pointure est toujours possible.',
      'Je hebt 30 dagen na levering om een paar terug te sturen dat niet past. De verzendkosten voor de retour zijn voor jou; we betalen terug zodra het paar terug in het atelier is. Een andere maat ruilen kan altijd.',
      'You have 30 days after delivery to send back a pair that does not suit you. Return postage is yours to pay; we refund you as soon as the pair is back at the workshop. Exchanging for another size is always possible.',
    ),
    shippingFeeCents: 695,
    freeShippingFromCents: 15000,
    commissionBps: 1500,
    leadTimeDays: 3,
  },
  {
    slug: 'petit-sablon',
    name: 'Petit Sablon',
    legalName: 'Petit Sablon SRL',
    vatNumber: 'BE0812.774.579',
    email: shopEmail('petit-sablon'),
    phone: '+32 2 555 47 12',
    description: t(
      'Boutique de vêtements pour enfants au cœur du Sablon, à Bruxelles. Des basiques colorés en coton bio, pensés pour grimper, sauter dans les flaques et passer au frère ou à la sœur suivante.',
      'Kinderkledingwinkel in het hart van de Zavel in Brussel. Kleurrijke basics in biokatoen, gemaakt om te klimmen, in plassen te springen en door te geven aan de volgende broer of zus.',
      'A children’s clothing shop in the heart of the Sablon in Brussels. Colourful organic-cotton basics, made for climbing, jumping in puddles and handing down to the next brother or sister.',
    ),
    returnWindowDays: 14,
    returnShippingPaidBy: 'customer',
    returnConditions: t(
      'Vêtements non portés, non lavés, étiquettes attachées. Les bodies et pyjamas doivent être dans leur emballage scellé.',
      'Ongedragen, ongewassen kleding met de labels er nog aan. Rompertjes en pyjama’s moeten in hun verzegelde verpakking zitten.',
      'Unworn, unwashed clothes with their labels attached. Bodysuits and pyjamas must be in their sealed packaging.',
    ),
    returnText: t(
      'Un article ne convient pas ? Renvoyez-le à vos frais dans les 14 jours suivant la livraison, à notre boutique de la rue Lebeau. Nous remboursons sous 7 jours après réception.',
      'Past een artikel niet? Stuur het op eigen kosten terug binnen 14 dagen na levering, naar onze winkel in de Lebeaustraat. We betalen terug binnen 7 dagen na ontvangst.',
      'Something does not fit? Send it back at your own cost within 14 days of delivery to our shop on Rue Lebeau. We refund you within 7 days of receiving it.',
    ),
    shippingFeeCents: 395,
    freeShippingFromCents: 5000,
    commissionBps: 1800,
    leadTimeDays: 2,
  },
  {
    slug: 'studio-schelde',
    name: 'Studio Schelde',
    legalName: 'Studio Schelde BV',
    vatNumber: 'BE0698.331.209',
    email: shopEmail('studio-schelde'),
    phone: '+32 3 555 62 08',
    description: t(
      'Studio de design et boutique d’objets sur les quais de l’Escaut, à Anvers. Céramiques, luminaires et textiles dessinés chez nous et fabriqués en petites séries par des artisans belges et néerlandais.',
      'Designstudio en objectenwinkel aan de Scheldekaaien in Antwerpen. Keramiek, verlichting en textiel, bij ons ontworpen en in kleine reeksen gemaakt door Belgische en Nederlandse ambachtslui.',
      'A design studio and object shop on the Scheldt quays in Antwerp. Ceramics, lighting and textiles designed in-house and made in small batches by Belgian and Dutch craftspeople.',
    ),
    returnWindowDays: 14,
    returnShippingPaidBy: 'customer',
    returnConditions: t(
      'Objets intacts et non utilisés, renvoyés dans leur emballage d’origine bien protégé. Les bougies allumées ne sont pas reprises.',
      'Onbeschadigde, ongebruikte objecten, teruggestuurd in hun originele, goed beschermde verpakking. Aangestoken kaarsen worden niet teruggenomen.',
      'Undamaged, unused objects, sent back well protected in their original packaging. Candles that have been lit cannot be returned.',
    ),
    returnText: t(
      'Vous pouvez renvoyer un objet dans les 14 jours suivant la livraison. Le retour est à vos frais et à vos risques : emballez les céramiques avec soin. Nous remboursons dès que l’objet est arrivé intact à Anvers.',
      'Je kan een object terugsturen binnen 14 dagen na levering. De retour is op jouw kosten en risico: verpak keramiek zorgvuldig. We betalen terug zodra het object onbeschadigd in Antwerpen is aangekomen.',
      'You may send an object back within 14 days of delivery. The return is at your cost and risk, so pack ceramics carefully. We refund you once the object has reached Antwerp undamaged.',
    ),
    shippingFeeCents: 695,
    freeShippingFromCents: 7500,
    commissionBps: 2000,
    leadTimeDays: 3,
  },
  {
    slug: 'ardennes-outdoor',
    name: 'Ardennes Outdoor',
    legalName: 'Ardennes Outdoor SRL',
    vatNumber: 'BE0776.453.128',
    email: shopEmail('ardennes-outdoor'),
    phone: '+32 84 55 90 12',
    description: t(
      'Équipementier outdoor installé à La Roche-en-Ardenne. Nous testons tout ce que nous vendons sur les sentiers de l’Ourthe, par tous les temps.',
      'Outdoorspecialist uit La Roche-en-Ardenne. Alles wat we verkopen, testen we zelf op de paden langs de Ourthe, in weer en wind.',
      'An outdoor outfitter based in La Roche-en-Ardenne. We test everything we sell on the Ourthe trails, whatever the weather.',
    ),
    returnWindowDays: 30,
    returnShippingPaidBy: 'seller',
    returnConditions: t(
      'Article non utilisé à l’extérieur, étiquettes attachées. Les chaussures doivent avoir été essayées uniquement à l’intérieur.',
      'Niet buiten gebruikt, labels nog bevestigd. Schoenen mogen enkel binnenshuis gepast zijn.',
      'Not used outdoors, labels still attached. Footwear must only have been tried on indoors.',
    ),
    returnText: t(
      'Retour gratuit pendant 30 jours après la livraison, avec l’étiquette prépayée jointe au colis. Remboursement sous 3 jours ouvrables après contrôle de l’article.',
      'Gratis terugsturen tot 30 dagen na levering, met het gefrankeerde label in het pakket. Terugbetaling binnen 3 werkdagen na controle van het artikel.',
      'Free returns for 30 days after delivery, with the prepaid label enclosed in the parcel. Refund within 3 working days after we have checked the item.',
    ),
    shippingFeeCents: 495,
    freeShippingFromCents: null,
    commissionBps: 1400,
    leadTimeDays: 1,
  },
];

// ---------------------------------------------------------------- colours and sizes

export type ColourSeed = { name: I18nText; hex: string };

export const COLOURS = {
  black: { name: t('Noir', 'Zwart', 'Black'), hex: '#222222' },
  white: { name: t('Blanc', 'Wit', 'White'), hex: '#f6f5f1' },
  ecru: { name: t('Écru', 'Ecru', 'Ecru'), hex: '#ede5d3' },
  natural: { name: t('Lin naturel', 'Naturel linnen', 'Natural linen'), hex: '#d6c8ad' },
  sand: { name: t('Sable', 'Zand', 'Sand'), hex: '#d4bf98' },
  camel: { name: t('Camel', 'Camel', 'Camel'), hex: '#b8864f' },
  cognac: { name: t('Cognac', 'Cognac', 'Cognac'), hex: '#8e4a20' },
  brown: { name: t('Brun', 'Bruin', 'Brown'), hex: '#5e4030' },
  grey: { name: t('Gris chiné', 'Grijs gemêleerd', 'Heather grey'), hex: '#a2a2a4' },
  charcoal: { name: t('Anthracite', 'Antraciet', 'Charcoal'), hex: '#3c3e43' },
  navy: { name: t('Marine', 'Marineblauw', 'Navy'), hex: '#1f2c4c' },
  denim: { name: t('Denim', 'Denim', 'Denim'), hex: '#4b6385' },
  blue: { name: t('Bleu', 'Blauw', 'Blue'), hex: '#2f5fa7' },
  sky: { name: t('Bleu ciel', 'Hemelsblauw', 'Sky blue'), hex: '#a5c7e2' },
  teal: { name: t('Bleu canard', 'Petrolblauw', 'Teal'), hex: '#1f6f78' },
  sage: { name: t('Sauge', 'Saliegroen', 'Sage'), hex: '#a4b39b' },
  olive: { name: t('Olive', 'Olijfgroen', 'Olive'), hex: '#6b6a3c' },
  forest: { name: t('Vert forêt', 'Bosgroen', 'Forest green'), hex: '#2f5435' },
  mustard: { name: t('Moutarde', 'Mosterdgeel', 'Mustard'), hex: '#d0a03a' },
  yellow: { name: t('Jaune', 'Geel', 'Yellow'), hex: '#f2c84b' },
  orange: { name: t('Orange', 'Oranje', 'Orange'), hex: '#e0772b' },
  terracotta: { name: t('Terracotta', 'Terracotta', 'Terracotta'), hex: '#c0633f' },
  red: { name: t('Rouge', 'Rood', 'Red'), hex: '#b8262d' },
  bordeaux: { name: t('Bordeaux', 'Bordeaux', 'Burgundy'), hex: '#6d1a2c' },
  pink: { name: t('Rose poudré', 'Oudroze', 'Dusty pink'), hex: '#e3b5b3' },
  lilac: { name: t('Lilas', 'Lila', 'Lilac'), hex: '#b9a7d0' },
  gold: { name: t('Doré', 'Goud', 'Gold'), hex: '#c9a24d' },
  amber: { name: t('Ambre', 'Amber', 'Amber'), hex: '#b8691d' },
  clear: { name: t('Transparent', 'Transparant', 'Clear'), hex: '#dbe8ea' },
  'stripe-navy': { name: t('Rayé marine', 'Marine gestreept', 'Navy stripe'), hex: '#1f2c4c' },
  'stripe-red': { name: t('Rayé rouge', 'Rood gestreept', 'Red stripe'), hex: '#b8262d' },
} as const satisfies Record<string, ColourSeed>;
export type ColourCode = keyof typeof COLOURS;

export function isStriped(code: ColourCode): boolean {
  return code.startsWith('stripe-');
}

const WOMEN = ['XS', 'S', 'M', 'L'] as const;
const MEN = ['S', 'M', 'L', 'XL'] as const;
const ADULT = ['S', 'M', 'L', 'XL'] as const;
const KIDS = ['92', '104', '116', '128'] as const;
const BABY = ['62', '68', '74', '80'] as const;
const WOMEN_SHOES = ['37', '38', '39', '40', '41'] as const;
const MEN_SHOES = ['40', '41', '42', '43', '44'] as const;
const UNISEX_SHOES = ['38', '39', '40', '41', '42', '43', '44'] as const;
const KIDS_SHOES = ['24', '26', '28', '30'] as const;
/** One size ("Taille unique"). */
const ONE = ['TU'] as const;

// ---------------------------------------------------------------- products

export const PRODUCT_KINDS = [
  'tshirt', 'polo', 'shirt', 'jumper', 'hoodie', 'fleece', 'coat', 'jacket', 'raincoat', 'dress', 'skirt',
  'trousers', 'leggings', 'dungarees', 'bodysuit', 'beanie', 'cap', 'plush', 'shoe', 'flat', 'boot', 'sneaker',
  'sandal', 'washbag', 'backpack', 'mug', 'lamp', 'cushion', 'vase', 'carafe', 'candle', 'plate', 'bedding',
  'towel', 'tablecloth', 'throw', 'book', 'jar', 'bottle', 'soap', 'tube', 'mat', 'flask', 'box', 'pouch',
] as const;
export type ProductKind = (typeof PRODUCT_KINDS)[number];

export type VatRateBps = 2100 | 600;

/** What one seller asks for a product: the price of its first size, incl. VAT, in cents. */
export type OfferTerms = { seller: SellerSlug; priceCents: number; compareAtCents?: number; leadTimeDays?: number };

export type ProductSeed = {
  slug: string;
  category: CategorySlug;
  kind: ProductKind;
  brand: string;
  title: I18nText;
  description: I18nText;
  colours: readonly ColourCode[];
  sizes: readonly string[];
  offers: readonly OfferTerms[];
  vatRateBps?: VatRateBps;
  /** Added to the price for each size after the first (bed linen, towels, bigger packs). */
  sizeStepCents?: number;
  /** Every variant out of stock at every seller. */
  soldOut?: boolean;
};

const GM: SellerSlug = 'comptoir-grand-magasin';
const LM: SellerSlug = 'maison-lemaire';
const VD: SellerSlug = 'atelier-van-damme';
const PS: SellerSlug = 'petit-sablon';
const SS: SellerSlug = 'studio-schelde';
const AO: SellerSlug = 'ardennes-outdoor';

const FEMME: readonly ProductSeed[] = [
  {
    slug: 'robe-portefeuille-lin',
    category: 'femme',
    kind: 'dress',
    brand: 'Maison Lemaire',
    title: t('Robe portefeuille en lin lavé', 'Wikkeljurk van gewassen linnen', 'Washed linen wrap dress'),
    description: t(
      'Une robe portefeuille mi-longue, nouée à la taille, taillée dans un lin belge lavé à la pierre pour un tombé souple dès le premier jour. Manches trois-quarts et poches cachées dans les coutures.',
      'Halflange wikkeljurk met strik in de taille, gesneden uit stonewashed Belgisch linnen dat vanaf de eerste dag soepel valt. Driekwartmouwen en verborgen zakken in de naden.',
      'A midi wrap dress tied at the waist, cut from stone-washed Belgian linen that drapes softly from the first wear. Three-quarter sleeves and pockets hidden in the side seams.',
    ),
    colours: ['natural', 'sage', 'terracotta'],
    sizes: WOMEN,
    offers: [{ seller: LM, priceCents: 12900 }, { seller: GM, priceCents: 13900 }],
  },
  {
    slug: 'chemise-lin-oversize',
    category: 'femme',
    kind: 'shirt',
    brand: 'Maison Lemaire',
    title: t('Chemise oversize en lin', 'Oversized linnen hemd', 'Oversized linen shirt'),
    description: t(
      'Une chemise ample à porter ouverte sur un débardeur ou boutonnée et rentrée dans un pantalon. Le lin lavé reste frais en été et s’adoucit à chaque lavage.',
      'Een ruim hemd om open over een topje te dragen of dichtgeknoopt in een broek. Gewassen linnen blijft fris in de zomer en wordt zachter bij elke wasbeurt.',
      'A roomy shirt to wear open over a vest top or buttoned and tucked into trousers. Washed linen stays cool in summer and gets softer with every wash.',
    ),
    colours: ['white', 'sky', 'natural'],
    sizes: WOMEN,
    offers: [{ seller: LM, priceCents: 8900 }],
  },
  {
    slug: 'pantalon-large-lin',
    category: 'femme',
    kind: 'trousers',
    brand: 'Maison Lemaire',
    title: t('Pantalon large en lin', 'Wijde linnen broek', 'Wide-leg linen trousers'),
    description: t(
      'Pantalon à jambes larges et taille élastiquée au dos, avec deux poches italiennes. Un lin de poids moyen qui ne se froisse qu’à peine.',
      'Broek met wijde pijpen en elastiek achteraan in de taille, met twee schuine zakken. Middelzwaar linnen dat nauwelijks kreukt.',
      'Wide-leg trousers with an elasticated back waist and two slanted pockets. A mid-weight linen that barely creases.',
    ),
    colours: ['natural', 'black', 'olive'],
    sizes: WOMEN,
    offers: [{ seller: LM, priceCents: 9900, compareAtCents: 11900 }],
  },
  {
    slug: 'pyjama-lin',
    category: 'femme',
    kind: 'shirt',
    brand: 'Maison Lemaire',
    title: t('Pyjama en lin', 'Linnen pyjama', 'Linen pyjamas'),
    description: t(
      'Chemise à col pyjama et pantalon à cordon, dans un lin léger qui régule la température pendant la nuit. Passepoil contrasté et boutons en nacre.',
      'Hemd met pyjamakraag en broek met trekkoord, in licht linnen dat ’s nachts je temperatuur regelt. Contrasterende biesjes en parelmoeren knopen.',
      'A pyjama-collar shirt and drawstring trousers in a light linen that regulates your temperature at night. Contrast piping and mother-of-pearl buttons.',
    ),
    colours: ['pink', 'sky'],
    sizes: WOMEN,
    offers: [{ seller: LM, priceCents: 11900 }],
  },
  {
    slug: 'blouse-soie-lavee',
    category: 'femme',
    kind: 'shirt',
    brand: 'Atelier Brume',
    title: t('Blouse en soie lavée', 'Blouse van gewassen zijde', 'Washed silk blouse'),
    description: t(
      'Une blouse fluide en soie lavée au toucher peau de pêche, avec col V et manches bouffantes resserrées aux poignets. Lavable en machine au programme délicat.',
      'Soepele blouse van gewassen zijde met een perzikzachte toets, V-hals en pofmouwen met smalle manchetten. Wasbaar in de machine op het fijnwasprogramma.',
      'A fluid blouse in sand-washed silk with a peach-skin feel, a V-neck and puffed sleeves gathered at the cuffs. Machine washable on a delicate cycle.',
    ),
    colours: ['ecru', 'bordeaux', 'black'],
    sizes: WOMEN,
    offers: [{ seller: GM, priceCents: 11900 }],
  },
  {
    slug: 'mariniere-coton',
    category: 'femme',
    kind: 'tshirt',
    brand: 'Comptoir',
    title: t('Marinière en coton', 'Gestreepte marinière van katoen', 'Cotton Breton top'),
    description: t(
      'La marinière classique à manches longues et col bateau, en jersey de coton épais. Une pièce qui traverse les saisons, seule ou sous un pull.',
      'De klassieke marinière met lange mouwen en boothals, in stevige katoenjersey. Een stuk dat alle seizoenen meegaat, alleen of onder een trui.',
      'The classic long-sleeved Breton top with a boat neck, in heavy cotton jersey. A piece for every season, on its own or under a jumper.',
    ),
    colours: ['stripe-navy', 'stripe-red'],
    sizes: WOMEN,
    offers: [{ seller: GM, priceCents: 3900 }],
  },
  {
    slug: 'pull-cachemire-col-rond',
    category: 'femme',
    kind: 'jumper',
    brand: 'Atelier Brume',
    title: t('Pull col rond en cachemire', 'Kasjmier trui met ronde hals', 'Cashmere crew-neck jumper'),
    description: t(
      'Un pull en pur cachemire de Mongolie-Intérieure, tricoté en jauge fine pour se glisser sous une veste. Finitions côtelées au col, aux poignets et à l’ourlet.',
      'Trui in zuivere kasjmier uit Binnen-Mongolië, fijn gebreid zodat hij onder een jasje past. Ribboorden aan hals, manchetten en zoom.',
      'A pure cashmere jumper from Inner Mongolia, finely knitted to sit under a jacket. Ribbed trims at the neck, cuffs and hem.',
    ),
    colours: ['camel', 'grey', 'pink'],
    sizes: WOMEN,
    offers: [{ seller: GM, priceCents: 14900, compareAtCents: 17900 }],
  },
  {
    slug: 'trench-gabardine',
    category: 'femme',
    kind: 'coat',
    brand: 'Atelier Brume',
    title: t('Trench classique en gabardine', 'Klassieke trenchcoat in gabardine', 'Classic gabardine trench coat'),
    description: t(
      'Trench croisé en gabardine de coton déperlante, avec ceinture, pattes d’épaule et doublure rayée. Il s’arrête juste sous le genou.',
      'Double-breasted trenchcoat in waterafstotende katoenen gabardine, met ceintuur, schouderstukken en gestreepte voering. Valt net onder de knie.',
      'A double-breasted trench in water-repellent cotton gabardine, with a belt, epaulettes and a striped lining. It falls just below the knee.',
    ),
    colours: ['sand', 'navy'],
    sizes: WOMEN,
    offers: [{ seller: GM, priceCents: 22900 }],
  },
  {
    slug: 'jean-droit-taille-haute',
    category: 'femme',
    kind: 'trousers',
    brand: 'Comptoir',
    title: t('Jean droit taille haute', 'Rechte jeans met hoge taille', 'High-rise straight jeans'),
    description: t(
      'Un jean à jambe droite et taille haute, en denim rigide 100 % coton qui se fait à votre silhouette. Longueur cheville.',
      'Rechte jeans met hoge taille, in stevige denim van 100 % katoen die zich naar je lichaam vormt. Enkellengte.',
      'Straight-leg, high-rise jeans in rigid 100 % cotton denim that moulds to your shape. Ankle length.',
    ),
    colours: ['denim', 'black'],
    sizes: WOMEN,
    offers: [{ seller: GM, priceCents: 7900 }],
  },
  {
    slug: 'jupe-plissee-midi',
    category: 'femme',
    kind: 'skirt',
    brand: 'Atelier Brume',
    title: t('Jupe plissée midi', 'Geplooide midirok', 'Pleated midi skirt'),
    description: t(
      'Jupe midi à plis soleil qui bougent à chaque pas, avec une ceinture élastiquée confortable. Tissu recyclé satiné, facile à entretenir.',
      'Midirok met zonplooien die bij elke stap meebewegen, met een comfortabele elastische tailleband. Gerecycleerde satijnachtige stof, makkelijk in onderhoud.',
      'A midi skirt with sunray pleats that move with every step and a comfortable elasticated waistband. Recycled satin-finish fabric, easy to care for.',
    ),
    colours: ['olive', 'navy', 'bordeaux'],
    sizes: WOMEN,
    offers: [{ seller: GM, priceCents: 8900 }],
  },
  {
    slug: 't-shirt-femme-coton-bio',
    category: 'femme',
    kind: 'tshirt',
    brand: 'Comptoir',
    title: t('T-shirt femme en coton bio', 'Dames-T-shirt van biokatoen', 'Women’s organic cotton T-shirt'),
    description: t(
      'Le t-shirt de tous les jours, coupe droite et col rond, en jersey de coton biologique certifié GOTS. Il garde sa forme lavage après lavage.',
      'Het T-shirt voor elke dag, rechte snit en ronde hals, in GOTS-gecertificeerde jersey van biokatoen. Het behoudt zijn vorm, wasbeurt na wasbeurt.',
      'The everyday T-shirt, straight cut with a crew neck, in GOTS-certified organic cotton jersey. It keeps its shape wash after wash.',
    ),
    colours: ['white', 'black', 'sage', 'lilac'],
    sizes: WOMEN,
    offers: [{ seller: GM, priceCents: 1900 }],
  },
  {
    slug: 'cardigan-merinos',
    category: 'femme',
    kind: 'jumper',
    brand: 'Comptoir',
    title: t('Cardigan en laine mérinos', 'Vest van merinowol', 'Merino wool cardigan'),
    description: t(
      'Cardigan boutonné en laine mérinos extra-fine, chaud sans être épais. Boutons en corozo et poches plaquées.',
      'Geknoopt vest in extra fijne merinowol, warm zonder dik te zijn. Knopen van corozo en opgestikte zakken.',
      'A buttoned cardigan in extra-fine merino wool, warm without bulk. Corozo buttons and patch pockets.',
    ),
    colours: ['charcoal', 'mustard', 'ecru'],
    sizes: WOMEN,
    offers: [{ seller: GM, priceCents: 6900 }],
  },
];

const HOMME: readonly ProductSeed[] = [
  {
    slug: 'chemise-lin-lave',
    category: 'homme',
    kind: 'shirt',
    brand: 'Maison Lemaire',
    title: t('Chemise en lin lavé', 'Hemd van gewassen linnen', 'Washed linen shirt'),
    description: t(
      'Chemise à col boutonné en lin belge lavé, coupe régulière et poche poitrine. Elle se porte aussi bien en ville qu’en vacances.',
      'Hemd met buttondownkraag in gewassen Belgisch linnen, regular fit en borstzak. Even goed in de stad als op vakantie.',
      'A button-down shirt in washed Belgian linen, regular fit with a chest pocket. As good in town as on holiday.',
    ),
    colours: ['white', 'sky', 'natural', 'navy'],
    sizes: MEN,
    offers: [{ seller: LM, priceCents: 8900 }, { seller: GM, priceCents: 9500 }],
  },
  {
    slug: 'pantalon-lin-cordon',
    category: 'homme',
    kind: 'trousers',
    brand: 'Maison Lemaire',
    title: t('Pantalon en lin à cordon', 'Linnen broek met trekkoord', 'Linen drawstring trousers'),
    description: t(
      'Pantalon décontracté en lin épais, taille à cordon et jambe légèrement fuselée. Idéal pour les longues journées d’été.',
      'Nonchalante broek in dik linnen, met trekkoord in de taille en licht taps toelopende pijpen. Ideaal voor lange zomerdagen.',
      'Relaxed trousers in heavy linen with a drawstring waist and a slightly tapered leg. Made for long summer days.',
    ),
    colours: ['natural', 'navy'],
    sizes: MEN,
    offers: [{ seller: LM, priceCents: 9500 }],
  },
  {
    slug: 'chemise-oxford',
    category: 'homme',
    kind: 'shirt',
    brand: 'Comptoir',
    title: t('Chemise Oxford', 'Oxfordhemd', 'Oxford shirt'),
    description: t(
      'La chemise Oxford à col boutonné, en coton tissé serré qui se patine avec le temps. Coupe ajustée, avec ou sans cravate.',
      'Het Oxfordhemd met buttondownkraag, in dicht geweven katoen dat mooi verweert. Getailleerde snit, met of zonder das.',
      'The button-down Oxford shirt in tightly woven cotton that softens with age. Slim fit, with or without a tie.',
    ),
    colours: ['white', 'sky'],
    sizes: MEN,
    offers: [{ seller: GM, priceCents: 5900 }],
  },
  {
    slug: 'chino-coton-stretch',
    category: 'homme',
    kind: 'trousers',
    brand: 'Comptoir',
    title: t('Chino en coton stretch', 'Chino van stretchkatoen', 'Stretch cotton chinos'),
    description: t(
      'Chino à jambe droite en sergé de coton légèrement stretch, pour bouger librement toute la journée. Poches italiennes devant, poches passepoilées au dos.',
      'Chino met rechte pijpen in licht elastische katoenen keperstof, zodat je de hele dag vrij kan bewegen. Schuine zakken vooraan en paspelzakken achteraan.',
      'Straight-leg chinos in a cotton twill with a little stretch, so you can move freely all day. Slanted front pockets and jetted back pockets.',
    ),
    colours: ['sand', 'navy', 'olive'],
    sizes: MEN,
    offers: [{ seller: GM, priceCents: 6900, compareAtCents: 7900 }],
  },
  {
    slug: 'pull-merinos-homme',
    category: 'homme',
    kind: 'jumper',
    brand: 'Comptoir',
    title: t('Pull en laine mérinos', 'Trui van merinowol', 'Merino wool jumper'),
    description: t(
      'Pull col rond en mérinos extra-fin, thermorégulant et naturellement anti-odeurs. Se lave en machine à 30 °C.',
      'Trui met ronde hals in extra fijne merinowol, temperatuurregelend en van nature geurwerend. Machinewasbaar op 30 °C.',
      'A crew-neck jumper in extra-fine merino, temperature-regulating and naturally odour-resistant. Machine washable at 30 °C.',
    ),
    colours: ['navy', 'charcoal', 'forest', 'bordeaux'],
    sizes: MEN,
    offers: [{ seller: GM, priceCents: 7900 }],
  },
  {
    slug: 't-shirt-homme-coton-bio',
    category: 'homme',
    kind: 'tshirt',
    brand: 'Comptoir',
    title: t('T-shirt homme en coton bio', 'Heren-T-shirt van biokatoen', 'Men’s organic cotton T-shirt'),
    description: t(
      'Un t-shirt épais de 180 g/m² en coton biologique, coupe droite et col rond renforcé. Fabriqué au Portugal.',
      'Een stevig T-shirt van 180 g/m² biokatoen, rechte snit en verstevigde ronde hals. Gemaakt in Portugal.',
      'A heavyweight 180 g/m² organic cotton T-shirt, straight cut with a reinforced crew neck. Made in Portugal.',
    ),
    colours: ['white', 'black', 'navy', 'grey'],
    sizes: MEN,
    offers: [{ seller: GM, priceCents: 1900 }],
  },
  {
    slug: 'manteau-laine-cachemire',
    category: 'homme',
    kind: 'coat',
    brand: 'Atelier Brume',
    title: t('Manteau en laine et cachemire', 'Jas van wol en kasjmier', 'Wool and cashmere overcoat'),
    description: t(
      'Manteau droit mi-long en drap de laine mélangé à 10 % de cachemire, entièrement doublé. Un classique qui se porte aussi bien sur un costume que sur un pull.',
      'Rechte halflange jas in wollen laken met 10 % kasjmier, volledig gevoerd. Een klassieker die zowel over een pak als over een trui past.',
      'A single-breasted mid-length coat in wool cloth blended with 10 % cashmere, fully lined. A classic that works over a suit or a jumper.',
    ),
    colours: ['camel', 'charcoal'],
    sizes: MEN,
    offers: [{ seller: GM, priceCents: 29900 }],
  },
  {
    slug: 'polo-pique-coton',
    category: 'homme',
    kind: 'polo',
    brand: 'Comptoir',
    title: t('Polo en piqué de coton', 'Polo van katoenpiqué', 'Cotton piqué polo shirt'),
    description: t(
      'Polo à manches courtes en piqué de coton, col et bords côtes, patte à trois boutons. Fentes sur les côtés pour le porter sorti.',
      'Polo met korte mouwen in katoenpiqué, geribde kraag en boorden, knoopsluiting met drie knopen. Zijsplitjes om hem los te dragen.',
      'A short-sleeved polo in cotton piqué with a ribbed collar and cuffs and a three-button placket. Side vents so it can be worn untucked.',
    ),
    colours: ['navy', 'white', 'forest'],
    sizes: MEN,
    offers: [{ seller: GM, priceCents: 4900 }],
  },
  {
    slug: 'veste-jean-brut',
    category: 'homme',
    kind: 'jacket',
    brand: 'Comptoir',
    title: t('Veste en jean brut', 'Jeansjack van ruwe denim', 'Raw denim jacket'),
    description: t(
      'La veste en jean intemporelle, en denim brut de 13 oz, avec poches poitrine à rabat et boutons en métal. Elle se patine à votre image.',
      'Het tijdloze jeansjack in ruwe denim van 13 oz, met borstzakken met klep en metalen knopen. Het krijgt na verloop van tijd jouw patina.',
      'The timeless denim jacket in 13 oz raw denim, with flap chest pockets and metal buttons. It fades the way you wear it.',
    ),
    colours: ['denim'],
    sizes: MEN,
    offers: [{ seller: GM, priceCents: 8900 }],
  },
  {
    slug: 'sweat-capuche-coton-bio',
    category: 'homme',
    kind: 'hoodie',
    brand: 'Ardennes Outdoor',
    title: t('Sweat à capuche en coton bio', 'Hoodie van biokatoen', 'Organic cotton hoodie'),
    description: t(
      'Sweat à capuche en molleton gratté de coton bio, poche kangourou et cordons plats. Le compagnon des soirées au bivouac.',
      'Hoodie in geruwde fleece van biokatoen, met kangoeroezak en platte koorden. De metgezel voor avonden in het bivak.',
      'A hoodie in brushed organic cotton fleece with a kangaroo pocket and flat drawcords. Your companion for evenings at camp.',
    ),
    colours: ['grey', 'forest', 'navy'],
    sizes: MEN,
    offers: [{ seller: AO, priceCents: 6900 }],
  },
  {
    slug: 'chemise-flanelle',
    category: 'homme',
    kind: 'shirt',
    brand: 'Comptoir',
    title: t('Chemise en flanelle', 'Flanellen hemd', 'Flannel shirt'),
    description: t(
      'Chemise en flanelle de coton brossée sur les deux faces, douce et chaude pour l’hiver. Deux poches poitrine à rabat.',
      'Hemd in katoenflanel, aan beide zijden geruwd, zacht en warm voor de winter. Twee borstzakken met klep.',
      'A cotton flannel shirt brushed on both sides, soft and warm for winter. Two flap chest pockets.',
    ),
    colours: ['red', 'forest'],
    sizes: MEN,
    offers: [{ seller: GM, priceCents: 4900 }],
  },
];

const ENFANTS: readonly ProductSeed[] = [
  {
    slug: 'cire-pluie-enfant',
    category: 'enfants',
    kind: 'raincoat',
    brand: 'Petit Sablon',
    title: t('Ciré de pluie enfant', 'Regenjas voor kinderen', 'Children’s raincoat'),
    description: t(
      'Le ciré imperméable à capuche, coutures étanchées et doublure en jersey de coton. Des bandes réfléchissantes pour le chemin de l’école.',
      'De waterdichte regenjas met kap, afgeplakte naden en een voering van katoenjersey. Reflecterende strepen voor de weg naar school.',
      'The waterproof hooded raincoat with taped seams and a cotton jersey lining. Reflective strips for the walk to school.',
    ),
    colours: ['yellow', 'navy', 'red'],
    sizes: KIDS,
    offers: [{ seller: PS, priceCents: 4900 }, { seller: GM, priceCents: 5400 }],
  },
  {
    slug: 'salopette-velours',
    category: 'enfants',
    kind: 'dungarees',
    brand: 'Petit Sablon',
    title: t('Salopette en velours côtelé', 'Tuinbroek van ribfluweel', 'Corduroy dungarees'),
    description: t(
      'Salopette en velours côtelé de coton bio, bretelles réglables et genoux renforcés. Pour grimper partout sans s’inquiéter.',
      'Tuinbroek in ribfluweel van biokatoen, met verstelbare bretellen en verstevigde knieën. Om overal in te klimmen zonder zorgen.',
      'Organic cotton corduroy dungarees with adjustable straps and reinforced knees. For climbing everywhere without a worry.',
    ),
    colours: ['mustard', 'olive', 'navy'],
    sizes: KIDS,
    offers: [{ seller: PS, priceCents: 4500 }],
  },
  {
    slug: 'mariniere-enfant',
    category: 'enfants',
    kind: 'tshirt',
    brand: 'Petit Sablon',
    title: t('Marinière enfant', 'Gestreepte marinière voor kinderen', 'Children’s Breton top'),
    description: t(
      'Marinière à manches longues en jersey de coton bio, boutonnée à l’épaule pour l’enfiler facilement. Les rayures tissées ne déteignent pas.',
      'Marinière met lange mouwen in jersey van biokatoen, met knoopjes op de schouder om hem makkelijk aan te trekken. De geweven strepen geven niet af.',
      'A long-sleeved Breton top in organic cotton jersey, with shoulder buttons so it slips on easily. The yarn-dyed stripes will not run.',
    ),
    colours: ['stripe-navy', 'stripe-red'],
    sizes: KIDS,
    offers: [{ seller: PS, priceCents: 2200 }, { seller: GM, priceCents: 2400 }],
  },
  {
    slug: 'cardigan-bebe-coton',
    category: 'enfants',
    kind: 'jumper',
    brand: 'Petit Sablon',
    title: t('Cardigan bébé en coton tricoté', 'Gebreid babyvestje van katoen', 'Knitted cotton baby cardigan'),
    description: t(
      'Petit cardigan tricoté en coton bio, doux pour la peau des tout-petits. Boutons en bois solidement cousus.',
      'Klein gebreid vestje in biokatoen, zacht voor de huid van de allerkleinsten. Stevig vastgenaaide houten knoopjes.',
      'A little knitted cardigan in organic cotton, gentle on the youngest skin. Wooden buttons, firmly sewn on.',
    ),
    colours: ['ecru', 'pink', 'sage'],
    sizes: BABY,
    offers: [{ seller: PS, priceCents: 3500 }],
  },
  {
    slug: 'bodies-bebe-lot-de-3',
    category: 'enfants',
    kind: 'bodysuit',
    brand: 'Petit Sablon',
    title: t('Bodies bébé en coton bio (lot de 3)', 'Babyrompertjes van biokatoen (set van 3)', 'Organic cotton baby bodysuits (set of 3)'),
    description: t(
      'Trois bodies à manches courtes et encolure américaine, pressions à l’entrejambe. Coton bio certifié, sans traitement chimique.',
      'Drie rompertjes met korte mouwen en envelophals, drukknopen in het kruis. Gecertificeerd biokatoen, zonder chemische behandeling.',
      'Three short-sleeved bodysuits with envelope necklines and poppers at the crotch. Certified organic cotton, free of chemical finishes.',
    ),
    colours: ['white', 'sky'],
    sizes: BABY,
    offers: [{ seller: PS, priceCents: 2900 }],
  },
  {
    slug: 'robe-smocks-enfant',
    category: 'enfants',
    kind: 'dress',
    brand: 'Petit Sablon',
    title: t('Robe à smocks', 'Smokjurkje', 'Smocked dress'),
    description: t(
      'Robe en popeline de coton avec smocks brodés main sur le buste et manches ballon. Pour les fêtes comme pour l’école.',
      'Jurkje in katoenpopeline met handgeborduurd smokwerk op het lijfje en pofmouwtjes. Voor feestjes en voor school.',
      'A cotton poplin dress with hand-embroidered smocking on the bodice and puff sleeves. For parties and for school.',
    ),
    colours: ['pink', 'sky'],
    sizes: KIDS,
    offers: [{ seller: PS, priceCents: 3900, compareAtCents: 4900 }],
  },
  {
    slug: 'sweat-col-rond-enfant',
    category: 'enfants',
    kind: 'jumper',
    brand: 'Petit Sablon',
    title: t('Sweat col rond enfant', 'Kindersweater met ronde hals', 'Children’s crew-neck sweatshirt'),
    description: t(
      'Sweat en molleton de coton bio, bords côtes aux poignets et à la taille. Il résiste aux lavages comme aux récréations.',
      'Sweater in fleece van biokatoen, met ribboorden aan de mouwen en de taille. Bestand tegen wasbeurten en speeltijd.',
      'A sweatshirt in organic cotton fleece with ribbed cuffs and waistband. It survives the wash and the playground.',
    ),
    colours: ['grey', 'mustard', 'forest'],
    sizes: KIDS,
    offers: [{ seller: PS, priceCents: 2900 }],
  },
  {
    slug: 'pyjama-coton-enfant',
    category: 'enfants',
    kind: 'shirt',
    brand: 'Petit Sablon',
    title: t('Pyjama en coton enfant', 'Katoenen kinderpyjama', 'Children’s cotton pyjamas'),
    description: t(
      'Pyjama deux pièces en jersey de coton bio, coupe ajustée. Petites étoiles qui brillent dans le noir.',
      'Tweedelige pyjama in jersey van biokatoen, nauwsluitende snit. Kleine sterretjes die oplichten in het donker.',
      'Two-piece pyjamas in organic cotton jersey, snug fit. Little stars that glow in the dark.',
    ),
    colours: ['navy', 'lilac'],
    sizes: KIDS,
    offers: [{ seller: PS, priceCents: 3200 }],
  },
  {
    slug: 'bonnet-pompon-enfant',
    category: 'enfants',
    kind: 'beanie',
    brand: 'Petit Sablon',
    title: t('Bonnet à pompon', 'Muts met pompon', 'Bobble hat'),
    description: t(
      'Bonnet côtelé en laine mérinos avec gros pompon et revers. Taille unique, de 2 à 8 ans.',
      'Geribde muts in merinowol met grote pompon en omslag. Eén maat, van 2 tot 8 jaar.',
      'A ribbed merino wool hat with a big bobble and a turn-up. One size, from 2 to 8 years.',
    ),
    colours: ['mustard', 'navy', 'pink'],
    sizes: ONE,
    offers: [{ seller: PS, priceCents: 1900 }],
  },
  {
    slug: 'doudou-lapin-lin',
    category: 'enfants',
    kind: 'plush',
    brand: 'Petit Sablon',
    title: t('Doudou lapin en lin', 'Knuffelkonijn van linnen', 'Linen bunny comforter'),
    description: t(
      'Un lapin tout doux aux longues oreilles, en lin lavé rembourré de coton. Conforme à la norme EN 71, dès la naissance.',
      'Een zacht konijntje met lange oren, in gewassen linnen gevuld met katoen. Conform EN 71, vanaf de geboorte.',
      'A soft long-eared bunny in washed linen with cotton stuffing. EN 71 compliant, suitable from birth.',
    ),
    colours: ['natural', 'pink'],
    sizes: ONE,
    offers: [{ seller: PS, priceCents: 2900 }],
  },
];

const CHAUSSURES: readonly ProductSeed[] = [
  {
    slug: 'derby-cuir-veau',
    category: 'chaussures',
    kind: 'shoe',
    brand: 'Van Damme',
    title: t('Derby en cuir de veau', 'Derby van kalfsleer', 'Calf leather Derby shoes'),
    description: t(
      'Derby à bout rond en cuir de veau pleine fleur, cousu Goodyear sur semelle en cuir. Ressemelable à l’atelier pour des années de marche.',
      'Derby met ronde neus in volnerf kalfsleer, goodyeargestikt op een lederen zool. In ons atelier te herzolen voor jaren wandelplezier.',
      'Round-toe Derby shoes in full-grain calf leather, Goodyear-welted on a leather sole. They can be resoled at our workshop for years of walking.',
    ),
    colours: ['black', 'cognac'],
    sizes: MEN_SHOES,
    offers: [{ seller: VD, priceCents: 24900 }, { seller: GM, priceCents: 25900, leadTimeDays: 2 }],
  },
  {
    slug: 'boots-chelsea-cuir',
    category: 'chaussures',
    kind: 'boot',
    brand: 'Van Damme',
    title: t('Boots Chelsea en cuir', 'Leren chelsea boots', 'Leather Chelsea boots'),
    description: t(
      'Boots Chelsea en cuir tanné végétal, élastiques latéraux et tirant au talon. Semelle en gomme crantée pour les pavés gantois sous la pluie.',
      'Chelsea boots in plantaardig gelooid leer, met elastieken aan de zijkant en een lus aan de hiel. Rubberen profielzool voor de Gentse kasseien in de regen.',
      'Chelsea boots in vegetable-tanned leather with elastic side panels and a heel pull tab. A lugged rubber sole for Ghent’s cobbles in the rain.',
    ),
    colours: ['cognac', 'black'],
    sizes: MEN_SHOES,
    offers: [{ seller: VD, priceCents: 27900 }, { seller: GM, priceCents: 28900, leadTimeDays: 2 }],
  },
  {
    slug: 'mocassins-cuir-souple',
    category: 'chaussures',
    kind: 'shoe',
    brand: 'Van Damme',
    title: t('Mocassins en cuir souple', 'Soepele leren mocassins', 'Soft leather loafers'),
    description: t(
      'Mocassins à plateau cousu main, en cuir de veau souple entièrement doublé de cuir. Ils se font au pied dès les premiers jours.',
      'Mocassins met handgenaaide inzet, in soepel kalfsleer met volledig lederen voering. Ze passen zich vanaf de eerste dagen aan je voet aan.',
      'Hand-sewn apron-toe loafers in supple calf leather, fully leather-lined. They shape to your foot within days.',
    ),
    colours: ['bordeaux', 'black', 'cognac'],
    sizes: MEN_SHOES,
    offers: [{ seller: VD, priceCents: 21900, leadTimeDays: 5 }],
  },
  {
    slug: 'bottines-talon-bloc',
    category: 'chaussures',
    kind: 'boot',
    brand: 'Van Damme',
    title: t('Bottines à talon bloc', 'Enkellaarsjes met blokhak', 'Block-heel ankle boots'),
    description: t(
      'Bottines zippées en nubuck, talon bloc de 5 cm confortable toute la journée. Semelle intérieure amortissante en liège.',
      'Enkellaarsjes met rits in nubuck, met een blokhak van 5 cm die de hele dag comfortabel blijft. Schokdempende binnenzool van kurk.',
      'Zip-up nubuck ankle boots with a 5 cm block heel that stays comfortable all day. Cushioned cork insole.',
    ),
    colours: ['black', 'camel'],
    sizes: WOMEN_SHOES,
    offers: [{ seller: VD, priceCents: 22900, compareAtCents: 25900 }],
  },
  {
    slug: 'sandales-cuir-tresse',
    category: 'chaussures',
    kind: 'sandal',
    brand: 'Van Damme',
    title: t('Sandales en cuir tressé', 'Sandalen van gevlochten leer', 'Woven leather sandals'),
    description: t(
      'Sandales plates à brides tressées à la main, semelle en cuir et patin antidérapant. Boucle réglable à la cheville.',
      'Platte sandalen met handgevlochten riempjes, lederen zool en antislipzool. Verstelbare gesp aan de enkel.',
      'Flat sandals with hand-woven straps, a leather sole and a non-slip pad. An adjustable ankle buckle.',
    ),
    colours: ['cognac', 'natural'],
    sizes: WOMEN_SHOES,
    offers: [{ seller: VD, priceCents: 12900 }],
  },
  {
    slug: 'baskets-cuir',
    category: 'chaussures',
    kind: 'sneaker',
    brand: 'Van Damme',
    title: t('Baskets en cuir', 'Leren sneakers', 'Leather trainers'),
    description: t(
      'Baskets minimalistes en cuir pleine fleur, semelle cousue en caoutchouc naturel. Doublure en cuir et semelle intérieure amovible.',
      'Minimalistische sneakers in volnerf leer, met gestikte zool van natuurrubber. Lederen voering en uitneembare binnenzool.',
      'Minimal trainers in full-grain leather on a stitched natural-rubber sole. Leather lining and a removable insole.',
    ),
    colours: ['white', 'navy'],
    sizes: UNISEX_SHOES,
    offers: [{ seller: VD, priceCents: 15900 }, { seller: GM, priceCents: 14900, compareAtCents: 15900 }],
  },
  {
    slug: 'ballerines-cuir-verni',
    category: 'chaussures',
    kind: 'flat',
    brand: 'Atelier Brume',
    title: t('Ballerines en cuir verni', 'Ballerina’s van lakleer', 'Patent leather ballet flats'),
    description: t(
      'Ballerines à petit nœud en cuir verni, semelle souple et talon de 1 cm. Elles se glissent dans un sac pour la journée.',
      'Ballerina’s met een strikje in lakleer, met soepele zool en een hakje van 1 cm. Ze passen in je tas voor onderweg.',
      'Patent leather ballet flats with a little bow, a flexible sole and a 1 cm heel. They slip into a bag for the day.',
    ),
    colours: ['black', 'red', 'pink'],
    sizes: WOMEN_SHOES,
    offers: [{ seller: GM, priceCents: 8900 }],
  },
  {
    slug: 'baskets-toile',
    category: 'chaussures',
    kind: 'sneaker',
    brand: 'Comptoir',
    title: t('Baskets en toile', 'Canvas sneakers', 'Canvas trainers'),
    description: t(
      'Baskets basses en toile de coton épaisse et semelle vulcanisée. Le modèle simple qui va avec tout, de mai à septembre.',
      'Lage sneakers in stevig katoencanvas met gevulkaniseerde zool. Het eenvoudige model dat bij alles past, van mei tot september.',
      'Low-top trainers in heavy cotton canvas on a vulcanised sole. The simple pair that goes with everything, from May to September.',
    ),
    colours: ['white', 'navy', 'olive'],
    sizes: UNISEX_SHOES,
    offers: [{ seller: GM, priceCents: 4900 }],
  },
  {
    slug: 'bottes-pluie-enfant',
    category: 'chaussures',
    kind: 'boot',
    brand: 'Petit Sablon',
    title: t('Bottes de pluie enfant', 'Regenlaarzen voor kinderen', 'Children’s wellies'),
    description: t(
      'Bottes en caoutchouc naturel avec anses pour les enfiler seul. Semelle crantée antidérapante et doublure en coton.',
      'Laarzen van natuurrubber met lussen om ze zelf aan te trekken. Antislip profielzool en katoenen voering.',
      'Natural rubber wellies with pull-on handles so children can put them on alone. Non-slip lugged sole and cotton lining.',
    ),
    colours: ['yellow', 'navy'],
    sizes: KIDS_SHOES,
    offers: [{ seller: PS, priceCents: 2900 }],
  },
  {
    slug: 'chaussures-randonnee',
    category: 'chaussures',
    kind: 'boot',
    brand: 'Ardennes Outdoor',
    title: t('Chaussures de randonnée imperméables', 'Waterdichte wandelschoenen', 'Waterproof hiking boots'),
    description: t(
      'Chaussures mi-montantes en nubuck avec membrane imperméable et respirante, semelle en caoutchouc crantée. Testées sur les sentiers boueux de l’Ourthe.',
      'Halfhoge schoenen in nubuck met een waterdicht, ademend membraan en een rubberen profielzool. Getest op de modderige paden langs de Ourthe.',
      'Mid-cut nubuck boots with a waterproof, breathable membrane and a lugged rubber sole. Tested on the muddy trails of the Ourthe valley.',
    ),
    colours: ['brown', 'grey'],
    sizes: UNISEX_SHOES,
    offers: [{ seller: AO, priceCents: 14900 }, { seller: GM, priceCents: 15900 }],
  },
];

const MAISON: readonly ProductSeed[] = [
  {
    slug: 'housse-couette-lin',
    category: 'maison',
    kind: 'bedding',
    brand: 'Maison Lemaire',
    title: t('Housse de couette en lin lavé', 'Dekbedovertrek van gewassen linnen', 'Washed linen duvet cover'),
    description: t(
      'Housse de couette en pur lin lavé, fermeture par boutons cachés. Fraîche en été, chaude en hiver, elle devient plus douce à chaque lavage.',
      'Dekbedovertrek in zuiver gewassen linnen, met verborgen knoopsluiting. Koel in de zomer, warm in de winter en zachter na elke wasbeurt.',
      'A duvet cover in pure washed linen with a hidden button closure. Cool in summer, warm in winter, and softer with every wash.',
    ),
    colours: ['natural', 'white', 'sage', 'terracotta'],
    sizes: ['140x200', '200x200', '240x220'],
    sizeStepCents: 4000,
    offers: [{ seller: LM, priceCents: 15900 }, { seller: GM, priceCents: 16900 }],
  },
  {
    slug: 'drap-housse-lin',
    category: 'maison',
    kind: 'bedding',
    brand: 'Maison Lemaire',
    title: t('Drap-housse en lin', 'Linnen hoeslaken', 'Linen fitted sheet'),
    description: t(
      'Drap-housse en lin lavé avec bonnets de 30 cm pour les matelas épais. Élastique sur tout le tour.',
      'Hoeslaken in gewassen linnen met hoeken van 30 cm voor dikke matrassen. Rondom elastiek.',
      'A washed linen fitted sheet with 30 cm deep corners for thick mattresses. Elasticated all round.',
    ),
    colours: ['natural', 'white', 'sage'],
    sizes: ['90x200', '140x200', '160x200'],
    sizeStepCents: 1500,
    offers: [{ seller: LM, priceCents: 7900 }],
  },
  {
    slug: 'taies-oreiller-lin',
    category: 'maison',
    kind: 'cushion',
    brand: 'Maison Lemaire',
    title: t('Taies d’oreiller en lin (lot de 2)', 'Linnen kussenslopen (set van 2)', 'Linen pillowcases (set of 2)'),
    description: t(
      'Deux taies d’oreiller en lin lavé, fermeture portefeuille. Assorties à nos housses de couette.',
      'Twee kussenslopen in gewassen linnen, met envelopsluiting. Passend bij onze dekbedovertrekken.',
      'Two washed linen pillowcases with an envelope closure. Made to match our duvet covers.',
    ),
    colours: ['natural', 'white', 'sage'],
    sizes: ['50x75', '65x65'],
    offers: [{ seller: LM, priceCents: 4900 }],
  },
  {
    slug: 'nappe-lin',
    category: 'maison',
    kind: 'tablecloth',
    brand: 'Maison Lemaire',
    title: t('Nappe en lin', 'Linnen tafelkleed', 'Linen tablecloth'),
    description: t(
      'Nappe en lin épais à ourlet piqué main, tissée en Wallonie. Elle résiste aux dîners de famille et sort du lave-linge sans repassage.',
      'Tafelkleed in dik linnen met handgestikte zoom, geweven in Wallonië. Bestand tegen familiediners en hoeft na het wassen niet gestreken.',
      'A heavy linen tablecloth with a hand-stitched hem, woven in Wallonia. It stands up to family dinners and comes out of the wash without ironing.',
    ),
    colours: ['natural', 'white', 'sky'],
    sizes: ['150x150', '150x250', '150x300'],
    sizeStepCents: 2000,
    offers: [{ seller: LM, priceCents: 6900 }],
  },
  {
    slug: 'torchons-lin-lot-de-3',
    category: 'maison',
    kind: 'towel',
    brand: 'Maison Lemaire',
    title: t('Torchons en lin (lot de 3)', 'Linnen keukenhanddoeken (set van 3)', 'Linen tea towels (set of 3)'),
    description: t(
      'Trois torchons en lin métis, très absorbants et sans peluches sur les verres. Une bride pour les suspendre.',
      'Drie keukenhanddoeken in halflinnen, zeer absorberend en pluisvrij op glazen. Met een lusje om op te hangen.',
      'Three half-linen tea towels, highly absorbent and lint-free on glassware. A loop to hang them up.',
    ),
    colours: ['natural', 'stripe-red', 'stripe-navy'],
    sizes: ONE,
    offers: [{ seller: LM, priceCents: 2900 }, { seller: GM, priceCents: 3200 }],
  },
  {
    slug: 'serviettes-table-lin',
    category: 'maison',
    kind: 'tablecloth',
    brand: 'Maison Lemaire',
    title: t('Serviettes de table en lin (lot de 4)', 'Linnen servetten (set van 4)', 'Linen napkins (set of 4)'),
    description: t(
      'Quatre serviettes de 45 x 45 cm en lin lavé, coins en onglet. Elles donnent du caractère à la table de tous les jours.',
      'Vier servetten van 45 x 45 cm in gewassen linnen, met verstekhoeken. Ze geven karakter aan de dagelijkse tafel.',
      'Four 45 x 45 cm napkins in washed linen with mitred corners. They bring character to the everyday table.',
    ),
    colours: ['natural', 'white', 'terracotta', 'sage'],
    sizes: ONE,
    offers: [{ seller: LM, priceCents: 3900 }],
  },
  {
    slug: 'plaid-laine-lin',
    category: 'maison',
    kind: 'throw',
    brand: 'Maison Lemaire',
    title: t('Plaid en laine et lin', 'Plaid van wol en linnen', 'Wool and linen throw'),
    description: t(
      'Plaid de 130 x 180 cm tissé en laine d’agneau et lin, bords frangés. Léger mais chaud, pour le canapé ou le pied du lit.',
      'Plaid van 130 x 180 cm, geweven van lamswol en linnen, met franjes. Licht maar warm, voor de zetel of het voeteneinde.',
      'A 130 x 180 cm throw woven from lambswool and linen with fringed edges. Light but warm, for the sofa or the foot of the bed.',
    ),
    colours: ['mustard', 'grey', 'forest'],
    sizes: ONE,
    offers: [{ seller: LM, priceCents: 11900 }],
  },
  {
    slug: 'mug-gres-emaille',
    category: 'maison',
    kind: 'mug',
    brand: 'Studio Schelde',
    title: t('Mug en grès émaillé', 'Mok van geglazuurd steengoed', 'Glazed stoneware mug'),
    description: t(
      'Mug de 35 cl tourné à la main, à l’émail réactif : chaque pièce est unique. Passe au lave-vaisselle et au micro-ondes.',
      'Handgedraaide mok van 35 cl met reactief glazuur: elk stuk is uniek. Vaatwasser- en microgolfbestendig.',
      'A 35 cl hand-thrown mug with a reactive glaze, so every piece is unique. Dishwasher and microwave safe.',
    ),
    colours: ['white', 'sage', 'terracotta', 'charcoal'],
    sizes: ONE,
    offers: [{ seller: SS, priceCents: 1800 }, { seller: GM, priceCents: 1950 }],
  },
  {
    slug: 'lampe-ceramique',
    category: 'maison',
    kind: 'lamp',
    brand: 'Studio Schelde',
    title: t('Lampe à poser en céramique', 'Keramische tafellamp', 'Ceramic table lamp'),
    description: t(
      'Pied en céramique émaillée et abat-jour en lin plissé, câble textile de 2 m avec interrupteur. Hauteur 45 cm, ampoule E27 non fournie.',
      'Voet van geglazuurde keramiek en kap van geplooid linnen, textielkabel van 2 m met schakelaar. Hoogte 45 cm, E27-lamp niet inbegrepen.',
      'A glazed ceramic base with a pleated linen shade and a 2 m fabric cable with switch. 45 cm tall; E27 bulb not included.',
    ),
    colours: ['white', 'sage', 'terracotta'],
    sizes: ONE,
    offers: [{ seller: SS, priceCents: 14900 }, { seller: GM, priceCents: 15900 }],
  },
  {
    slug: 'coussin-velours-cotele',
    category: 'maison',
    kind: 'cushion',
    brand: 'Studio Schelde',
    title: t('Coussin en velours côtelé', 'Kussen van ribfluweel', 'Corduroy cushion'),
    description: t(
      'Housse en velours côtelé de coton avec garnissage en plumes recyclées. Fermeture à glissière invisible, housse lavable.',
      'Hoes in katoenen ribfluweel met vulling van gerecycleerde veren. Onzichtbare rits, de hoes is wasbaar.',
      'A cotton corduroy cover with a recycled feather insert. Concealed zip; the cover is washable.',
    ),
    colours: ['mustard', 'forest', 'pink', 'teal'],
    sizes: ['40x40', '50x50'],
    sizeStepCents: 800,
    offers: [{ seller: SS, priceCents: 3900 }],
  },
  {
    slug: 'vase-verre-souffle',
    category: 'maison',
    kind: 'vase',
    brand: 'Studio Schelde',
    title: t('Vase en verre soufflé', 'Vaas van mondgeblazen glas', 'Hand-blown glass vase'),
    description: t(
      'Vase de 25 cm soufflé à la bouche dans un atelier de Charleroi, avec de petites bulles qui trahissent le travail à la main. Chaque pièce est unique.',
      'Vaas van 25 cm, mondgeblazen in een atelier in Charleroi, met kleine belletjes die het handwerk verraden. Elk stuk is uniek.',
      'A 25 cm vase, mouth-blown in a Charleroi workshop, with tiny bubbles that show the handwork. Every piece is unique.',
    ),
    colours: ['amber', 'teal', 'sage'],
    sizes: ONE,
    offers: [{ seller: SS, priceCents: 5900 }],
  },
  {
    slug: 'bougie-parfumee-escaut',
    category: 'maison',
    kind: 'candle',
    brand: 'Studio Schelde',
    title: t('Bougie parfumée « Escaut »', 'Geurkaars ‘Schelde’', '“Scheldt” scented candle'),
    description: t(
      'Bougie en cire de colza coulée à Anvers, aux notes de bois flotté, de figue et de brume matinale. Environ 45 heures de combustion.',
      'Kaars van koolzaadwas, gegoten in Antwerpen, met tonen van drijfhout, vijg en ochtendnevel. Ongeveer 45 branduren.',
      'A rapeseed wax candle poured in Antwerp, with notes of driftwood, fig and morning mist. About 45 hours of burning time.',
    ),
    colours: ['white', 'amber'],
    sizes: ONE,
    offers: [{ seller: SS, priceCents: 3400 }],
    soldOut: true,
  },
  {
    slug: 'assiettes-gres-lot-de-4',
    category: 'maison',
    kind: 'plate',
    brand: 'Studio Schelde',
    title: t('Assiettes plates en grès (lot de 4)', 'Platte borden van steengoed (set van 4)', 'Stoneware dinner plates (set of 4)'),
    description: t(
      'Quatre assiettes de 27 cm en grès émaillé mat, bord légèrement relevé. Elles passent au lave-vaisselle et au four.',
      'Vier borden van 27 cm in mat geglazuurd steengoed, met licht opstaande rand. Vaatwasser- en ovenbestendig.',
      'Four 27 cm plates in matt-glazed stoneware with a gently raised rim. Dishwasher and oven safe.',
    ),
    colours: ['white', 'sand', 'charcoal'],
    sizes: ONE,
    offers: [{ seller: SS, priceCents: 6900, compareAtCents: 7900 }],
  },
  {
    slug: 'carafe-verre-recycle',
    category: 'maison',
    kind: 'carafe',
    brand: 'Studio Schelde',
    title: t('Carafe en verre recyclé', 'Karaf van gerecycleerd glas', 'Recycled glass carafe'),
    description: t(
      'Carafe d’un litre dont le verre sert de bouchon, pour la table de nuit ou le bureau. Verre 100 % recyclé.',
      'Karaf van een liter met een glas dat als dop dient, voor op het nachtkastje of het bureau. 100 % gerecycleerd glas.',
      'A one-litre carafe whose tumbler doubles as a lid, for the bedside table or the desk. 100 % recycled glass.',
    ),
    colours: ['clear', 'amber'],
    sizes: ONE,
    offers: [{ seller: SS, priceCents: 3900 }],
  },
  {
    slug: 'serviette-bain-eponge',
    category: 'maison',
    kind: 'towel',
    brand: 'Comptoir',
    title: t('Serviette de bain en coton éponge', 'Badhanddoek van katoenen badstof', 'Cotton terry bath towel'),
    description: t(
      'Serviette en éponge de coton peigné de 550 g/m², moelleuse et très absorbante. Tissée au Portugal.',
      'Handdoek in gekamde katoenen badstof van 550 g/m², donzig en zeer absorberend. Geweven in Portugal.',
      'A 550 g/m² combed cotton terry towel, plush and highly absorbent. Woven in Portugal.',
    ),
    colours: ['white', 'sand', 'sage', 'navy'],
    sizes: ['50x100', '70x140', '100x150'],
    sizeStepCents: 1000,
    offers: [{ seller: GM, priceCents: 1900 }],
  },
  {
    slug: 'livre-cuisine-belge-de-saison',
    category: 'maison',
    kind: 'book',
    brand: 'Éditions du Comptoir',
    title: t('Livre « Cuisine belge de saison »', 'Boek ‘Cuisine belge de saison’', 'Book: “Cuisine belge de saison”'),
    description: t(
      '120 recettes de saison, des carbonnades aux chicons au gratin, par les chefs de notre brasserie. Livre relié en français, 256 pages illustrées.',
      '120 seizoensrecepten, van stoverij tot witloof in de oven, door de chefs van onze brasserie. Gebonden boek in het Frans, 256 geïllustreerde pagina’s.',
      '120 seasonal recipes, from carbonnade to baked chicory, by the chefs of our brasserie. Hardback in French, 256 illustrated pages.',
    ),
    colours: ['red'],
    sizes: ONE,
    vatRateBps: 600,
    offers: [{ seller: GM, priceCents: 2990 }],
  },
];

const BEAUTE: readonly ProductSeed[] = [
  {
    slug: 'creme-mains-karite',
    category: 'beaute',
    kind: 'jar',
    brand: 'Mosane',
    title: t('Crème mains au beurre de karité', 'Handcrème met sheaboter', 'Shea butter hand cream'),
    description: t(
      'Crème riche à 20 % de beurre de karité, qui pénètre vite sans laisser de film gras. Formulée et fabriquée en Belgique, sans parfum de synthèse.',
      'Rijke crème met 20 % sheaboter die snel intrekt zonder vettig laagje. Ontwikkeld en gemaakt in België, zonder synthetische parfum.',
      'A rich cream with 20 % shea butter that sinks in fast without a greasy film. Formulated and made in Belgium, with no synthetic fragrance.',
    ),
    colours: ['white'],
    sizes: ['30ml', '75ml'],
    sizeStepCents: 700,
    offers: [{ seller: GM, priceCents: 900 }],
  },
  {
    slug: 'eau-de-toilette-foret-de-soignes',
    category: 'beaute',
    kind: 'bottle',
    brand: 'Mosane',
    title: t('Eau de toilette « Forêt de Soignes »', 'Eau de toilette ‘Zoniënwoud’', '“Sonian Forest” eau de toilette'),
    description: t(
      'Un sillage boisé et frais de mousse de chêne, de bourgeon de cassis et de cèdre, inspiré des promenades sous les hêtres. Flacon en verre rechargeable.',
      'Een houtige, frisse geur van eikenmos, zwarte bessenknop en ceder, geïnspireerd op wandelingen onder de beuken. Navulbare glazen flacon.',
      'A fresh, woody trail of oakmoss, blackcurrant bud and cedar, inspired by walks beneath the beech trees. Refillable glass bottle.',
    ),
    colours: ['amber'],
    sizes: ['50ml', '100ml'],
    sizeStepCents: 2500,
    offers: [{ seller: GM, priceCents: 4900 }],
  },
  {
    slug: 'savon-lait-de-chevre',
    category: 'beaute',
    kind: 'soap',
    brand: 'Mosane',
    title: t('Savon surgras au lait de chèvre', 'Overvette zeep met geitenmelk', 'Goat’s milk soap'),
    description: t(
      'Savon saponifié à froid avec le lait de chèvre d’une ferme du Condroz, doux pour les peaux sensibles. Pain de 100 g sans emballage plastique.',
      'Koudgeroerde zeep met geitenmelk van een boerderij in de Condroz, zacht voor de gevoelige huid. Blok van 100 g zonder plastic verpakking.',
      'A cold-process soap made with goat’s milk from a Condroz farm, gentle on sensitive skin. A 100 g bar with no plastic packaging.',
    ),
    colours: ['white', 'lilac', 'sage'],
    sizes: ONE,
    offers: [{ seller: GM, priceCents: 650 }],
  },
  {
    slug: 'shampooing-solide-ortie',
    category: 'beaute',
    kind: 'soap',
    brand: 'Mosane',
    title: t('Shampooing solide à l’ortie', 'Shampoobar met brandnetel', 'Nettle shampoo bar'),
    description: t(
      'Un pain de shampooing qui remplace deux flacons, à l’ortie et au romarin, pour cheveux normaux à gras. À garder au sec entre deux douches.',
      'Een shampoobar die twee flessen vervangt, met brandnetel en rozemarijn voor normaal tot vet haar. Droog bewaren tussen twee douchebeurten.',
      'A shampoo bar that lasts as long as two bottles, with nettle and rosemary for normal to oily hair. Keep it dry between showers.',
    ),
    colours: ['sage'],
    sizes: ONE,
    offers: [{ seller: GM, priceCents: 1190 }],
  },
  {
    slug: 'baume-levres-cire-abeille',
    category: 'beaute',
    kind: 'tube',
    brand: 'Mosane',
    title: t('Baume à lèvres à la cire d’abeille', 'Lippenbalsem met bijenwas', 'Beeswax lip balm'),
    description: t(
      'Stick de baume à la cire d’abeille de ruchers brabançons et à l’huile de tournesol. Incolore ou légèrement teinté.',
      'Lippenbalsemstick met bijenwas van Brabantse bijenstanden en zonnebloemolie. Kleurloos of licht getint.',
      'A lip balm stick with beeswax from Brabant apiaries and sunflower oil. Clear or with a light tint.',
    ),
    colours: ['natural', 'pink'],
    sizes: ONE,
    offers: [{ seller: GM, priceCents: 590 }],
  },
  {
    slug: 'huile-seche-corps',
    category: 'beaute',
    kind: 'bottle',
    brand: 'Mosane',
    title: t('Huile sèche pour le corps', 'Droge lichaamsolie', 'Dry body oil'),
    description: t(
      'Huile sèche aux huiles de cameline et de noisette, qui nourrit la peau sans la graisser. S’utilise aussi sur les cheveux.',
      'Droge olie met huttentut- en hazelnootolie die de huid voedt zonder vettig te zijn. Ook te gebruiken voor het haar.',
      'A dry oil with camelina and hazelnut oils that nourishes skin without leaving it greasy. Can also be used on hair.',
    ),
    colours: ['amber'],
    sizes: ['100ml'],
    offers: [{ seller: GM, priceCents: 2900 }],
  },
  {
    slug: 'trousse-toilette-lin',
    category: 'beaute',
    kind: 'washbag',
    brand: 'Maison Lemaire',
    title: t('Trousse de toilette en lin', 'Linnen toilettas', 'Linen wash bag'),
    description: t(
      'Trousse en lin à l’intérieur enduit, qui résiste aux éclaboussures, avec fermeture à glissière en laiton. Format 24 x 16 cm.',
      'Toilettas in linnen met gecoate binnenkant, spatwaterbestendig, met koperen rits. Formaat 24 x 16 cm.',
      'A linen wash bag with a coated, splash-proof lining and a brass zip. 24 x 16 cm.',
    ),
    colours: ['natural', 'navy', 'terracotta'],
    sizes: ONE,
    offers: [{ seller: LM, priceCents: 3500 }, { seller: GM, priceCents: 3900 }],
  },
];

const SPORT: readonly ProductSeed[] = [
  {
    slug: 'veste-pluie-legere',
    category: 'sport',
    kind: 'raincoat',
    brand: 'Ardennes Outdoor',
    title: t('Veste de pluie légère', 'Lichte regenjas', 'Lightweight rain jacket'),
    description: t(
      'Veste imperméable 2,5 couches de 290 g, capuche réglable et aérations sous les bras. Elle se range dans sa propre poche.',
      'Waterdichte 2,5-laagse jas van 290 g, met verstelbare kap en ventilatieritsen onder de armen. Past opgevouwen in zijn eigen zak.',
      'A 290 g waterproof 2.5-layer jacket with an adjustable hood and underarm vents. It packs into its own pocket.',
    ),
    colours: ['forest', 'orange', 'navy'],
    sizes: ADULT,
    offers: [{ seller: AO, priceCents: 12900 }, { seller: GM, priceCents: 13900 }],
  },
  {
    slug: 'sac-a-dos-randonnee-25l',
    category: 'sport',
    kind: 'backpack',
    brand: 'Ardennes Outdoor',
    title: t('Sac à dos de randonnée 25 L', 'Wandelrugzak 25 L', '25 L hiking backpack'),
    description: t(
      'Sac à dos de 25 litres avec dos ventilé, ceinture amovible et housse de pluie intégrée. Compatible avec une poche à eau.',
      'Rugzak van 25 liter met geventileerde rug, afneembare heupgordel en ingebouwde regenhoes. Geschikt voor een drinkzak.',
      'A 25-litre pack with a ventilated back, removable hip belt and built-in rain cover. Hydration-bladder compatible.',
    ),
    colours: ['charcoal', 'forest', 'orange'],
    sizes: ONE,
    offers: [{ seller: AO, priceCents: 8900 }, { seller: GM, priceCents: 9400 }],
  },
  {
    slug: 't-shirt-course-respirant',
    category: 'sport',
    kind: 'tshirt',
    brand: 'Ardennes Outdoor',
    title: t('T-shirt de course respirant', 'Ademend loopshirt', 'Breathable running T-shirt'),
    description: t(
      'T-shirt technique en polyester recyclé qui évacue la transpiration, coutures plates anti-frottements. Détails réfléchissants pour courir le soir.',
      'Technisch T-shirt in gerecycleerd polyester dat zweet afvoert, met platte naden tegen schuren. Reflecterende details om ’s avonds te lopen.',
      'A technical T-shirt in recycled polyester that wicks sweat away, with flat seams against chafing. Reflective details for evening runs.',
    ),
    colours: ['orange', 'sky', 'black'],
    sizes: ADULT,
    offers: [{ seller: AO, priceCents: 3500 }],
  },
  {
    slug: 'collant-course-thermique',
    category: 'sport',
    kind: 'leggings',
    brand: 'Ardennes Outdoor',
    title: t('Collant de course thermique', 'Thermische looptight', 'Thermal running tights'),
    description: t(
      'Collant long en tissu gratté à l’intérieur, pour courir en hiver sans avoir froid. Poche zippée au dos pour les clés.',
      'Lange tight in stof die binnenin geruwd is, om in de winter te lopen zonder kou te lijden. Ritszakje achteraan voor je sleutels.',
      'Full-length tights with a brushed inner face for winter runs without the cold. A zipped back pocket for your keys.',
    ),
    colours: ['black', 'navy'],
    sizes: ADULT,
    offers: [{ seller: AO, priceCents: 4900, compareAtCents: 5900 }],
  },
  {
    slug: 'veste-polaire-recyclee',
    category: 'sport',
    kind: 'fleece',
    brand: 'Ardennes Outdoor',
    title: t('Veste polaire recyclée', 'Gerecycleerde fleecejas', 'Recycled fleece jacket'),
    description: t(
      'Polaire zippée en bouteilles PET recyclées, chaude et légère, avec deux poches pour les mains. Se porte seule ou sous une veste de pluie.',
      'Fleecejas met rits, gemaakt van gerecycleerde PET-flessen, warm en licht, met twee handzakken. Alleen of onder een regenjas te dragen.',
      'A full-zip fleece made from recycled PET bottles, warm and light, with two hand pockets. Wear it alone or under a rain jacket.',
    ),
    colours: ['forest', 'grey', 'mustard'],
    sizes: ADULT,
    offers: [{ seller: AO, priceCents: 7900 }],
  },
  {
    slug: 'tapis-yoga-caoutchouc',
    category: 'sport',
    kind: 'mat',
    brand: 'Ardennes Outdoor',
    title: t('Tapis de yoga en caoutchouc naturel', 'Yogamat van natuurrubber', 'Natural rubber yoga mat'),
    description: t(
      'Tapis de 4 mm en caoutchouc naturel avec une surface en microfibre qui accroche, même quand on transpire. 183 x 61 cm, sangle de transport incluse.',
      'Mat van 4 mm in natuurrubber met een antislip-microvezeloppervlak, ook als je zweet. 183 x 61 cm, met draagriem.',
      'A 4 mm natural rubber mat with a microfibre top that stays grippy even when you sweat. 183 x 61 cm, carrying strap included.',
    ),
    colours: ['sage', 'lilac', 'charcoal'],
    sizes: ONE,
    offers: [{ seller: AO, priceCents: 5900 }],
  },
  {
    slug: 'gourde-isotherme-750',
    category: 'sport',
    kind: 'flask',
    brand: 'Ardennes Outdoor',
    title: t('Gourde isotherme 750 ml', 'Thermosfles 750 ml', '750 ml insulated bottle'),
    description: t(
      'Gourde en inox à double paroi : 24 heures au frais, 12 heures au chaud. Bouchon étanche, sans BPA.',
      'Dubbelwandige fles van roestvrij staal: 24 uur koud, 12 uur warm. Lekvrije dop, zonder BPA.',
      'A double-walled stainless steel bottle: cold for 24 hours, hot for 12. Leak-proof, BPA-free cap.',
    ),
    colours: ['forest', 'white', 'orange', 'navy'],
    sizes: ONE,
    offers: [{ seller: AO, priceCents: 2900 }, { seller: GM, priceCents: 3200 }],
  },
  {
    slug: 'casquette-cycliste',
    category: 'sport',
    kind: 'cap',
    brand: 'Ardennes Outdoor',
    title: t('Casquette de cyclisme', 'Koerspetje', 'Cycling cap'),
    description: t(
      'La casquette de coureur en coton, courte visière à relever et bande anti-transpiration. Elle se porte sous le casque.',
      'Het klassieke koerspetje in katoen, met korte klep om op te zetten en zweetband. Past onder je helm.',
      'The classic cotton racing cap with a short flip-up peak and a sweatband. It fits under your helmet.',
    ),
    colours: ['black', 'orange'],
    sizes: ONE,
    offers: [{ seller: AO, priceCents: 1900 }],
  },
];

const EPICERIE: readonly ProductSeed[] = [
  {
    slug: 'ballotin-pralines-assorties',
    category: 'epicerie-fine',
    kind: 'box',
    brand: 'Chocolaterie Marolle',
    title: t('Ballotin de pralines assorties', 'Ballotin met assortiment pralines', 'Box of assorted pralines'),
    description: t(
      'Un assortiment de pralines fourrées à la main dans notre chocolaterie des Marolles : gianduja, caramel au beurre salé, ganache au café. À conserver entre 15 et 18 °C.',
      'Een assortiment handgevulde pralines uit onze chocolaterie in de Marollen: gianduja, gezouten boterkaramel, koffieganache. Bewaren tussen 15 en 18 °C.',
      'An assortment of pralines filled by hand in our Marolles chocolate workshop: gianduja, salted butter caramel, coffee ganache. Store between 15 and 18 °C.',
    ),
    colours: ['gold'],
    sizes: ['250g', '500g', '750g'],
    sizeStepCents: 1800,
    vatRateBps: 600,
    offers: [{ seller: GM, priceCents: 1950 }],
  },
  {
    slug: 'speculoos-beurre',
    category: 'epicerie-fine',
    kind: 'box',
    brand: 'Biscuiterie Van Hecke',
    title: t('Speculoos au beurre', 'Boterspeculoos', 'Butter speculoos'),
    description: t(
      'Biscuits croquants à la cassonade et aux épices, cuits dans des moules en bois comme autrefois. Boîte en métal de 400 g.',
      'Knapperige koekjes met bruine suiker en kruiden, gebakken in houten vormen zoals vroeger. Metalen blik van 400 g.',
      'Crisp biscuits with brown sugar and spices, baked in carved wooden moulds the old way. A 400 g tin.',
    ),
    colours: ['camel'],
    sizes: ['400g'],
    vatRateBps: 600,
    offers: [{ seller: GM, priceCents: 690 }],
  },
  {
    slug: 'cafe-grains-sablon',
    category: 'epicerie-fine',
    kind: 'pouch',
    brand: 'Brûlerie d’Ixelles',
    title: t('Café en grains « Sablon »', 'Koffiebonen ‘Zavel’', '“Sablon” coffee beans'),
    description: t(
      'Un assemblage d’arabicas d’Éthiopie et du Brésil, torréfié chaque semaine à Ixelles. Notes de chocolat noir et de noisette.',
      'Een blend van arabica uit Ethiopië en Brazilië, elke week gebrand in Elsene. Tonen van pure chocolade en hazelnoot.',
      'A blend of Ethiopian and Brazilian arabica, roasted weekly in Ixelles. Notes of dark chocolate and hazelnut.',
    ),
    colours: ['brown'],
    sizes: ['250g', '1kg'],
    sizeStepCents: 1600,
    vatRateBps: 600,
    offers: [{ seller: GM, priceCents: 890 }],
  },
  {
    slug: 'sirop-de-liege',
    category: 'epicerie-fine',
    kind: 'jar',
    brand: 'Siroperie du Pays de Herve',
    title: t('Sirop de Liège artisanal', 'Ambachtelijke Luikse siroop', 'Traditional Liège syrup'),
    description: t(
      'Sirop de pommes et de poires cuit lentement au chaudron, sans sucre ajouté. Sur une tartine, avec du fromage de Herve ou dans les boulets à la liégeoise.',
      'Appel- en perenstroop, langzaam in de ketel gekookt, zonder toegevoegde suiker. Op een boterham, met Hervekaas of in Luikse balletjes.',
      'Apple and pear syrup slowly cooked in a copper kettle, with no added sugar. On bread, with Herve cheese or in Liège-style meatballs.',
    ),
    colours: ['brown'],
    sizes: ['450g'],
    vatRateBps: 600,
    offers: [{ seller: GM, priceCents: 550 }],
  },
  {
    slug: 'the-noir-comptoir',
    category: 'epicerie-fine',
    kind: 'box',
    brand: 'Comptoir',
    title: t('Thé noir « Comptoir » en vrac', 'Losse zwarte thee ‘Comptoir’', '“Comptoir” loose black tea'),
    description: t(
      'Notre mélange maison de thés noirs d’Assam et de Ceylan, relevé d’une pointe de bergamote. Boîte en métal de 100 g, environ 40 tasses.',
      'Onze huismelange van zwarte thee uit Assam en Ceylon, met een vleugje bergamot. Metalen blik van 100 g, ongeveer 40 koppen.',
      'Our house blend of Assam and Ceylon black teas with a hint of bergamot. A 100 g tin, about 40 cups.',
    ),
    colours: ['navy'],
    sizes: ['100g'],
    vatRateBps: 600,
    offers: [{ seller: GM, priceCents: 1290 }],
  },
];

export const DEMO_PRODUCTS: readonly ProductSeed[] = [...FEMME, ...HOMME, ...ENFANTS, ...CHAUSSURES, ...MAISON, ...BEAUTE, ...SPORT, ...EPICERIE];

// ---------------------------------------------------------------- expansion into rows

export type VariantSeed = {
  productSlug: string;
  sku: string;
  colour: ColourCode;
  colourName: I18nText;
  colourHex: string;
  size: string;
  position: number;
};

export type OfferSeed = {
  sku: string;
  seller: SellerSlug;
  priceCents: number;
  compareAtCents: number | null;
  vatRateBps: VatRateBps;
  stock: number;
  leadTimeDays: number;
};

export type ImageSeed = { productSlug: string; kind: ProductKind; colour: ColourCode; file: string; url: string; position: number };

export const IMAGE_URL_PREFIX = '/static/img/products/';

export function imageFile(productSlug: string, colour: ColourCode): string {
  return `${productSlug}-${colour}.svg`;
}

function skuOf(productIndex: number, colour: ColourCode, size: string): string {
  return `CPT-${String(productIndex + 1).padStart(3, '0')}-${colour.toUpperCase()}-${size.toUpperCase()}`;
}

/** FNV-1a: a small deterministic hash, so that the demo stock is the same at every seed. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** About one offer in twenty is sold out; the others hold 1 to 30 units. */
export function demoStock(sku: string, seller: SellerSlug): number {
  const h = hash(`${sku}|${seller}`);
  return h % 20 === 0 ? 0 : 1 + ((h >>> 4) % 30);
}

function variantsOf(product: ProductSeed, productIndex: number): VariantSeed[] {
  return product.colours.flatMap((colour, c) =>
    product.sizes.map((size, s) => ({
      productSlug: product.slug,
      sku: skuOf(productIndex, colour, size),
      colour,
      colourName: COLOURS[colour].name,
      colourHex: COLOURS[colour].hex,
      size,
      position: c * product.sizes.length + s,
    })),
  );
}

function sellerLeadTime(slug: SellerSlug): number {
  return DEMO_SELLERS.find((s) => s.slug === slug)?.leadTimeDays ?? 2;
}

function offersOf(product: ProductSeed, productIndex: number): OfferSeed[] {
  const step = product.sizeStepCents ?? 0;
  return variantsOf(product, productIndex).flatMap((variant) => {
    const sizeIndex = product.sizes.indexOf(variant.size);
    return product.offers.map((terms) => ({
      sku: variant.sku,
      seller: terms.seller,
      priceCents: terms.priceCents + sizeIndex * step,
      compareAtCents: terms.compareAtCents === undefined ? null : terms.compareAtCents + sizeIndex * step,
      vatRateBps: product.vatRateBps ?? 2100,
      stock: product.soldOut ? 0 : demoStock(variant.sku, terms.seller),
      leadTimeDays: terms.leadTimeDays ?? sellerLeadTime(terms.seller),
    }));
  });
}

function imagesOf(product: ProductSeed): ImageSeed[] {
  return product.colours.map((colour, position) => {
    const file = imageFile(product.slug, colour);
    return { productSlug: product.slug, kind: product.kind, colour, file, url: `${IMAGE_URL_PREFIX}${file}`, position };
  });
}

export const DEMO_VARIANTS: readonly VariantSeed[] = DEMO_PRODUCTS.flatMap(variantsOf);
export const DEMO_OFFERS: readonly OfferSeed[] = DEMO_PRODUCTS.flatMap(offersOf);
export const DEMO_IMAGES: readonly ImageSeed[] = DEMO_PRODUCTS.flatMap(imagesOf);

// ---------------------------------------------------------------- people

export type CustomerSeed = { email: string; firstName: string; lastName: string; phone: string; locale: Locale };
export type AddressSeed = {
  firstName: string;
  lastName: string;
  street: string;
  houseNumber: string;
  postalCode: string;
  city: string;
  country: Country;
  phone: string;
};
export type SellerUserSeed = { seller: SellerSlug; email: string; name: string; locale: Locale; role: 'owner' | 'staff' };
export type OperatorSeed = { email: string; name: string; role: 'admin' | 'customer_service'; locale: Locale };

export const DEMO_CUSTOMER: CustomerSeed = {
  email: 'client@demo.comptoir.be',
  firstName: 'Camille',
  lastName: 'Dubois',
  phone: '+32 470 12 34 56',
  locale: 'fr',
};

export const DEMO_CUSTOMER_ADDRESS: AddressSeed = {
  firstName: 'Camille',
  lastName: 'Dubois',
  street: 'Rue de la Loi',
  houseNumber: '42',
  postalCode: '1000',
  city: 'Bruxelles',
  country: 'BE',
  phone: '+32 470 12 34 56',
};

/** The first one is the account shown as "the seller" in the README and the start banner. */
export const DEMO_SELLER_USERS: readonly SellerUserSeed[] = [
  { seller: 'maison-lemaire', email: 'vendeur@demo.comptoir.be', name: 'Lotte Peeters', locale: 'fr', role: 'owner' },
  { seller: 'comptoir-grand-magasin', email: shopEmail('comptoir-grand-magasin'), name: 'Marc Janssens', locale: 'fr', role: 'owner' },
  { seller: 'atelier-van-damme', email: shopEmail('atelier-van-damme'), name: 'Pieter Van Damme', locale: 'nl', role: 'owner' },
  { seller: 'petit-sablon', email: shopEmail('petit-sablon'), name: 'Amélie Renard', locale: 'fr', role: 'owner' },
  { seller: 'studio-schelde', email: shopEmail('studio-schelde'), name: 'Jonas Claes', locale: 'nl', role: 'owner' },
  { seller: 'ardennes-outdoor', email: shopEmail('ardennes-outdoor'), name: 'Thomas Lambert', locale: 'fr', role: 'owner' },
];

export const DEMO_OPERATORS: readonly OperatorSeed[] = [
  { email: 'admin@demo.comptoir.be', name: 'Sophie Martin', role: 'admin', locale: 'fr' },
  { email: 'service@demo.comptoir.be', name: 'Nicolas Wouters', role: 'customer_service', locale: 'fr' },
];

export type DemoAccount = { role: 'customer' | 'seller' | 'operator'; email: string; password: string };

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { role: 'customer', email: DEMO_CUSTOMER.email, password: DEMO_PASSWORD },
  ...DEMO_SELLER_USERS.slice(0, 1).map((u): DemoAccount => ({ role: 'seller', email: u.email, password: DEMO_PASSWORD })),
  ...DEMO_OPERATORS.map((o): DemoAccount => ({ role: 'operator', email: o.email, password: DEMO_PASSWORD })),
  ...DEMO_SELLER_USERS.slice(1).map((u): DemoAccount => ({ role: 'seller', email: u.email, password: DEMO_PASSWORD })),
];

// ---------------------------------------------------------------- settings

export type Deadlines = { sellerAcceptDays: number; sellerReplyWorkingDays: number; autoDeliverDays: number; autoCloseDays: number };

export const DEMO_DEADLINES: Deadlines = { sellerAcceptDays: 2, sellerReplyWorkingDays: 2, autoDeliverDays: 10, autoCloseDays: 7 };

export const DEMO_SETTINGS: readonly { key: string; value: unknown }[] = [{ key: 'deadlines', value: DEMO_DEADLINES }];

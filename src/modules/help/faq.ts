import type { Locale } from '../../i18n/index.js';

/**
 * The help page's content: the customer FAQ "Ma commande" (/work/shared/spec/faq-ma-commande.fr.txt),
 * then delivery and returns, customer service and the legal notice.
 *
 * The French paragraphs of the FAQ are the specification's text word for word (the site's name
 * "inno.be" becomes "Comptoir"). Every quoted text is a label of the storefront (a button, a status,
 * a reason in the incident form): the Dutch and English texts use the translations of
 * /work/shared/spec/labels.md verbatim, in the same quotes. Change a label in the shop and here together.
 *
 * Section ids are anchors (/help#cancel-before-shipping): the same in every language, never renamed
 * (the footer links to #delivery, #contact and #legal).
 */
export type FaqSection = { id: string; question: string; paragraphs: string[] };

/** The sections that come from the FAQ "Ma commande", in its order; the others follow them. */
export const FAQ_SECTION_IDS = [
  'how-to-order',
  'cancel-before-shipping',
  'cancel-after-shipping',
  'change-delivery-address',
  'missing-item',
  'not-conforming',
  'no-confirmation-email',
  'damaged',
  'ask-seller',
] as const;

export const EXTRA_SECTION_IDS = ['delivery', 'contact', 'legal'] as const;

const fr: FaqSection[] = [
  {
    id: 'how-to-order',
    question: `Comment passer commande ?`,
    paragraphs: [
      `Lorsque vous êtes connecté avec votre compte client et une fois votre choix de produits terminé, cliquez sur "Passer commande". Votre adresse de livraison et votre adresse de facturation par défaut (renseignées dans votre compte espace "Mes adresses") apparaissent. Pour modifier votre adresse de facturation, cliquez sur "Modifier", tapez les modifications nécessaires puis cliquez sur "Enregistrer". Si vous souhaitez ajouter une nouvelle adresse, cliquez sur "Ajouter une nouvelle adresse" et sélectionnez cette nouvelle adresse.`,
      `Si votre adresse de facturation et de livraison sont identiques, les modifications encodées pour votre adresse de facturation seront également appliquées à votre adresse de livraison. Si vous souhaitez utiliser une adresse de livraison différente de l'adresse de facturation, cliquez sur "Utiliser une adresse différente comme adresse de livraison". Vous pouvez alors soit modifier l'adresse de livraison par défaut qui s'affiche ou bien ajouter une nouvelle adresse de livraison et la sélectionner.`,
    ],
  },
  {
    id: 'cancel-before-shipping',
    question: `Comment annuler ma commande ?`,
    paragraphs: [
      `Vous pouvez annuler une commande payée et confirmée mais pas encore envoyée par le vendeur de votre produit (vous n'avez pas reçu de confirmation de livraison de votre commande par mail et votre commande n'apparaît pas sous le statut "Livrée" dans l'espace "Mes Commandes" de votre compte client). Pour ce faire, allez dans l'espace "Mes Commandes" de votre compte client, cliquez sur "Voir la commande" de la commande que vous souhaitez annuler, puis cliquez sur "Ouvrir un incident" en face de l'article que vous souhaitez annuler. Dans le menu déroulant, sélectionnez la raison "Je veux annuler ma commande (droit de rétractation)" et cliquez sur "Soumettre" pour envoyer votre demande au Vendeur de cet article. Si votre commande à annuler comprend plusieurs articles, veillez à répéter cette opération pour chaque article à annuler. Vous recevrez alors le remboursement des articles annulés.`,
    ],
  },
  {
    id: 'cancel-after-shipping',
    question: `Comment annuler une commande déjà envoyée ou reçue ?`,
    paragraphs: [
      `Pour annuler une commande déjà envoyée par le vendeur (statut "Livrée" dans l'espace "Mes Commandes" de votre compte client) ou une commande reçue, rendez-vous dans l'espace "Mes Commandes" de votre compte client et procédez de la manière indiquée ci-dessus. Le vendeur de votre produit vous répondra dans les plus brefs délais afin de vous indiquer comment procéder. Si vous avez déjà reçu votre produit, vous pouvez également consulter les instructions du vendeur, éventuellement insérées dans le colis d'envoi de l'article, concernant l'exercice de votre droit de rétractation ou consultez la rubrique "Politique de retour" du vendeur.`,
    ],
  },
  {
    id: 'change-delivery-address',
    question: `Comment modifier l'adresse de livraison de ma commande ?`,
    paragraphs: [
      `Une fois votre commande payée et confirmée par email, il ne vous est plus possible de modifier l'adresse de livraison de votre commande. Il convient alors d'annuler votre commande (consultez notre FAQ "Comment annuler ma commande") et de repasser une nouvelle commande en modifiant au préalable votre adresse de livraison depuis votre compte client espace "Mes adresses" ou au moment de passer la commande.`,
    ],
  },
  {
    id: 'missing-item',
    question: `Il me manque un article, que faire ?`,
    paragraphs: [
      `Rendez-vous dans l'espace "Mes Commandes" de votre compte client, cliquez sur "Voir la commande" de la commande pour laquelle il vous manque des articles, puis cliquez sur "Ouvrir un incident" en face de l'article manquant. Dans le menu déroulant, sélectionnez la raison "Je n'ai pas reçu mon produit" et cliquez sur "Soumettre" pour envoyer votre demande au vendeur de cet article. S'il vous manque plusieurs articles, veillez à répéter cette opération pour chaque article manquant. Le vendeur vous reviendra avec une solution adaptée dans les plus brefs délais.`,
    ],
  },
  {
    id: 'not-conforming',
    question: `Mon produit n'est pas conforme à ma commande, que faire ?`,
    paragraphs: [
      `Rendez-vous dans l'espace "Mes Commandes" de votre compte client, cliquez sur "Voir la commande" de la commande concernée par ce problème, puis cliquez sur "Ouvrir un incident" en face de l'article concerné. Dans le menu déroulant, sélectionnez la raison "Mon produit n'est pas conforme à ma commande" et cliquez sur "Soumettre" pour envoyer votre demande au vendeur de cet article. Le vendeur vous reviendra avec une solution adaptée dans les plus brefs délais.`,
    ],
  },
  {
    id: 'no-confirmation-email',
    question: `Je n'ai pas reçu d'email de confirmation de ma commande, que faire ?`,
    paragraphs: [
      `Vérifiez tout d'abord si l'email de confirmation de votre commande ne figure pas dans vos courriers indésirables. Par ailleurs, il peut arriver que vous ne receviez pas d'email de confirmation de votre commande pour des raisons techniques. Si votre commande est bien confirmée, elle doit apparaître dans l'espace "Mes commandes" de votre compte client. Si vous ne recevez toujours pas d'email de confirmation lors d'une prochaine commande, nous vous invitons à contacter notre service client afin qu'il puisse déterminer si le problème vient du site Comptoir et le cas échéant remédier à ce problème.`,
    ],
  },
  {
    id: 'damaged',
    question: `Mon produit est arrivé abîmé, que faire ?`,
    paragraphs: [
      `Vérifiez l'état du ou des produit(s) à l'intérieur du colis. Si certains articles sont abîmés, rendez-vous dans l'espace "Mes Commandes" de votre compte client, cliquez sur "Voir la commande" de la commande concernée par ce problème, puis cliquez sur "Ouvrir un incident" en face de l'article concerné. Dans le menu déroulant, sélectionnez la raison "Mon produit est abîmé" et cliquez sur "Soumettre" pour envoyer votre demande au vendeur de cet article. Le vendeur vous reviendra avec une solution adaptée dans les plus brefs délais.`,
    ],
  },
  {
    id: 'ask-seller',
    question: `Comment poser une question au vendeur sur un produit ?`,
    paragraphs: [
      // The specification lacks the space in "mot de passe.Vous": restored here, no word changed.
      `Lorsque vous êtes sur la page du produit concerné, cliquez sur "Poser une question sur ce produit". Si vous n'êtes pas connecté à votre compte client, cliquez sur "Connexion" et entrez votre email et votre mot de passe. Vous pouvez alors écrire un message au vendeur du produit pour lui demander si le produit est encore disponible dans une certaine couleur et/ou une certaine taille. Il pourra vous informer directement sur la disponibilité du produit concerné.`,
    ],
  },
  {
    id: 'delivery',
    question: `Livraison et retours`,
    paragraphs: [
      `Sur Comptoir, le grand magasin et des vendeurs indépendants vendent côte à côte. Chaque vendeur expédie lui-même ses articles, avec ses propres frais de livraison et son propre délai de livraison, qui vous sont indiqués avant que vous ne passiez commande. Si votre commande comprend des articles de plusieurs vendeurs, vous recevrez donc plusieurs colis.`,
      `Chaque vendeur a sa propre "Politique de retour" : consultez-la avant de commander, elle précise notamment qui paie les frais de retour.`,
      `Vous disposez d'un droit de rétractation de 14 jours à compter de la livraison de votre article. Pour l'exercer, ouvrez un incident depuis l'espace "Mes Commandes" de votre compte client (consultez notre FAQ "Comment annuler ma commande").`,
    ],
  },
  {
    id: 'contact',
    question: `Service client`,
    paragraphs: [
      `Notre service client vous répond du lundi au samedi, de 9 h à 18 h.`,
      `Par email : service@comptoir.be`,
      `Par téléphone : +32 2 000 00 00`,
      `Vous n'avez pas reçu l'email de confirmation de votre commande ? Vérifiez d'abord votre dossier de courriers indésirables (spam) avant de nous contacter.`,
      `Pour une question sur un article, sa livraison ou son retour, le vendeur de l'article est le mieux placé pour vous répondre : ouvrez un incident depuis l'espace "Mes Commandes" de votre compte client.`,
    ],
  },
  {
    id: 'legal',
    question: `Mentions légales`,
    paragraphs: [
      `Comptoir SA, Bruxelles (Belgique). Numéro d'entreprise : BE0000.000.000.`,
      `Comptoir est un projet de démonstration open source : ce site n'est pas une vraie boutique. Son code source est publié sous licence AGPL-3.0 ou ultérieure.`,
    ],
  },
];

const nl: FaqSection[] = [
  {
    id: 'how-to-order',
    question: `Hoe plaats ik een bestelling?`,
    paragraphs: [
      `Wanneer u aangemeld bent met uw klantenaccount en klaar bent met het kiezen van uw producten, klikt u op "Bestellen". Uw standaard leveringsadres en factuuradres (ingevuld in uw account onder "Mijn adressen") verschijnen. Om uw factuuradres te wijzigen, klikt u op "Bewerk", voert u de nodige wijzigingen in en klikt u vervolgens op "Bewaar". Wilt u een nieuw adres toevoegen, klik dan op "Voeg een nieuw adres toe" en selecteer dat nieuwe adres.`,
      `Als uw factuuradres en uw leveringsadres hetzelfde zijn, worden de wijzigingen die u aan uw factuuradres aanbrengt ook op uw leveringsadres toegepast. Wilt u een ander leveringsadres gebruiken dan uw factuuradres, klik dan op "Gebruik een ander adres als leveringsadres". U kunt dan het standaard leveringsadres dat verschijnt bewerken, of een nieuw leveringsadres toevoegen en dat selecteren.`,
    ],
  },
  {
    id: 'cancel-before-shipping',
    question: `Hoe annuleer ik mijn bestelling?`,
    paragraphs: [
      `U kunt een bestelling annuleren die betaald en bevestigd is, maar nog niet verzonden werd door de verkoper van uw product (u hebt nog geen leveringsbevestiging van uw bestelling per e-mail ontvangen en uw bestelling staat niet met de status "Geleverd" onder "Mijn bestellingen" in uw klantenaccount). Ga daarvoor naar "Mijn bestellingen" in uw klantenaccount, klik op "Bekijk de bestelling" bij de bestelling die u wilt annuleren en klik vervolgens op "Een incident openen" naast het artikel dat u wilt annuleren. Selecteer in het keuzemenu de reden "Ik wil mijn bestelling annuleren (recht om bestelling in te trekken)" en klik op "Verzenden" om uw verzoek naar de verkoper van dit artikel te sturen. Bevat de bestelling die u wilt annuleren meerdere artikelen, herhaal dit dan voor elk artikel dat u wilt annuleren. U krijgt de geannuleerde artikelen dan terugbetaald.`,
    ],
  },
  {
    id: 'cancel-after-shipping',
    question: `Hoe annuleer ik een bestelling die al verzonden of ontvangen is?`,
    paragraphs: [
      `Om een bestelling te annuleren die de verkoper al verzonden heeft (status "Geleverd" onder "Mijn bestellingen" in uw klantenaccount) of een bestelling die u al ontvangen hebt, gaat u naar "Mijn bestellingen" in uw klantenaccount en gaat u te werk zoals hierboven beschreven. De verkoper van uw product antwoordt u zo snel mogelijk om u te laten weten hoe u verder te werk gaat. Hebt u uw product al ontvangen, dan kunt u ook de instructies van de verkoper over het uitoefenen van uw herroepingsrecht raadplegen, die eventueel in het pakket van het artikel zitten, of de rubriek "Retourbeleid" van de verkoper raadplegen.`,
    ],
  },
  {
    id: 'change-delivery-address',
    question: `Hoe wijzig ik het leveringsadres van mijn bestelling?`,
    paragraphs: [
      `Zodra uw bestelling betaald en per e-mail bevestigd is, kunt u het leveringsadres van uw bestelling niet meer wijzigen. U moet uw bestelling dan annuleren (raadpleeg onze FAQ "Hoe annuleer ik mijn bestelling") en opnieuw een bestelling plaatsen, nadat u eerst uw leveringsadres hebt gewijzigd in uw klantenaccount onder "Mijn adressen" of tijdens het bestellen.`,
    ],
  },
  {
    id: 'missing-item',
    question: `Er ontbreekt een artikel. Wat moet ik doen?`,
    paragraphs: [
      `Ga naar "Mijn bestellingen" in uw klantenaccount, klik op "Bekijk de bestelling" bij de bestelling waarin artikelen ontbreken en klik vervolgens op "Een incident openen" naast het ontbrekende artikel. Selecteer in het keuzemenu de reden "Ik heb mijn product niet ontvangen" en klik op "Verzenden" om uw verzoek naar de verkoper van dit artikel te sturen. Ontbreken er meerdere artikelen, herhaal dit dan voor elk ontbrekend artikel. De verkoper komt zo snel mogelijk bij u terug met een gepaste oplossing.`,
    ],
  },
  {
    id: 'not-conforming',
    question: `Mijn product komt niet overeen met mijn bestelling. Wat moet ik doen?`,
    paragraphs: [
      `Ga naar "Mijn bestellingen" in uw klantenaccount, klik op "Bekijk de bestelling" bij de bestelling waarmee u dit probleem hebt en klik vervolgens op "Een incident openen" naast het betreffende artikel. Selecteer in het keuzemenu de reden "Mijn product komt niet overeen met mijn bestelling" en klik op "Verzenden" om uw verzoek naar de verkoper van dit artikel te sturen. De verkoper komt zo snel mogelijk bij u terug met een gepaste oplossing.`,
    ],
  },
  {
    id: 'no-confirmation-email',
    question: `Ik heb geen bevestigingsmail van mijn bestelling ontvangen. Wat moet ik doen?`,
    paragraphs: [
      `Kijk eerst na of de bevestigingsmail van uw bestelling niet in uw ongewenste e-mail terechtgekomen is. Het kan ook gebeuren dat u om technische redenen geen bevestigingsmail van uw bestelling ontvangt. Als uw bestelling wel degelijk bevestigd is, moet ze verschijnen onder "Mijn bestellingen" in uw klantenaccount. Ontvangt u bij een volgende bestelling nog altijd geen bevestigingsmail, neem dan contact op met onze klantendienst, zodat die kan nagaan of het probleem bij de website van Comptoir ligt en het zo nodig kan verhelpen.`,
    ],
  },
  {
    id: 'damaged',
    question: `Mijn product is beschadigd aangekomen. Wat moet ik doen?`,
    paragraphs: [
      `Controleer de staat van het product of de producten in het pakket. Zijn er artikelen beschadigd, ga dan naar "Mijn bestellingen" in uw klantenaccount, klik op "Bekijk de bestelling" bij de bestelling waarmee u dit probleem hebt en klik vervolgens op "Een incident openen" naast het betreffende artikel. Selecteer in het keuzemenu de reden "Mijn product is beschadigd" en klik op "Verzenden" om uw verzoek naar de verkoper van dit artikel te sturen. De verkoper komt zo snel mogelijk bij u terug met een gepaste oplossing.`,
    ],
  },
  {
    id: 'ask-seller',
    question: `Hoe stel ik de verkoper een vraag over een product?`,
    paragraphs: [
      `Klik op de pagina van het betreffende product op "Stel een vraag over dit product". Bent u niet aangemeld met uw klantenaccount, klik dan op "Aanmelden" en voer uw e-mailadres en uw wachtwoord in. U kunt dan een bericht schrijven aan de verkoper van het product om te vragen of het product nog beschikbaar is in een bepaalde kleur en/of maat. De verkoper kan u rechtstreeks informeren over de beschikbaarheid van het product.`,
    ],
  },
  {
    id: 'delivery',
    question: `Levering en retour`,
    paragraphs: [
      `Op Comptoir verkopen het warenhuis en onafhankelijke verkopers naast elkaar. Elke verkoper verzendt zijn artikelen zelf, met zijn eigen leveringskosten en zijn eigen levertermijn, die u te zien krijgt voordat u bestelt. Bevat uw bestelling artikelen van meerdere verkopers, dan ontvangt u dus meerdere pakketten.`,
      `Elke verkoper heeft zijn eigen "Retourbeleid": raadpleeg het voordat u bestelt, het vermeldt onder meer wie de retourkosten betaalt.`,
      `U hebt een herroepingsrecht van 14 dagen vanaf de levering van uw artikel. Om het uit te oefenen, opent u een incident onder "Mijn bestellingen" in uw klantenaccount (raadpleeg onze FAQ "Hoe annuleer ik mijn bestelling").`,
    ],
  },
  {
    id: 'contact',
    question: `Klantendienst`,
    paragraphs: [
      `Onze klantendienst helpt u van maandag tot zaterdag, van 9.00 tot 18.00 uur.`,
      `Per e-mail: service@comptoir.be`,
      `Per telefoon: +32 2 000 00 00`,
      `Hebt u de bevestigingsmail van uw bestelling niet ontvangen? Kijk dan eerst in uw map met ongewenste e-mail (spam) voordat u contact met ons opneemt.`,
      `Voor een vraag over een artikel, de levering of de retour ervan kan de verkoper van het artikel u het best helpen: open een incident onder "Mijn bestellingen" in uw klantenaccount.`,
    ],
  },
  {
    id: 'legal',
    question: `Wettelijke vermeldingen`,
    paragraphs: [
      `Comptoir SA, Brussel (België). Ondernemingsnummer: BE0000.000.000.`,
      `Comptoir is een opensource-demonstratieproject: deze website is geen echte winkel. De broncode is gepubliceerd onder de licentie AGPL-3.0 of later.`,
    ],
  },
];

const en: FaqSection[] = [
  {
    id: 'how-to-order',
    question: `How do I place an order?`,
    paragraphs: [
      `When you are logged in to your customer account and have finished choosing your products, click "Checkout". Your default delivery address and billing address (entered in the "My addresses" section of your account) are shown. To change your billing address, click "Edit", make the necessary changes and then click "Save". If you want to add a new address, click "Add a new address" and select this new address.`,
      `If your billing address and delivery address are the same, the changes you make to your billing address will also be applied to your delivery address. If you want to use a delivery address that is different from your billing address, click "Use a different delivery address". You can then either edit the default delivery address shown or add a new delivery address and select it.`,
    ],
  },
  {
    id: 'cancel-before-shipping',
    question: `How do I cancel my order?`,
    paragraphs: [
      `You can cancel an order that has been paid and confirmed but not yet shipped by the seller of your product (you have not received an email confirming the delivery of your order, and your order does not have the status "Delivered" in the "My orders" section of your customer account). To do so, go to the "My orders" section of your customer account, click "View order" for the order you want to cancel, then click "Report a problem" next to the item you want to cancel. In the drop-down menu, select the reason "I want to cancel my order (right of withdrawal)" and click "Submit" to send your request to the seller of this item. If the order you want to cancel contains several items, make sure you repeat this for each item to be cancelled. You will then be refunded for the cancelled items.`,
    ],
  },
  {
    id: 'cancel-after-shipping',
    question: `How do I cancel an order that has already been shipped or received?`,
    paragraphs: [
      `To cancel an order that the seller has already shipped (status "Delivered" in the "My orders" section of your customer account) or an order you have received, go to the "My orders" section of your customer account and proceed as described above. The seller of your product will reply as soon as possible to tell you how to proceed. If you have already received your product, you can also read the seller's instructions on exercising your right of withdrawal, which may have been included in the parcel, or see the seller's "Return policy" section.`,
    ],
  },
  {
    id: 'change-delivery-address',
    question: `How do I change the delivery address of my order?`,
    paragraphs: [
      `Once your order has been paid and confirmed by email, you can no longer change its delivery address. You will then need to cancel your order (see our FAQ "How do I cancel my order") and place a new order, after first changing your delivery address in the "My addresses" section of your customer account or while placing the order.`,
    ],
  },
  {
    id: 'missing-item',
    question: `An item is missing. What should I do?`,
    paragraphs: [
      `Go to the "My orders" section of your customer account, click "View order" for the order with missing items, then click "Report a problem" next to the missing item. In the drop-down menu, select the reason "I have not received my product" and click "Submit" to send your request to the seller of this item. If several items are missing, make sure you repeat this for each missing item. The seller will get back to you with a suitable solution as soon as possible.`,
    ],
  },
  {
    id: 'not-conforming',
    question: `My product does not match my order. What should I do?`,
    paragraphs: [
      `Go to the "My orders" section of your customer account, click "View order" for the order concerned, then click "Report a problem" next to the item concerned. In the drop-down menu, select the reason "My product does not match my order" and click "Submit" to send your request to the seller of this item. The seller will get back to you with a suitable solution as soon as possible.`,
    ],
  },
  {
    id: 'no-confirmation-email',
    question: `I have not received a confirmation email for my order. What should I do?`,
    paragraphs: [
      `First check whether the confirmation email for your order is in your spam folder. It can also happen that you do not receive a confirmation email for your order for technical reasons. If your order has been confirmed, it should appear in the "My orders" section of your customer account. If you still do not receive a confirmation email for your next order, please contact our customer service so that they can find out whether the problem lies with the Comptoir website and, if so, fix it.`,
    ],
  },
  {
    id: 'damaged',
    question: `My product arrived damaged. What should I do?`,
    paragraphs: [
      `Check the condition of the product(s) inside the parcel. If any items are damaged, go to the "My orders" section of your customer account, click "View order" for the order concerned, then click "Report a problem" next to the item concerned. In the drop-down menu, select the reason "My product is damaged" and click "Submit" to send your request to the seller of this item. The seller will get back to you with a suitable solution as soon as possible.`,
    ],
  },
  {
    id: 'ask-seller',
    question: `How do I ask the seller a question about a product?`,
    paragraphs: [
      `On the page of the product concerned, click "Ask a question about this product". If you are not logged in to your customer account, click "Log in" and enter your email address and password. You can then write a message to the seller of the product to ask whether the product is still available in a certain colour and/or size. The seller can tell you directly about the availability of the product.`,
    ],
  },
  {
    id: 'delivery',
    question: `Delivery and returns`,
    paragraphs: [
      `On Comptoir, the department store and independent sellers sell side by side. Each seller ships its own items, with its own delivery charge and its own delivery time, which are shown to you before you place your order. If your order contains items from several sellers, you will therefore receive several parcels.`,
      `Each seller has its own "Return policy": read it before you order; among other things, it says who pays for return shipping.`,
      `You have a 14-day right of withdrawal from the delivery of your item. To exercise it, report a problem from the "My orders" section of your customer account (see our FAQ "How do I cancel my order").`,
    ],
  },
  {
    id: 'contact',
    question: `Customer service`,
    paragraphs: [
      `Our customer service is available Monday to Saturday, from 9:00 to 18:00.`,
      `By email: service@comptoir.be`,
      `By phone: +32 2 000 00 00`,
      `Have you not received the confirmation email for your order? Please check your spam folder first, before contacting us.`,
      `For a question about an item, its delivery or its return, the item's seller is best placed to help you: report a problem from the "My orders" section of your customer account.`,
    ],
  },
  {
    id: 'legal',
    question: `Legal notice`,
    paragraphs: [
      `Comptoir SA, Brussels (Belgium). Company number: BE0000.000.000.`,
      `Comptoir is an open-source demonstration project: this website is not a real shop. Its source code is published under the AGPL-3.0-or-later licence.`,
    ],
  },
];

export const FAQ: Record<Locale, FaqSection[]> = { fr, nl, en };

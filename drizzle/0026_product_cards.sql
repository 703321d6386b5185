CREATE TABLE "product_cards" (
	"product_id" uuid PRIMARY KEY NOT NULL,
	"category_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"price_cents" integer NOT NULL,
	"compare_at_cents" integer,
	"seller_name" text NOT NULL,
	"seller_count" integer NOT NULL,
	"in_stock" boolean NOT NULL,
	"colour_hexes" text[] NOT NULL
);
--> statement-breakpoint
ALTER TABLE "product_cards" ADD CONSTRAINT "product_cards_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "product_cards_category_new_idx" ON "product_cards" USING btree ("category_id","created_at" DESC NULLS FIRST,"product_id");--> statement-breakpoint
CREATE INDEX "product_cards_category_price_idx" ON "product_cards" USING btree ("category_id","price_cents","created_at" DESC NULLS FIRST,"product_id");--> statement-breakpoint
CREATE INDEX "product_cards_new_idx" ON "product_cards" USING btree ("created_at" DESC NULLS FIRST,"product_id");--> statement-breakpoint
CREATE INDEX "product_cards_deals_idx" ON "product_cards" USING btree ("created_at" DESC NULLS FIRST,"product_id") WHERE "product_cards"."compare_at_cents" > "product_cards"."price_cents";--> statement-breakpoint
-- product_cards (decision 0033): what a listing's card shows for each product a shopper can buy, kept
-- here by triggers so that a listing reads a page of cards in index order instead of aggregating every
-- offer of its scope. The rule is listProducts' (src/modules/catalog/queries.ts) over the sellable offers
-- (active, from an active seller): the best offer is the first in stock, then the cheapest, then by id.
--
-- Concurrency: two transactions changing different offers of one product would each compute the card
-- from a snapshot without the other's change, the second overwriting the first. So a refresh first takes
-- a transaction-long advisory lock per bucket of products (256 buckets, taken in order), in a statement of
-- its own; the computing statement that follows takes a new snapshot (READ COMMITTED), which sees the
-- other transaction's committed change.
CREATE OR REPLACE FUNCTION comptoir_refresh_product_cards(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(cardinality(ids), 0) = 0 THEN RETURN; END IF;
  PERFORM pg_advisory_xact_lock(7331, b)
  FROM (SELECT DISTINCT hashtext(id::text) & 255 AS b FROM unnest(ids) AS id ORDER BY 1) x;
  WITH fresh AS (
    SELECT p.id, p.category_id, p.created_at,
      (array_agg(o.price_cents ORDER BY (o.stock > 0) DESC, o.price_cents, o.id))[1] AS price_cents,
      (array_agg(o.compare_at_cents ORDER BY (o.stock > 0) DESC, o.price_cents, o.id))[1] AS compare_at_cents,
      (array_agg(s.name ORDER BY (o.stock > 0) DESC, o.price_cents, o.id))[1] AS seller_name,
      count(DISTINCT s.id)::int AS seller_count,
      bool_or(o.stock > 0) AS in_stock,
      array_agg(DISTINCT v.colour_hex) AS colour_hexes
    FROM products p
    JOIN variants v ON v.product_id = p.id
    JOIN offers o ON o.variant_id = v.id
    JOIN sellers s ON s.id = o.seller_id
    WHERE p.id = ANY(ids) AND o.active AND s.status = 'active'
    GROUP BY p.id
  ), gone AS (
    -- Checked on the offers themselves (index lookups): a NOT EXISTS against the CTE was a nested loop,
    -- quadratic for a bulk change (100,000 products: minutes).
    DELETE FROM product_cards c WHERE c.product_id = ANY(ids) AND NOT EXISTS (
      SELECT FROM variants v JOIN offers o ON o.variant_id = v.id JOIN sellers s ON s.id = o.seller_id
      WHERE v.product_id = c.product_id AND o.active AND s.status = 'active')
  )
  INSERT INTO product_cards (product_id, category_id, created_at, price_cents, compare_at_cents, seller_name, seller_count, in_stock, colour_hexes)
  SELECT id, category_id, created_at, price_cents, compare_at_cents, seller_name, seller_count, in_stock, colour_hexes FROM fresh
  ON CONFLICT (product_id) DO UPDATE SET
    category_id = excluded.category_id, created_at = excluded.created_at, price_cents = excluded.price_cents,
    compare_at_cents = excluded.compare_at_cents, seller_name = excluded.seller_name, seller_count = excluded.seller_count,
    in_stock = excluded.in_stock, colour_hexes = excluded.colour_hexes
  WHERE (product_cards.category_id, product_cards.created_at, product_cards.price_cents, product_cards.compare_at_cents, product_cards.seller_name,
         product_cards.seller_count, product_cards.in_stock, product_cards.colour_hexes)
    IS DISTINCT FROM (excluded.category_id, excluded.created_at, excluded.price_cents, excluded.compare_at_cents, excluded.seller_name,
         excluded.seller_count, excluded.in_stock, excluded.colour_hexes);
END $$;--> statement-breakpoint
-- Offers: a new or removed offer, or a change of what the card depends on. A stock change that does not
-- cross zero (a sale of one of fifty) changes no card and costs only the comparison.
CREATE OR REPLACE FUNCTION comptoir_offers_cards() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM comptoir_refresh_product_cards(array(SELECT DISTINCT v.product_id FROM new_rows n JOIN variants v ON v.id = n.variant_id));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM comptoir_refresh_product_cards(array(SELECT DISTINCT v.product_id FROM old_rows o JOIN variants v ON v.id = o.variant_id));
  ELSE
    PERFORM comptoir_refresh_product_cards(array(
      SELECT DISTINCT v.product_id
      FROM old_rows o JOIN new_rows n ON n.id = o.id
      CROSS JOIN LATERAL (VALUES (o.variant_id), (n.variant_id)) AS x(variant_id)
      JOIN variants v ON v.id = x.variant_id
      WHERE (o.stock > 0) IS DISTINCT FROM (n.stock > 0)
         OR (o.price_cents, o.compare_at_cents, o.active, o.variant_id, o.seller_id) IS DISTINCT FROM (n.price_cents, n.compare_at_cents, n.active, n.variant_id, n.seller_id)));
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER offers_cards_insert AFTER INSERT ON offers REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION comptoir_offers_cards();--> statement-breakpoint
CREATE TRIGGER offers_cards_update AFTER UPDATE ON offers REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION comptoir_offers_cards();--> statement-breakpoint
CREATE TRIGGER offers_cards_delete AFTER DELETE ON offers REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION comptoir_offers_cards();--> statement-breakpoint
-- Variants: a colour or a product changed, or variants removed (their offers go with them).
CREATE OR REPLACE FUNCTION comptoir_variants_cards() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM comptoir_refresh_product_cards(array(SELECT DISTINCT product_id FROM old_rows));
  ELSE
    PERFORM comptoir_refresh_product_cards(array(
      SELECT DISTINCT x.product_id FROM old_rows o JOIN new_rows n ON n.id = o.id
      CROSS JOIN LATERAL (VALUES (o.product_id), (n.product_id)) AS x(product_id)
      WHERE (o.product_id, o.colour_hex) IS DISTINCT FROM (n.product_id, n.colour_hex)));
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER variants_cards_update AFTER UPDATE ON variants REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION comptoir_variants_cards();--> statement-breakpoint
CREATE TRIGGER variants_cards_delete AFTER DELETE ON variants REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION comptoir_variants_cards();--> statement-breakpoint
-- Sellers: a suspension (or its end) or a new name changes the cards of every product they offer.
CREATE OR REPLACE FUNCTION comptoir_sellers_cards() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM comptoir_refresh_product_cards(array(
    SELECT DISTINCT v.product_id FROM old_rows o JOIN new_rows n ON n.id = o.id
    JOIN offers f ON f.seller_id = n.id JOIN variants v ON v.id = f.variant_id
    WHERE (o.status, o.name) IS DISTINCT FROM (n.status, n.name)));
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER sellers_cards_update AFTER UPDATE ON sellers REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION comptoir_sellers_cards();--> statement-breakpoint
-- Products: a move to another category or a new date is copied (a deleted product's card goes by cascade).
CREATE OR REPLACE FUNCTION comptoir_products_cards() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM comptoir_refresh_product_cards(array(
    SELECT n.id FROM old_rows o JOIN new_rows n ON n.id = o.id
    WHERE (o.category_id, o.created_at) IS DISTINCT FROM (n.category_id, n.created_at)));
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER products_cards_update AFTER UPDATE ON products REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION comptoir_products_cards();--> statement-breakpoint
-- The cards of the products already there (planned on fresh statistics: a restored database may have none).
ANALYZE products, variants, offers, sellers;--> statement-breakpoint
SELECT comptoir_refresh_product_cards(array(SELECT id FROM products));--> statement-breakpoint
-- A statement that changed only offers' stock (a sale, a cancellation, a seller's stock update) notifies
-- 'offers_stock' instead of 'offers': catalogue pages are dropped all the same (they show stock), but a
-- listing's filter choices (colours, sizes, sellers, price range) do not depend on stock and are kept.
CREATE OR REPLACE FUNCTION comptoir_offers_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (
    SELECT FROM old_rows o JOIN new_rows n ON n.id = o.id
    WHERE (o.variant_id, o.seller_id, o.price_cents, o.compare_at_cents, o.vat_rate_bps, o.lead_time_days, o.active)
      IS DISTINCT FROM (n.variant_id, n.seller_id, n.price_cents, n.compare_at_cents, n.vat_rate_bps, n.lead_time_days, n.active)
  ) THEN
    PERFORM pg_notify('comptoir_catalog', 'offers');
  ELSE
    PERFORM pg_notify('comptoir_catalog', 'offers_stock');
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
DROP TRIGGER offers_notify ON offers;--> statement-breakpoint
CREATE TRIGGER offers_notify AFTER INSERT OR DELETE OR TRUNCATE ON offers FOR EACH STATEMENT EXECUTE FUNCTION comptoir_catalog_changed();--> statement-breakpoint
CREATE TRIGGER offers_notify_update AFTER UPDATE ON offers REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION comptoir_offers_changed();

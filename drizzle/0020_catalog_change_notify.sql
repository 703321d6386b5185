-- Every change to what the storefront's catalogue pages show (decision 0024) tells each app instance
-- at commit, on channel comptoir_catalog, so it drops its cached pages at once. One notification per
-- statement and table (PostgreSQL folds identical ones within a transaction); the payload is the table.
CREATE OR REPLACE FUNCTION comptoir_catalog_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('comptoir_catalog', TG_TABLE_NAME);
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER categories_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON categories FOR EACH STATEMENT EXECUTE FUNCTION comptoir_catalog_changed();--> statement-breakpoint
CREATE TRIGGER products_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON products FOR EACH STATEMENT EXECUTE FUNCTION comptoir_catalog_changed();--> statement-breakpoint
CREATE TRIGGER product_images_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON product_images FOR EACH STATEMENT EXECUTE FUNCTION comptoir_catalog_changed();--> statement-breakpoint
CREATE TRIGGER variants_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON variants FOR EACH STATEMENT EXECUTE FUNCTION comptoir_catalog_changed();--> statement-breakpoint
CREATE TRIGGER offers_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON offers FOR EACH STATEMENT EXECUTE FUNCTION comptoir_catalog_changed();--> statement-breakpoint
CREATE TRIGGER sellers_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON sellers FOR EACH STATEMENT EXECUTE FUNCTION comptoir_catalog_changed();

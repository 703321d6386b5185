DROP INDEX "offers_seller_idx";--> statement-breakpoint
CREATE INDEX "offers_seller_updated_idx" ON "offers" USING btree ("seller_id","updated_at","id");
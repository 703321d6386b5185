-- seller_orders.paid_at: its order's paid_at, copied by PostgreSQL, so that the seller's list index
-- holds paid seller orders only (decision 0030). Without it, the "cancelled" branch of the list
-- checked orders.paid_at row by row and skipped every abandoned or failed payment attempt of the shop
-- (their lines go awaiting_payment → cancelled) — a walk that grows with the shop's history.
DROP INDEX "seller_orders_seller_status_idx";--> statement-breakpoint
ALTER TABLE "seller_orders" ADD COLUMN "paid_at" timestamp with time zone;--> statement-breakpoint
-- An order paid (or, in a repair, unpaid): its seller orders follow, in the same statement's transaction.
CREATE OR REPLACE FUNCTION comptoir_order_paid_at_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE seller_orders SET paid_at = NEW.paid_at WHERE order_id = NEW.id;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER orders_paid_at_copy AFTER UPDATE OF paid_at ON orders FOR EACH ROW WHEN (OLD.paid_at IS DISTINCT FROM NEW.paid_at) EXECUTE FUNCTION comptoir_order_paid_at_changed();--> statement-breakpoint
-- The rows already there (the trigger above holds orders against writers until this commits).
UPDATE seller_orders so SET paid_at = o.paid_at FROM orders o WHERE o.id = so.order_id AND o.paid_at IS NOT NULL;--> statement-breakpoint
-- Whatever a statement writes into seller_orders.paid_at (or a new seller order), the copy is its order's.
CREATE OR REPLACE FUNCTION comptoir_seller_order_paid_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT o.paid_at INTO NEW.paid_at FROM orders o WHERE o.id = NEW.order_id;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER seller_orders_paid_at BEFORE INSERT OR UPDATE OF order_id, paid_at ON seller_orders FOR EACH ROW EXECUTE FUNCTION comptoir_seller_order_paid_at();--> statement-breakpoint
CREATE INDEX "seller_orders_seller_paid_status_idx" ON "seller_orders" USING btree ("seller_id","status","created_at","id") WHERE "seller_orders"."paid_at" is not null;

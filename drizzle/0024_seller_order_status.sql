-- seller_orders.status: the derived status of decision 0022, now stored and kept by PostgreSQL (decision 0030)
-- so that /vendeur/orders walks (seller, status, created_at) in index order and stops at the page.
ALTER TABLE "seller_orders" ADD COLUMN "status" text DEFAULT 'awaiting_payment' NOT NULL;--> statement-breakpoint
-- The rule of sellerOrderStatus (src/modules/orders/derived-status.ts, decision 0022) over the states
-- of one seller order's lines and whether any of them was refunded (state 'refunded' or a refunded
-- amount): no line, awaiting_payment; every line cancelled or refunded, 'refunded' when money went
-- back, else 'cancelled'; otherwise the least advanced line still live. tests/seller-order-status.test.ts
-- checks that it agrees with the TypeScript rule (decision 0030).
CREATE OR REPLACE FUNCTION comptoir_seller_order_status(states text[], any_refund boolean) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN coalesce(cardinality(states), 0) = 0 THEN 'awaiting_payment'
    WHEN x.least_live IS NULL THEN CASE WHEN any_refund THEN 'refunded' ELSE 'cancelled' END
    ELSE (ARRAY['awaiting_payment', 'paid', 'preparing', 'shipped', 'delivered', 'closed'])[x.least_live]
  END
  FROM (
    SELECT min(array_position(ARRAY['awaiting_payment', 'paid', 'preparing', 'shipped', 'delivered', 'closed'], s)) AS least_live
    FROM unnest(states) AS s
    WHERE s NOT IN ('cancelled', 'refunded')
  ) x
$$;--> statement-breakpoint
-- seller_orders.status of the seller orders whose lines a statement inserted, deleted, or changed in
-- state, refunded amount or seller order. The rows are locked (in id order) BEFORE the lines are read,
-- in a statement of their own: in READ COMMITTED that read takes a new snapshot, so a transaction
-- that changed another line of the same seller order and held the lock has committed and is seen —
-- two concurrent changes cannot each compute the status without the other's line.
CREATE OR REPLACE FUNCTION comptoir_order_lines_status() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT n.seller_order_id) INTO ids FROM new_lines n;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT o.seller_order_id) INTO ids FROM old_lines o;
  ELSE
    SELECT array_agg(DISTINCT v.id) INTO ids
    FROM old_lines o
    JOIN new_lines n ON n.id = o.id
    CROSS JOIN LATERAL (VALUES (o.seller_order_id), (n.seller_order_id)) AS v(id)
    WHERE (o.state, o.refunded_cents, o.seller_order_id) IS DISTINCT FROM (n.state, n.refunded_cents, n.seller_order_id);
  END IF;
  IF ids IS NULL THEN
    RETURN NULL;
  END IF;
  PERFORM 1 FROM seller_orders WHERE id = ANY (ids) ORDER BY id FOR NO KEY UPDATE;
  UPDATE seller_orders so SET status = s.status
  FROM (
    SELECT i AS id,
      (SELECT comptoir_seller_order_status(array_agg(l.state), bool_or(l.state = 'refunded' OR l.refunded_cents > 0))
       FROM order_lines l WHERE l.seller_order_id = i) AS status
    FROM unnest(ids) AS i
  ) s
  WHERE so.id = s.id AND so.status IS DISTINCT FROM s.status;
  RETURN NULL;
END $$;--> statement-breakpoint
-- TRUNCATE leaves every seller order without lines: awaiting_payment, by the same rule.
CREATE OR REPLACE FUNCTION comptoir_order_lines_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE seller_orders SET status = 'awaiting_payment' WHERE status <> 'awaiting_payment';
  RETURN NULL;
END $$;--> statement-breakpoint
-- One trigger per event: a trigger with transition tables takes one event and no column list.
CREATE TRIGGER order_lines_status_insert AFTER INSERT ON order_lines REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION comptoir_order_lines_status();--> statement-breakpoint
CREATE TRIGGER order_lines_status_update AFTER UPDATE ON order_lines REFERENCING OLD TABLE AS old_lines NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION comptoir_order_lines_status();--> statement-breakpoint
CREATE TRIGGER order_lines_status_delete AFTER DELETE ON order_lines REFERENCING OLD TABLE AS old_lines FOR EACH STATEMENT EXECUTE FUNCTION comptoir_order_lines_status();--> statement-breakpoint
CREATE TRIGGER order_lines_status_truncate AFTER TRUNCATE ON order_lines FOR EACH STATEMENT EXECUTE FUNCTION comptoir_order_lines_truncated();--> statement-breakpoint
-- The rows already there, in one pass over the lines (the triggers above already hold order_lines
-- against writers until this migration commits, so nothing changes in between).
UPDATE seller_orders so SET status = s.status
FROM (
  SELECT l.seller_order_id, comptoir_seller_order_status(array_agg(l.state), bool_or(l.state = 'refunded' OR l.refunded_cents > 0)) AS status
  FROM order_lines l
  GROUP BY l.seller_order_id
) s
WHERE so.id = s.seller_order_id AND so.status <> s.status;--> statement-breakpoint
CREATE INDEX "seller_orders_seller_status_idx" ON "seller_orders" USING btree ("seller_id","status","created_at","id");

-- Every change to what a logged-in customer's pages show — their session, name, cart, unread messages
-- and orders (decision 0031) — tells each app instance at commit, on channel comptoir_customer with the
-- customer's id as payload, so it drops that customer's cached header and pages at once. PostgreSQL
-- folds identical notifications within a transaction (one per customer, however many rows changed).
-- A TRUNCATE says '*' (every customer).
CREATE OR REPLACE FUNCTION comptoir_customer_row_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  was text;
  now_ text;
BEGIN
  -- TG_ARGV[0]: the column holding the customer's id (sessions.user_id, customers.id, carts.customer_id…).
  IF TG_OP <> 'INSERT' THEN was := to_jsonb(OLD) ->> TG_ARGV[0]; END IF;
  IF TG_OP <> 'DELETE' THEN now_ := to_jsonb(NEW) ->> TG_ARGV[0]; END IF;
  IF was IS NOT NULL THEN PERFORM pg_notify('comptoir_customer', was); END IF;
  IF now_ IS NOT NULL AND now_ IS DISTINCT FROM was THEN PERFORM pg_notify('comptoir_customer', now_); END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION comptoir_customer_order_part_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  oid uuid;
BEGIN
  -- A seller order or an order line: its order's customer.
  IF TG_OP = 'DELETE' THEN oid := OLD.order_id; ELSE oid := NEW.order_id; END IF;
  PERFORM pg_notify('comptoir_customer', o.customer_id::text) FROM orders o WHERE o.id = oid AND o.customer_id IS NOT NULL;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION comptoir_customer_cart_item_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  cid uuid;
BEGIN
  IF TG_OP = 'DELETE' THEN cid := OLD.cart_id; ELSE cid := NEW.cart_id; END IF;
  PERFORM pg_notify('comptoir_customer', c.customer_id::text) FROM carts c WHERE c.id = cid AND c.customer_id IS NOT NULL;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION comptoir_customers_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('comptoir_customer', '*');
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER sessions_customer_notify AFTER UPDATE OR DELETE ON sessions FOR EACH ROW EXECUTE FUNCTION comptoir_customer_row_changed('user_id');--> statement-breakpoint
CREATE TRIGGER customers_customer_notify AFTER UPDATE OR DELETE ON customers FOR EACH ROW EXECUTE FUNCTION comptoir_customer_row_changed('id');--> statement-breakpoint
CREATE TRIGGER carts_customer_notify AFTER INSERT OR UPDATE OR DELETE ON carts FOR EACH ROW EXECUTE FUNCTION comptoir_customer_row_changed('customer_id');--> statement-breakpoint
CREATE TRIGGER message_threads_customer_notify AFTER INSERT OR UPDATE OR DELETE ON message_threads FOR EACH ROW EXECUTE FUNCTION comptoir_customer_row_changed('customer_id');--> statement-breakpoint
CREATE TRIGGER orders_customer_notify AFTER INSERT OR UPDATE OR DELETE ON orders FOR EACH ROW EXECUTE FUNCTION comptoir_customer_row_changed('customer_id');--> statement-breakpoint
CREATE TRIGGER seller_orders_customer_notify AFTER INSERT OR UPDATE OR DELETE ON seller_orders FOR EACH ROW EXECUTE FUNCTION comptoir_customer_order_part_changed();--> statement-breakpoint
CREATE TRIGGER order_lines_customer_notify AFTER INSERT OR UPDATE OR DELETE ON order_lines FOR EACH ROW EXECUTE FUNCTION comptoir_customer_order_part_changed();--> statement-breakpoint
CREATE TRIGGER cart_items_customer_notify AFTER INSERT OR UPDATE OR DELETE ON cart_items FOR EACH ROW EXECUTE FUNCTION comptoir_customer_cart_item_changed();--> statement-breakpoint
CREATE TRIGGER sessions_customer_truncate AFTER TRUNCATE ON sessions FOR EACH STATEMENT EXECUTE FUNCTION comptoir_customers_truncated();--> statement-breakpoint
CREATE TRIGGER customers_customer_truncate AFTER TRUNCATE ON customers FOR EACH STATEMENT EXECUTE FUNCTION comptoir_customers_truncated();--> statement-breakpoint
CREATE TRIGGER carts_customer_truncate AFTER TRUNCATE ON carts FOR EACH STATEMENT EXECUTE FUNCTION comptoir_customers_truncated();--> statement-breakpoint
CREATE TRIGGER cart_items_customer_truncate AFTER TRUNCATE ON cart_items FOR EACH STATEMENT EXECUTE FUNCTION comptoir_customers_truncated();--> statement-breakpoint
CREATE TRIGGER message_threads_customer_truncate AFTER TRUNCATE ON message_threads FOR EACH STATEMENT EXECUTE FUNCTION comptoir_customers_truncated();--> statement-breakpoint
CREATE TRIGGER orders_customer_truncate AFTER TRUNCATE ON orders FOR EACH STATEMENT EXECUTE FUNCTION comptoir_customers_truncated();--> statement-breakpoint
CREATE TRIGGER seller_orders_customer_truncate AFTER TRUNCATE ON seller_orders FOR EACH STATEMENT EXECUTE FUNCTION comptoir_customers_truncated();--> statement-breakpoint
CREATE TRIGGER order_lines_customer_truncate AFTER TRUNCATE ON order_lines FOR EACH STATEMENT EXECUTE FUNCTION comptoir_customers_truncated();

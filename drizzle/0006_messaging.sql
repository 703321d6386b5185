CREATE TABLE "message_threads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"seller_id" uuid NOT NULL,
	"product_id" uuid,
	"variant_id" uuid,
	"offer_id" uuid,
	"order_line_id" uuid,
	"incident_id" uuid,
	"subject" text,
	"started_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"last_message_at" timestamp with time zone NOT NULL,
	"last_message_by" text NOT NULL,
	"last_for_customer_at" timestamp with time zone,
	"last_for_seller_at" timestamp with time zone,
	"customer_read_at" timestamp with time zone,
	"seller_read_at" timestamp with time zone,
	"awaiting_seller_since" timestamp with time zone,
	"first_seller_reply_at" timestamp with time zone,
	CONSTRAINT "message_threads_order_line" CHECK ("message_threads"."kind" <> 'order_line' or "message_threads"."order_line_id" is not null),
	CONSTRAINT "message_threads_incident" CHECK ("message_threads"."kind" <> 'incident' or "message_threads"."incident_id" is not null)
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"thread_id" uuid NOT NULL,
	"author_type" text NOT NULL,
	"author_id" uuid NOT NULL,
	"body" text NOT NULL,
	"variant_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "messages_body_len" CHECK (char_length("messages"."body") between 1 and 2000)
);
--> statement-breakpoint
ALTER TABLE "message_threads" ADD CONSTRAINT "message_threads_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_threads" ADD CONSTRAINT "message_threads_seller_id_sellers_id_fk" FOREIGN KEY ("seller_id") REFERENCES "public"."sellers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_threads" ADD CONSTRAINT "message_threads_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_threads" ADD CONSTRAINT "message_threads_variant_id_variants_id_fk" FOREIGN KEY ("variant_id") REFERENCES "public"."variants"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_threads" ADD CONSTRAINT "message_threads_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_thread_id_message_threads_id_fk" FOREIGN KEY ("thread_id") REFERENCES "public"."message_threads"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_variant_id_variants_id_fk" FOREIGN KEY ("variant_id") REFERENCES "public"."variants"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "message_threads_customer_idx" ON "message_threads" USING btree ("customer_id","last_message_at");--> statement-breakpoint
CREATE INDEX "message_threads_seller_idx" ON "message_threads" USING btree ("seller_id","last_message_at");--> statement-breakpoint
CREATE INDEX "message_threads_seller_waiting_idx" ON "message_threads" USING btree ("seller_id","awaiting_seller_since") WHERE "message_threads"."awaiting_seller_since" is not null;--> statement-breakpoint
CREATE INDEX "message_threads_customer_unread_idx" ON "message_threads" USING btree ("customer_id") WHERE "message_threads"."last_for_customer_at" > coalesce("message_threads"."customer_read_at", '-infinity'::timestamptz);--> statement-breakpoint
CREATE INDEX "message_threads_last_idx" ON "message_threads" USING btree ("last_message_at","id");--> statement-breakpoint
CREATE INDEX "message_threads_customer_created_idx" ON "message_threads" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "message_threads_order_line_uq" ON "message_threads" USING btree ("order_line_id") WHERE "message_threads"."kind" = 'order_line';--> statement-breakpoint
CREATE UNIQUE INDEX "message_threads_incident_uq" ON "message_threads" USING btree ("incident_id") WHERE "message_threads"."kind" = 'incident';--> statement-breakpoint
CREATE INDEX "messages_thread_idx" ON "messages" USING btree ("thread_id","created_at");--> statement-breakpoint
CREATE INDEX "messages_author_idx" ON "messages" USING btree ("author_type","author_id","created_at");
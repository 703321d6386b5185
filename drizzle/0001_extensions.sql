-- Search tolerates accents and small typos (catalogue issue): unaccent + trigram similarity.
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;

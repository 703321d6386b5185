-- Catalogue search (docs/decisions/0011-catalog-search.md): unaccent() is only STABLE (its dictionary
-- could change), so it cannot appear in an index or a generated column. This wrapper names the
-- dictionary explicitly and is declared IMMUTABLE, the usual way to index unaccented text.
CREATE OR REPLACE FUNCTION comptoir_unaccent(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;

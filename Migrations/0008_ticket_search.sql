-- Full-text search over ticket subjects and messages.
--
-- The words are found by ICU in the application (so Japanese and Chinese, written without
-- spaces, split into words, and Korean keeps its spacing) and stored lower-cased as a tsvector;
-- PostgreSQL's own parser never sees the text. One GIN index per ticket over (tenant, words)
-- answers a search inside one tenant without touching the others' entries.
CREATE EXTENSION IF NOT EXISTS btree_gin;

ALTER TABLE tickets ADD COLUMN search tsvector NOT NULL DEFAULT ''::tsvector;
CREATE INDEX tickets_search ON tickets USING gin (tenant_id, search);
-- Filters by customer and creation date.
CREATE INDEX tickets_by_person ON tickets (tenant_id, person_id, updated_at DESC, id DESC) WHERE person_id IS NOT NULL;

-- A ticket's words with more appended, until it holds 50,000 distinct words (far below
-- PostgreSQL's 1 MB limit for one tsvector); later words of a huge thread are not indexed.
CREATE FUNCTION sb_add_search_words(p_search tsvector, p_words text[]) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT CASE WHEN length(p_search) >= 50000 THEN p_search ELSE p_search || array_to_tsvector(p_words) END $$;
GRANT EXECUTE ON FUNCTION sb_add_search_words(tsvector, text[]) TO switchboard_app;

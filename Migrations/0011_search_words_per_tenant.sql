-- Search words are stored as "<tenant id>:<word>", so the word index holds one entry per tenant
-- and word: a search reads only its own tenant's postings, however common the word is in
-- other helpdesks on the same cluster.
DROP INDEX tickets_search;
UPDATE tickets
SET search = array_to_tsvector(ARRAY(SELECT tenant_id::text || ':' || word FROM unnest(tsvector_to_array(search)) AS word))
WHERE search <> ''::tsvector;
CREATE INDEX tickets_search ON tickets USING gin (search);

-- A replayed response carries the headers a client acts on, not only its body.
ALTER TABLE idempotency_keys ADD COLUMN etag text, ADD COLUMN location text;

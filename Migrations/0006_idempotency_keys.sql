-- Idempotency-Key on POST: the first request with a key is processed and its response kept;
-- a retry with the same key and the same body gets that response again instead of a second
-- ticket. Keys are per tenant and per caller, and are kept for a day.
CREATE TABLE idempotency_keys (
    tenant_id     bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    caller        text NOT NULL,
    key           text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
    request_hash  bytea NOT NULL,
    status        integer,
    response_body bytea,
    content_type  text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, caller, key)
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (created_at);

ALTER TABLE idempotency_keys ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON idempotency_keys
    USING (tenant_id = sb_current_tenant()) WITH CHECK (tenant_id = sb_current_tenant());
GRANT SELECT, INSERT, UPDATE, DELETE ON idempotency_keys TO switchboard_app;

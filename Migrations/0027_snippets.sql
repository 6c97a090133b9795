-- Snippets (AUTO-7, L10N-4): canned replies with a version per language.
CREATE TABLE snippets (
    tenant_id  bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id         bigint GENERATED ALWAYS AS IDENTITY,
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    definition jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX snippets_name ON snippets (tenant_id, lower(name));

SELECT sb_isolate_tenant_tables(ARRAY['snippets']);

-- Macros (AUTO-4): named action lists, with an optional reply or note, that agents apply to a
-- ticket or schedule for later.
CREATE TABLE macros (
    tenant_id  bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id         bigint GENERATED ALWAYS AS IDENTITY,
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    definition jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX macros_name ON macros (tenant_id, lower(name));

SELECT sb_isolate_tenant_tables(ARRAY['macros']);

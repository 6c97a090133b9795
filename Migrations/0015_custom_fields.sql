-- Custom fields on tickets, people and organisations: their definitions, and tickets' values
-- in one document per ticket, so hundreds of fields cost no extra rows, joins or columns.
CREATE TABLE custom_fields (
    tenant_id    bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id           bigint GENERATED ALWAYS AS IDENTITY,
    entity       text NOT NULL CHECK (entity IN ('ticket', 'person', 'organisation')),
    key          text NOT NULL CHECK (key ~ '^[a-z][a-z0-9_]{0,63}$'),
    label        text NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
    kind         text NOT NULL CHECK (kind IN ('text', 'multiline', 'number', 'date', 'choice', 'multi_choice', 'checkbox')),
    is_required  boolean NOT NULL DEFAULT false,
    is_agent_only boolean NOT NULL DEFAULT false,
    choices      text[] NOT NULL DEFAULT '{}',
    pattern      text,
    position     integer NOT NULL DEFAULT 0,
    departments  bigint[] NOT NULL DEFAULT '{}',
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, entity, key)
);

ALTER TABLE custom_fields ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON custom_fields
    USING (tenant_id = sb_current_tenant()) WITH CHECK (tenant_id = sb_current_tenant());
GRANT SELECT, INSERT, UPDATE, DELETE ON custom_fields TO switchboard_app;

ALTER TABLE tickets ADD COLUMN fields jsonb NOT NULL DEFAULT '{}';

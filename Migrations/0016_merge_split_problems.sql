-- Merging and splitting tickets with their history kept, and problems: one cause behind many
-- tickets, updated together.
CREATE TABLE problems (
    tenant_id  bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id         bigint GENERATED ALWAYS AS IDENTITY,
    title      text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
    created_by bigint,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
ALTER TABLE problems ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON problems
    USING (tenant_id = sb_current_tenant()) WITH CHECK (tenant_id = sb_current_tenant());
GRANT SELECT, INSERT, UPDATE, DELETE ON problems TO switchboard_app;

-- A merged ticket stays, closed, pointing at the one it became part of.
ALTER TABLE tickets ADD COLUMN merged_into bigint, ADD COLUMN problem_id bigint,
    ADD FOREIGN KEY (tenant_id, merged_into) REFERENCES tickets (tenant_id, id) ON DELETE SET NULL (merged_into),
    ADD FOREIGN KEY (tenant_id, problem_id) REFERENCES problems (tenant_id, id) ON DELETE SET NULL (problem_id);
CREATE INDEX tickets_by_problem ON tickets (tenant_id, problem_id) WHERE problem_id IS NOT NULL;

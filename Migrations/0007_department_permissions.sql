-- Who may see and work on which department's tickets.
--
-- An agent's access to a department is the highest of their own (agent_departments) and that
-- of every permission group they belong to: none (no row), view (read only) or full (read and
-- change). Tickets in no department are open to every agent; administrators see everything.
ALTER TABLE agent_departments
    ADD COLUMN access text NOT NULL DEFAULT 'full' CHECK (access IN ('view', 'full'));

CREATE TABLE permission_groups (
    tenant_id  bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id         bigint GENERATED ALWAYS AS IDENTITY,
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, name)
);

CREATE TABLE permission_group_members (
    tenant_id bigint NOT NULL,
    group_id  bigint NOT NULL,
    agent_id  bigint NOT NULL,
    PRIMARY KEY (tenant_id, group_id, agent_id),
    FOREIGN KEY (tenant_id, group_id) REFERENCES permission_groups (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, agent_id) REFERENCES agents (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX permission_group_members_by_agent ON permission_group_members (tenant_id, agent_id);

CREATE TABLE permission_group_departments (
    tenant_id     bigint NOT NULL,
    group_id      bigint NOT NULL,
    department_id bigint NOT NULL,
    access        text NOT NULL CHECK (access IN ('view', 'full')),
    PRIMARY KEY (tenant_id, group_id, department_id),
    FOREIGN KEY (tenant_id, group_id) REFERENCES permission_groups (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, department_id) REFERENCES departments (tenant_id, id) ON DELETE CASCADE
);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['permission_groups', 'permission_group_members', 'permission_group_departments']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = sb_current_tenant()) '
                       'WITH CHECK (tenant_id = sb_current_tenant())', t);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO switchboard_app', t);
    END LOOP;
END
$$;

-- Teams of agents that tickets are assigned to, tenant-defined sub-statuses under the five
-- statuses, and custom field values on people and organisations.

-- Row-level security for tenant tables, the same policy everywhere.
CREATE FUNCTION sb_isolate_tenant_tables(tables text[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY tables
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = sb_current_tenant()) '
                       'WITH CHECK (tenant_id = sb_current_tenant())', t);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO switchboard_app', t);
    END LOOP;
END
$$;
REVOKE ALL ON FUNCTION sb_isolate_tenant_tables(text[]) FROM PUBLIC;

CREATE TABLE teams (
    tenant_id  bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id         bigint GENERATED ALWAYS AS IDENTITY,
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX teams_name ON teams (tenant_id, lower(name));

CREATE TABLE team_members (
    tenant_id bigint NOT NULL,
    team_id   bigint NOT NULL,
    agent_id  bigint NOT NULL,
    PRIMARY KEY (tenant_id, team_id, agent_id),
    FOREIGN KEY (tenant_id, team_id) REFERENCES teams (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, agent_id) REFERENCES agents (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX team_members_by_agent ON team_members (tenant_id, agent_id);

-- A sub-status refines one status ("awaiting agent: escalated to billing"). The ticket's
-- foreign key includes its status, so a ticket can only carry a sub-status of the status it
-- is in: changing the status means choosing a sub-status of the new one, or none.
CREATE TABLE ticket_substatuses (
    tenant_id  bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id         bigint GENERATED ALWAYS AS IDENTITY,
    status     text NOT NULL CHECK (status IN ('awaiting_agent', 'awaiting_user', 'pending', 'resolved', 'closed')),
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    position   integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, id, status)
);
CREATE UNIQUE INDEX ticket_substatuses_name ON ticket_substatuses (tenant_id, status, lower(name));

ALTER TABLE tickets ADD COLUMN team_id bigint, ADD COLUMN substatus_id bigint,
    ADD FOREIGN KEY (tenant_id, team_id) REFERENCES teams (tenant_id, id) ON DELETE SET NULL (team_id),
    ADD FOREIGN KEY (tenant_id, substatus_id, status) REFERENCES ticket_substatuses (tenant_id, id, status)
        ON DELETE SET NULL (substatus_id);
CREATE INDEX tickets_by_team ON tickets (tenant_id, team_id, updated_at DESC, id DESC) WHERE team_id IS NOT NULL;
CREATE INDEX tickets_by_substatus ON tickets (tenant_id, substatus_id) WHERE substatus_id IS NOT NULL;

-- Custom field values, one document each, as tickets keep theirs.
ALTER TABLE people ADD COLUMN fields jsonb NOT NULL DEFAULT '{}';
ALTER TABLE organisations ADD COLUMN fields jsonb NOT NULL DEFAULT '{}';

SELECT sb_isolate_tenant_tables(ARRAY['teams', 'team_members', 'ticket_substatuses']);

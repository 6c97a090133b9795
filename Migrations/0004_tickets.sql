-- Tickets, their messages and their change log: the first slice of the ticket core.

-- Per-tenant counters (ticket references #1, #2, ...), taken in the creating transaction so a
-- rolled-back create leaves no gap for anyone else to notice.
CREATE TABLE tenant_counters (
    tenant_id bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name      text NOT NULL,
    value     bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, name)
);

CREATE TABLE tickets (
    tenant_id     bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id            bigint GENERATED ALWAYS AS IDENTITY,
    ref           bigint NOT NULL,
    subject       text NOT NULL CHECK (length(subject) BETWEEN 1 AND 500),
    status        text NOT NULL DEFAULT 'awaiting_agent'
                  CHECK (status IN ('awaiting_agent', 'awaiting_user', 'pending', 'resolved', 'closed')),
    priority      text NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
    urgency       smallint NOT NULL DEFAULT 1 CHECK (urgency BETWEEN 1 AND 10),
    department_id bigint,
    agent_id      bigint,
    person_id     bigint,
    labels        text[] NOT NULL DEFAULT '{}',
    version       integer NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, ref),
    FOREIGN KEY (tenant_id, department_id) REFERENCES departments (tenant_id, id) ON DELETE SET NULL (department_id),
    FOREIGN KEY (tenant_id, agent_id) REFERENCES agents (tenant_id, id) ON DELETE SET NULL (agent_id),
    FOREIGN KEY (tenant_id, person_id) REFERENCES people (tenant_id, id) ON DELETE SET NULL (person_id)
);
-- Lists page by (updated_at, id) in either direction, usually within a status.
CREATE INDEX tickets_by_update ON tickets (tenant_id, updated_at DESC, id DESC);
CREATE INDEX tickets_by_status ON tickets (tenant_id, status, updated_at DESC, id DESC);

CREATE TABLE ticket_messages (
    tenant_id       bigint NOT NULL,
    id              bigint GENERATED ALWAYS AS IDENTITY,
    ticket_id       bigint NOT NULL,
    kind            text NOT NULL CHECK (kind IN ('reply', 'note')),
    author_agent_id bigint,
    author_person_id bigint,
    body            text NOT NULL CHECK (length(body) BETWEEN 1 AND 1000000),
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX ticket_messages_by_ticket ON ticket_messages (tenant_id, ticket_id, id);

-- Every change to a ticket: who, when, which field, old -> new.
CREATE TABLE ticket_log (
    tenant_id  bigint NOT NULL,
    id         bigint GENERATED ALWAYS AS IDENTITY,
    ticket_id  bigint NOT NULL,
    agent_id   bigint,
    field      text NOT NULL,
    old_value  text,
    new_value  text,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX ticket_log_by_ticket ON ticket_log (tenant_id, ticket_id, id);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['tenant_counters', 'tickets', 'ticket_messages', 'ticket_log']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = sb_current_tenant()) '
                       'WITH CHECK (tenant_id = sb_current_tenant())', t);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO switchboard_app', t);
    END LOOP;
END
$$;

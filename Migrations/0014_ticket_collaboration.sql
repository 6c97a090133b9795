-- Working on tickets together: followers, private stars, tasks, links between tickets, and the
-- notifications that @mentions and followed tickets send.

CREATE TABLE ticket_followers (
    tenant_id  bigint NOT NULL,
    ticket_id  bigint NOT NULL,
    agent_id   bigint NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, ticket_id, agent_id),
    FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, agent_id) REFERENCES agents (tenant_id, id) ON DELETE CASCADE
);

-- Stars are private: only their agent ever reads them.
CREATE TABLE ticket_stars (
    tenant_id  bigint NOT NULL,
    agent_id   bigint NOT NULL,
    ticket_id  bigint NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, agent_id, ticket_id),
    FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, agent_id) REFERENCES agents (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE ticket_tasks (
    tenant_id   bigint NOT NULL,
    id          bigint GENERATED ALWAYS AS IDENTITY,
    ticket_id   bigint NOT NULL,
    title       text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
    assignee_id bigint,
    due_at      timestamptz,
    done_at     timestamptz,
    created_by  bigint,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, assignee_id) REFERENCES agents (tenant_id, id) ON DELETE SET NULL (assignee_id)
);
CREATE INDEX ticket_tasks_by_ticket ON ticket_tasks (tenant_id, ticket_id, id);
CREATE INDEX ticket_tasks_open_by_assignee ON ticket_tasks (tenant_id, assignee_id, due_at) WHERE done_at IS NULL;

-- A link is stored once, from the lower ticket id to the higher.
CREATE TABLE ticket_links (
    tenant_id  bigint NOT NULL,
    low_id     bigint NOT NULL,
    high_id    bigint NOT NULL CHECK (high_id > low_id),
    created_by bigint,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, low_id, high_id),
    FOREIGN KEY (tenant_id, low_id) REFERENCES tickets (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, high_id) REFERENCES tickets (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX ticket_links_by_high ON ticket_links (tenant_id, high_id);

CREATE TABLE notifications (
    tenant_id  bigint NOT NULL,
    id         bigint GENERATED ALWAYS AS IDENTITY,
    agent_id   bigint NOT NULL,
    kind       text NOT NULL CHECK (kind IN ('mention', 'followed_update')),
    ticket_id  bigint NOT NULL,
    message_id bigint,
    actor_id   bigint,
    created_at timestamptz NOT NULL DEFAULT now(),
    read_at    timestamptz,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, agent_id) REFERENCES agents (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX notifications_by_agent ON notifications (tenant_id, agent_id, id DESC);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['ticket_followers', 'ticket_stars', 'ticket_tasks', 'ticket_links', 'notifications']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = sb_current_tenant()) '
                       'WITH CHECK (tenant_id = sb_current_tenant())', t);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO switchboard_app', t);
    END LOOP;
END
$$;

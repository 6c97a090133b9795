-- Escalations (AUTO-2): after a ticket has been so long in a state, act on it, once per ticket
-- and escalation. The time a ticket entered its status is kept on it; tickets that have not
-- changed status since this column came count from their creation.
ALTER TABLE tickets ADD COLUMN status_changed_at timestamptz;
CREATE INDEX tickets_by_status_since ON tickets (tenant_id, status, (COALESCE(status_changed_at, created_at)));

CREATE TABLE escalations (
    tenant_id  bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id         bigint GENERATED ALWAYS AS IDENTITY,
    position   integer NOT NULL,
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    definition jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX escalations_name ON escalations (tenant_id, lower(name));

-- The proof that an escalation has looked at a ticket at its threshold (and fired, if its
-- conditions held): written in the transaction that does its actions, so it acts once however
-- many workers look.
CREATE TABLE ticket_escalations (
    tenant_id     bigint NOT NULL,
    ticket_id     bigint NOT NULL,
    escalation_id bigint NOT NULL,
    fired         boolean NOT NULL,
    fired_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, escalation_id, ticket_id),
    FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, escalation_id) REFERENCES escalations (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX ticket_escalations_by_ticket ON ticket_escalations (tenant_id, ticket_id);

-- Automatic assignment (AUTO-8): how many open tickets an agent takes at most (null: no
-- limit), and where each pool's round robin stands. The cursor row is locked by the
-- assignment that moves it, so concurrent assignments take turns.
ALTER TABLE agents ADD COLUMN capacity integer CHECK (capacity >= 0);

CREATE TABLE assignment_cursors (
    tenant_id     bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    pool          text NOT NULL,
    last_agent_id bigint,
    PRIMARY KEY (tenant_id, pool)
);

SELECT sb_isolate_tenant_tables(ARRAY['escalations', 'ticket_escalations', 'assignment_cursors']);

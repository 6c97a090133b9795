-- Where each ticket's SLA targets stood when last worked out: written by a background job
-- after every change to a ticket held to SLAs and again at each target's amber and red
-- times, so lists can filter on amber and red without working out every ticket's clocks.
CREATE TABLE ticket_sla_states (
    tenant_id    bigint NOT NULL,
    ticket_id    bigint NOT NULL,
    policy_id    bigint NOT NULL,
    target       text NOT NULL CHECK (target IN ('first_response', 'next_response', 'resolution', 'total_user_waiting')),
    phase        text NOT NULL CHECK (phase IN ('running', 'warning', 'failed', 'met', 'paused')),
    warning_at   timestamptz,
    failure_at   timestamptz,
    completed_at timestamptz,
    computed_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, ticket_id, policy_id, target),
    FOREIGN KEY (tenant_id, ticket_id, policy_id) REFERENCES ticket_slas (tenant_id, ticket_id, policy_id) ON DELETE CASCADE
);
CREATE INDEX ticket_sla_states_by_phase ON ticket_sla_states (tenant_id, phase, ticket_id);

SELECT sb_isolate_tenant_tables(ARRAY['ticket_sla_states']);

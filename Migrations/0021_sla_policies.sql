-- SLA policies (AUTO-6): named targets in working time, measured in a business-hours calendar
-- of their own or else the ticket's department's (then the tenant's, then around the clock),
-- and the policies each ticket is held to.
CREATE TABLE sla_policies (
    tenant_id   bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id          bigint GENERATED ALWAYS AS IDENTITY,
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    calendar_id bigint,
    -- Target name -> {"warning": seconds or null, "failure": seconds}.
    limits      jsonb NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, calendar_id) REFERENCES business_calendars (tenant_id, id) ON DELETE SET NULL (calendar_id)
);
CREATE UNIQUE INDEX sla_policies_name ON sla_policies (tenant_id, lower(name));

CREATE TABLE ticket_slas (
    tenant_id  bigint NOT NULL,
    ticket_id  bigint NOT NULL,
    policy_id  bigint NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, ticket_id, policy_id),
    FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, policy_id) REFERENCES sla_policies (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX ticket_slas_by_policy ON ticket_slas (tenant_id, policy_id);

SELECT sb_isolate_tenant_tables(ARRAY['sla_policies', 'ticket_slas']);

-- Customer accounts on the help-center portal (HC-6, CRM-8). A person may set a password and
-- sign in to see their tickets. Until their address is confirmed by mail, an account sees only
-- the tickets it opened on the portal itself, so that registering with someone else's address
-- shows nothing of theirs.
ALTER TABLE tenants ADD COLUMN portal_registration text NOT NULL DEFAULT 'open'
    CHECK (portal_registration IN ('open', 'closed'));

CREATE TABLE person_credentials (
    tenant_id     bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    person_id     bigint NOT NULL,
    password_hash text NOT NULL,
    verified_at   timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, person_id),
    FOREIGN KEY (tenant_id, person_id) REFERENCES people (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE portal_sessions (
    tenant_id  bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    token_hash bytea NOT NULL,
    person_id  bigint NOT NULL,
    expires_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, token_hash),
    FOREIGN KEY (tenant_id, person_id) REFERENCES people (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE portal_submissions (
    tenant_id bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    ticket_id bigint NOT NULL,
    person_id bigint NOT NULL,
    PRIMARY KEY (tenant_id, ticket_id),
    FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX portal_submissions_person ON portal_submissions (tenant_id, person_id);

SELECT sb_isolate_tenant_tables(ARRAY['person_credentials', 'portal_sessions', 'portal_submissions']);

-- A ticket opened by no agent is written by its customer.
CREATE OR REPLACE FUNCTION sb_create_ticket(
    p_tenant bigint, p_ref bigint, p_subject text, p_body text, p_priority text, p_urgency smallint, p_department text,
    p_labels text[], p_agent bigint, p_words text[], p_fields jsonb, p_person bigint
) RETURNS SETOF tickets
LANGUAGE plpgsql
AS $$
DECLARE
    v_scope bigint := sb_current_tenant();
    v_department bigint;
    v_ticket tickets;
BEGIN
    IF v_scope IS NOT NULL AND v_scope <> p_tenant THEN
        RAISE EXCEPTION 'ticket for tenant % created under the scope of tenant %', p_tenant, v_scope;
    END IF;
    PERFORM set_config('app.tenant_id', p_tenant::text, true);
    IF p_department IS NOT NULL THEN
        SELECT id INTO v_department FROM departments WHERE name = p_department;
        IF v_department IS NULL THEN
            RETURN;  -- no such department: nothing is written
        END IF;
    END IF;
    INSERT INTO tickets (tenant_id, ref, subject, priority, urgency, department_id, labels, search, fields, person_id)
    VALUES (p_tenant, p_ref, p_subject, p_priority, p_urgency, v_department, p_labels, array_to_tsvector(p_words), p_fields, p_person)
    RETURNING * INTO v_ticket;
    INSERT INTO ticket_messages (tenant_id, ticket_id, kind, author_agent_id, author_person_id, body)
    VALUES (p_tenant, v_ticket.id, 'reply', p_agent, CASE WHEN p_agent IS NULL THEN p_person END, p_body);
    INSERT INTO ticket_log (tenant_id, ticket_id, agent_id, field, new_value)
    VALUES (p_tenant, v_ticket.id, p_agent, 'created', p_subject);
    RETURN NEXT v_ticket;
END
$$;

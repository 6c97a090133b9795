-- Creating a ticket in one statement: the ticket, its first message and its log entry,
-- scoped to the tenant by the function itself. Called inside a tenant transaction when other
-- checks come first, or on its own, where a create needs nothing else: one round trip instead
-- of BEGIN, scoping, the insert and COMMIT. It runs as the caller, so row-level security
-- applies as always, and it refuses to run under another tenant's scope.
CREATE FUNCTION sb_create_ticket(
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
    INSERT INTO ticket_messages (tenant_id, ticket_id, kind, author_agent_id, body)
    VALUES (p_tenant, v_ticket.id, 'reply', p_agent, p_body);
    INSERT INTO ticket_log (tenant_id, ticket_id, agent_id, field, new_value)
    VALUES (p_tenant, v_ticket.id, p_agent, 'created', p_subject);
    RETURN NEXT v_ticket;
END
$$;
REVOKE ALL ON FUNCTION sb_create_ticket(bigint, bigint, text, text, text, smallint, text, text[], bigint, text[], jsonb, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sb_create_ticket(bigint, bigint, text, text, text, smallint, text, text[], bigint, text[], jsonb, bigint) TO switchboard_app;

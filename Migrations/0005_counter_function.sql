-- Ticket references come from a per-tenant counter. Taking it inside the ticket's transaction
-- would hold the counter row locked until that transaction's commit is on disk, so every new
-- ticket of a tenant would wait for the one before. This takes the next value in a statement
-- of its own that commits without waiting for the disk: WAL is written in order, so whenever a
-- ticket that used the value is durable, so is the counter. A ticket that fails leaves a gap.
CREATE FUNCTION sb_next_counter(p_tenant bigint, p_name text) RETURNS bigint
LANGUAGE plpgsql
AS $$
DECLARE
    v_value bigint;
BEGIN
    PERFORM set_config('app.tenant_id', p_tenant::text, true);
    PERFORM set_config('synchronous_commit', 'off', true);
    INSERT INTO tenant_counters (tenant_id, name, value) VALUES (p_tenant, p_name, 1)
    ON CONFLICT (tenant_id, name) DO UPDATE SET value = tenant_counters.value + 1
    RETURNING value INTO v_value;
    RETURN v_value;
END
$$;

REVOKE ALL ON FUNCTION sb_next_counter(bigint, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sb_next_counter(bigint, text) TO switchboard_app;

-- Row-level security lets the planner use an index only for leakproof operators, and the
-- text-search match (@@) is not one, so under RLS a search never reaches the word index.
-- This function reads the index as the table's owner, and returns only the ids of the tenant
-- the transaction is scoped to: the same guarantee the policy gives. The caller then applies
-- every other filter, under RLS, to those ids.
CREATE FUNCTION sb_ticket_ids_matching(p_query tsquery, p_limit integer) RETURNS SETOF bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    SELECT id FROM tickets
    WHERE search @@ p_query AND tenant_id = sb_current_tenant()
    LIMIT p_limit
$$;
REVOKE ALL ON FUNCTION sb_ticket_ids_matching(tsquery, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sb_ticket_ids_matching(tsquery, integer) TO switchboard_app;

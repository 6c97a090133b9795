-- API keys resolve with their agent's language and time zone, so responses to key-authenticated
-- requests speak the agent's language as sessions do.
DROP FUNCTION sb_resolve_api_key(bytea);

CREATE FUNCTION sb_resolve_api_key(p_hash bytea)
RETURNS TABLE (tenant_id bigint, key_id bigint, agent_id bigint, permissions integer, locale text, time_zone text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    SELECT k.tenant_id, k.id, k.agent_id, k.permissions & a.permissions, a.locale, a.time_zone
    FROM api_keys k JOIN agents a ON a.tenant_id = k.tenant_id AND a.id = k.agent_id
    WHERE k.key_hash = p_hash AND k.revoked_at IS NULL AND a.is_active
$$;

REVOKE ALL ON FUNCTION sb_resolve_api_key(bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sb_resolve_api_key(bytea) TO switchboard_app;

-- Where a tenant's agents may sign in from and use their sessions (empty: anywhere). Routing
-- reads it with the tenant, so the lookup functions return it too.
ALTER TABLE tenants ADD COLUMN agent_networks cidr[] NOT NULL DEFAULT '{}';

DROP FUNCTION sb_tenant_by_slug(text);
DROP FUNCTION sb_tenant_by_domain(text);
DROP FUNCTION sb_tenant_by_id(bigint);

CREATE FUNCTION sb_tenant_by_slug(p_slug text)
RETURNS TABLE (id bigint, slug text, name text, default_locale text, time_zone text, agent_networks text[])
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT id, slug, name, default_locale, time_zone, agent_networks::text[] FROM tenants WHERE tenants.slug = p_slug $$;

CREATE FUNCTION sb_tenant_by_domain(p_hostname text)
RETURNS TABLE (id bigint, slug text, name text, default_locale text, time_zone text, agent_networks text[])
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    SELECT t.id, t.slug, t.name, t.default_locale, t.time_zone, t.agent_networks::text[]
    FROM tenant_domains d JOIN tenants t ON t.id = d.tenant_id
    WHERE d.hostname = p_hostname AND d.verified_at IS NOT NULL
$$;

CREATE FUNCTION sb_tenant_by_id(p_id bigint)
RETURNS TABLE (id bigint, slug text, name text, default_locale text, time_zone text, agent_networks text[])
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT id, slug, name, default_locale, time_zone, agent_networks::text[] FROM tenants WHERE tenants.id = p_id $$;

REVOKE ALL ON FUNCTION sb_tenant_by_slug(text), sb_tenant_by_domain(text), sb_tenant_by_id(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sb_tenant_by_slug(text), sb_tenant_by_domain(text), sb_tenant_by_id(bigint) TO switchboard_app;

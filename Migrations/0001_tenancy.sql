-- Tenancy and identity.
--
-- The application connects as a member of `switchboard_app`, which owns nothing. Every
-- tenant-owned table leads its primary key with tenant_id and carries a row-level-security
-- policy on app.tenant_id, which the application sets per transaction. Lookups that must
-- happen before the tenant is known (by host, by API key) go through SECURITY DEFINER
-- functions that return only what routing needs.

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'switchboard_app') THEN
        CREATE ROLE switchboard_app NOLOGIN;
    END IF;
END
$$;

-- The tenant of the current transaction, or NULL outside a tenant-scoped transaction (so
-- every policy then matches nothing).
CREATE FUNCTION sb_current_tenant() RETURNS bigint
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT NULLIF(current_setting('app.tenant_id', true), '')::bigint $$;

CREATE TABLE tenants (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug           text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,61}[a-z0-9]$'),
    name           text NOT NULL,
    default_locale text NOT NULL DEFAULT 'en',
    time_zone      text NOT NULL DEFAULT 'UTC',
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tenant_domains (
    tenant_id          bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    hostname           text NOT NULL,
    verification_token text NOT NULL,
    verified_at        timestamptz,
    created_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, hostname)
);
-- A domain routes to one tenant only.
CREATE UNIQUE INDEX tenant_domains_hostname ON tenant_domains (hostname);

CREATE TABLE brands (
    tenant_id  bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id         bigint GENERATED ALWAYS AS IDENTITY,
    name       text NOT NULL,
    is_default boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, name)
);
CREATE UNIQUE INDEX brands_one_default ON brands (tenant_id) WHERE is_default;

CREATE TABLE departments (
    tenant_id  bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id         bigint GENERATED ALWAYS AS IDENTITY,
    name       text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, name)
);

CREATE TABLE agents (
    tenant_id     bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id            bigint GENERATED ALWAYS AS IDENTITY,
    email         text NOT NULL CHECK (email = lower(email)),
    name          text NOT NULL,
    password_hash text,
    permissions   integer NOT NULL DEFAULT 3,
    is_active     boolean NOT NULL DEFAULT true,
    locale        text,
    time_zone     text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, email)
);

CREATE TABLE agent_departments (
    tenant_id     bigint NOT NULL,
    agent_id      bigint NOT NULL,
    department_id bigint NOT NULL,
    PRIMARY KEY (tenant_id, agent_id, department_id),
    FOREIGN KEY (tenant_id, agent_id) REFERENCES agents (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, department_id) REFERENCES departments (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE people (
    tenant_id  bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id         bigint GENERATED ALWAYS AS IDENTITY,
    name       text NOT NULL,
    locale     text,
    time_zone  text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);

CREATE TABLE person_emails (
    tenant_id  bigint NOT NULL,
    email      text NOT NULL CHECK (email = lower(email)),
    person_id  bigint NOT NULL,
    is_primary boolean NOT NULL DEFAULT false,
    PRIMARY KEY (tenant_id, email),
    FOREIGN KEY (tenant_id, person_id) REFERENCES people (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE api_keys (
    tenant_id      bigint NOT NULL,
    id             bigint GENERATED ALWAYS AS IDENTITY,
    agent_id       bigint NOT NULL,
    name           text NOT NULL,
    display_prefix text NOT NULL,
    key_hash       bytea NOT NULL,
    permissions    integer NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    revoked_at     timestamptz,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, agent_id) REFERENCES agents (tenant_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX api_keys_hash ON api_keys (key_hash);
CREATE UNIQUE INDEX api_keys_active_name ON api_keys (tenant_id, name) WHERE revoked_at IS NULL;

CREATE TABLE sessions (
    tenant_id    bigint NOT NULL,
    token_hash   bytea NOT NULL,
    agent_id     bigint NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    ip           text,
    user_agent   text,
    PRIMARY KEY (tenant_id, token_hash),
    FOREIGN KEY (tenant_id, agent_id) REFERENCES agents (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- Row-level security: the application sees only the rows of the tenant its transaction set.
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenants
    USING (id = sb_current_tenant()) WITH CHECK (id = sb_current_tenant());

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['tenant_domains', 'brands', 'departments', 'agents', 'agent_departments',
                             'people', 'person_emails', 'api_keys', 'sessions']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = sb_current_tenant()) '
                       'WITH CHECK (tenant_id = sb_current_tenant())', t);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO switchboard_app', t);
    END LOOP;
END
$$;
GRANT SELECT, UPDATE ON tenants TO switchboard_app;

-- Routing lookups, before any tenant is known. They return only what routing needs.
CREATE FUNCTION sb_tenant_by_slug(p_slug text)
RETURNS TABLE (id bigint, slug text, name text, default_locale text, time_zone text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT id, slug, name, default_locale, time_zone FROM tenants WHERE tenants.slug = p_slug $$;

CREATE FUNCTION sb_tenant_by_domain(p_hostname text)
RETURNS TABLE (id bigint, slug text, name text, default_locale text, time_zone text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    SELECT t.id, t.slug, t.name, t.default_locale, t.time_zone
    FROM tenant_domains d JOIN tenants t ON t.id = d.tenant_id
    WHERE d.hostname = p_hostname AND d.verified_at IS NOT NULL
$$;

CREATE FUNCTION sb_tenant_by_id(p_id bigint)
RETURNS TABLE (id bigint, slug text, name text, default_locale text, time_zone text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT id, slug, name, default_locale, time_zone FROM tenants WHERE tenants.id = p_id $$;

-- An active key of an active agent; revoked keys and deactivated agents resolve to nothing.
CREATE FUNCTION sb_resolve_api_key(p_hash bytea)
RETURNS TABLE (tenant_id bigint, key_id bigint, agent_id bigint, permissions integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    SELECT k.tenant_id, k.id, k.agent_id, k.permissions & a.permissions
    FROM api_keys k JOIN agents a ON a.tenant_id = k.tenant_id AND a.id = k.agent_id
    WHERE k.key_hash = p_hash AND k.revoked_at IS NULL AND a.is_active
$$;

-- Provisioning: creates the tenant if its slug is new, returns its id either way.
CREATE FUNCTION sb_ensure_tenant(p_slug text, p_name text, p_locale text, p_time_zone text)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
    v_id bigint;
BEGIN
    INSERT INTO tenants (slug, name, default_locale, time_zone)
    VALUES (p_slug, p_name, p_locale, p_time_zone)
    ON CONFLICT (slug) DO NOTHING
    RETURNING id INTO v_id;
    IF v_id IS NULL THEN
        SELECT id INTO v_id FROM tenants WHERE slug = p_slug;
    END IF;
    RETURN v_id;
END
$$;

CREATE FUNCTION sb_list_tenants()
RETURNS TABLE (id bigint, slug text, name text, created_at timestamptz, domains text[])
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    SELECT t.id, t.slug, t.name, t.created_at,
           COALESCE(array_agg(d.hostname ORDER BY d.hostname) FILTER (WHERE d.hostname IS NOT NULL), '{}')
    FROM tenants t LEFT JOIN tenant_domains d ON d.tenant_id = t.id
    GROUP BY t.id ORDER BY t.id
$$;

-- Whether a custom domain is taken by another tenant (the unique index would refuse it, but
-- without saying so in a way the API can explain).
CREATE FUNCTION sb_domain_owner(p_hostname text) RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT tenant_id FROM tenant_domains WHERE hostname = p_hostname $$;

REVOKE ALL ON FUNCTION sb_tenant_by_slug(text), sb_tenant_by_domain(text), sb_tenant_by_id(bigint),
    sb_resolve_api_key(bytea), sb_ensure_tenant(text, text, text, text), sb_list_tenants(),
    sb_domain_owner(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sb_current_tenant(), sb_tenant_by_slug(text), sb_tenant_by_domain(text),
    sb_tenant_by_id(bigint), sb_resolve_api_key(bytea), sb_ensure_tenant(text, text, text, text),
    sb_list_tenants(), sb_domain_owner(text) TO switchboard_app;

-- The audit log (ADMIN-1..7): every change to what administrators manage, with who made it,
-- from which address, the row before and after, and when. Triggers write it in the same
-- transaction as the change, whichever path made it (the API, the admin pages, a manifest),
-- so it cannot miss one. The application sets `app.actor` and `app.ip` for each transaction.
CREATE TABLE audit_log (
    tenant_id  bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id         bigint GENERATED ALWAYS AS IDENTITY,
    agent_id   bigint,
    ip         inet,
    object     text NOT NULL,
    object_id  bigint,
    action     text NOT NULL CHECK (action IN ('create', 'change', 'delete')),
    before     jsonb,
    after      jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX audit_log_recent ON audit_log (tenant_id, id DESC);

SELECT sb_isolate_tenant_tables(ARRAY['audit_log']);
-- Written only by the triggers below and never rewritten.
REVOKE UPDATE, DELETE ON audit_log FROM switchboard_app;

CREATE FUNCTION sb_audit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    -- Secrets and bookkeeping stay out of the log.
    hidden  text[] := ARRAY['password_hash', 'key_hash', 'token_hash', 'updated_at', 'tenant_id'];
    old_row jsonb;
    new_row jsonb;
    tenant  bigint;
    actor   text := nullif(current_setting('app.actor', true), '');
    address text := nullif(current_setting('app.ip', true), '');
BEGIN
    IF TG_OP <> 'INSERT' THEN old_row := to_jsonb(OLD); END IF;
    IF TG_OP <> 'DELETE' THEN new_row := to_jsonb(NEW); END IF;
    tenant := (coalesce(new_row, old_row) ->> CASE WHEN TG_TABLE_NAME = 'tenants' THEN 'id' ELSE 'tenant_id' END)::bigint;
    old_row := old_row - hidden;
    new_row := new_row - hidden;
    IF TG_OP = 'UPDATE' AND old_row = new_row THEN RETURN NULL; END IF;
    -- A tenant being deleted takes its log with it.
    IF NOT EXISTS (SELECT 1 FROM tenants WHERE id = tenant) THEN RETURN NULL; END IF;
    INSERT INTO audit_log (tenant_id, agent_id, ip, object, object_id, action, before, after)
    VALUES (tenant, actor::bigint, address::inet, TG_TABLE_NAME,
            CASE WHEN TG_TABLE_NAME = 'tenants' THEN NULL ELSE (coalesce(new_row, old_row) ->> 'id')::bigint END,
            CASE TG_OP WHEN 'INSERT' THEN 'create' WHEN 'UPDATE' THEN 'change' ELSE 'delete' END,
            old_row, new_row);
    RETURN NULL;
END
$$;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['tenants', 'tenant_domains', 'brands', 'departments', 'agents', 'agent_departments', 'api_keys',
                             'business_calendars', 'permission_groups', 'permission_group_members', 'permission_group_departments',
                             'crm_rules', 'bans', 'usergroups', 'custom_fields', 'teams', 'team_members', 'ticket_substatuses',
                             'sla_policies', 'triggers', 'escalations', 'macros', 'snippets']
    LOOP
        EXECUTE format('CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION sb_audit()', t);
    END LOOP;
END
$$;

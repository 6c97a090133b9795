-- Triggers (AUTO-9): a tenant's ordered rules that act on ticket events. The rule itself
-- (events, actors, channels, conditions, actions) is one JSON document the nodes read whole;
-- name and order are columns so that they can be kept unique and sorted.
CREATE TABLE triggers (
    tenant_id  bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id         bigint GENERATED ALWAYS AS IDENTITY,
    position   integer NOT NULL,
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    definition jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX triggers_name ON triggers (tenant_id, lower(name));
CREATE INDEX triggers_in_order ON triggers (tenant_id, position, id);

SELECT sb_isolate_tenant_tables(ARRAY['triggers']);

-- Trigger notifications carry the trigger's message (or its name) as their note.
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check,
    ADD CONSTRAINT notifications_kind_check
        CHECK (kind IN ('mention', 'followed_update', 'follow_up', 'sla_warning', 'sla_failed', 'trigger'));

-- The standard notifications, as triggers an admin may change, reorder or turn off.
CREATE FUNCTION sb_seed_default_triggers(p_tenant bigint) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
    INSERT INTO triggers (tenant_id, position, name, definition)
    SELECT p_tenant, d.position, d.definition->>'name', d.definition
    FROM (VALUES
        (10, '{"name": "Tell the assignee when the customer replies", "enabled": true, "events": ["replied"],
               "actors": ["user"], "channels": [], "all": [], "any": [],
               "actions": [{"type": "notify", "to": "assignee", "message": "The customer replied"}]}'::jsonb),
        (20, '{"name": "Tell an agent a ticket was assigned to them", "enabled": true, "events": ["updated"],
               "actors": [], "channels": [], "all": [{"field": "agent", "operator": "changed"}, {"field": "agent", "operator": "is_set"}],
               "any": [], "actions": [{"type": "notify", "to": "assignee", "message": "Assigned to you"}]}'::jsonb),
        (30, '{"name": "Tell followers when a ticket is resolved", "enabled": true, "events": ["updated"],
               "actors": [], "channels": [], "all": [{"field": "status", "operator": "changed_to", "value": "resolved"}],
               "any": [], "actions": [{"type": "notify", "to": "followers", "message": "Resolved"}]}'::jsonb)
    ) AS d (position, definition)
    ON CONFLICT DO NOTHING;
$$;
REVOKE ALL ON FUNCTION sb_seed_default_triggers(bigint) FROM PUBLIC;

CREATE FUNCTION sb_seed_tenant_defaults() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
    PERFORM sb_seed_default_triggers(NEW.id);
    RETURN NEW;
END
$$;
REVOKE ALL ON FUNCTION sb_seed_tenant_defaults() FROM PUBLIC;

CREATE TRIGGER tenants_seed_defaults AFTER INSERT ON tenants FOR EACH ROW EXECUTE FUNCTION sb_seed_tenant_defaults();

SELECT sb_seed_default_triggers(id) FROM tenants;

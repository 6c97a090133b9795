-- Saved ticket filters (an agent's own, or shared with everyone as a queue), and live ticket
-- counts per department and status.

CREATE TABLE saved_filters (
    tenant_id  bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id         bigint GENERATED ALWAYS AS IDENTITY,
    -- The owner; NULL for a filter shared with every agent.
    agent_id   bigint,
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    criteria   jsonb NOT NULL,
    position   integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, agent_id) REFERENCES agents (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX saved_filters_by_agent ON saved_filters (tenant_id, agent_id);

-- Counts kept by the database itself as tickets come, go and change status or department, so
-- a queue's count costs a handful of rows at any size. Each writer adds to its own slot
-- (by backend), so concurrent creates never queue behind one counter row. department_id 0
-- stands for "no department".
CREATE TABLE ticket_counts (
    tenant_id     bigint NOT NULL,
    department_id bigint NOT NULL,
    status        text NOT NULL,
    slot          smallint NOT NULL,
    count         bigint NOT NULL,
    PRIMARY KEY (tenant_id, department_id, status, slot)
);

CREATE FUNCTION sb_ticket_counts_apply() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp
AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO ticket_counts AS c (tenant_id, department_id, status, slot, count)
        SELECT tenant_id, COALESCE(department_id, 0), status, pg_backend_pid() % 16, count(*)
        FROM new_rows GROUP BY 1, 2, 3
        ON CONFLICT (tenant_id, department_id, status, slot) DO UPDATE SET count = c.count + EXCLUDED.count;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO ticket_counts AS c (tenant_id, department_id, status, slot, count)
        SELECT tenant_id, COALESCE(department_id, 0), status, pg_backend_pid() % 16, -count(*)
        FROM old_rows GROUP BY 1, 2, 3
        ON CONFLICT (tenant_id, department_id, status, slot) DO UPDATE SET count = c.count + EXCLUDED.count;
    ELSE
        INSERT INTO ticket_counts AS c (tenant_id, department_id, status, slot, count)
        SELECT tenant_id, department_id, status, pg_backend_pid() % 16, sum(delta)
        FROM (
            SELECT tenant_id, COALESCE(department_id, 0) AS department_id, status, -1 AS delta FROM old_rows
            UNION ALL
            SELECT tenant_id, COALESCE(department_id, 0), status, 1 FROM new_rows
        ) changes
        GROUP BY 1, 2, 3 HAVING sum(delta) <> 0
        ON CONFLICT (tenant_id, department_id, status, slot) DO UPDATE SET count = c.count + EXCLUDED.count;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER tickets_count_inserts AFTER INSERT ON tickets
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sb_ticket_counts_apply();
CREATE TRIGGER tickets_count_updates AFTER UPDATE ON tickets
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sb_ticket_counts_apply();
CREATE TRIGGER tickets_count_deletes AFTER DELETE ON tickets
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION sb_ticket_counts_apply();

-- The tickets already there.
INSERT INTO ticket_counts (tenant_id, department_id, status, slot, count)
SELECT tenant_id, COALESCE(department_id, 0), status, 0, count(*) FROM tickets GROUP BY 1, 2, 3;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['saved_filters', 'ticket_counts']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = sb_current_tenant()) '
                       'WITH CHECK (tenant_id = sb_current_tenant())', t);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO switchboard_app', t);
    END LOOP;
END
$$;

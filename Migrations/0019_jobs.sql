-- Durable background work. A job is written in the same transaction as the change that needs
-- it (an outbox), so a rolled-back change leaves no job and a committed one never loses its
-- job. Workers on every node claim due jobs under a lease with SKIP LOCKED; a worker that
-- dies leaves its jobs to be claimed again when the lease runs out.
CREATE TABLE jobs (
    tenant_id    bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id           bigint GENERATED ALWAYS AS IDENTITY,
    kind         text NOT NULL CHECK (length(kind) BETWEEN 1 AND 100),
    payload      jsonb NOT NULL DEFAULT '{}',
    -- At most one waiting or running job per kind and key: enqueuing it again does nothing.
    dedupe_key   text CHECK (length(dedupe_key) BETWEEN 1 AND 200),
    run_at       timestamptz NOT NULL DEFAULT now(),
    state        text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'failed')),
    attempts     integer NOT NULL DEFAULT 0,
    max_attempts integer NOT NULL DEFAULT 8 CHECK (max_attempts BETWEEN 1 AND 100),
    worker       text,
    lease_until  timestamptz,
    last_error   text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX jobs_due ON jobs (run_at) WHERE state = 'queued';
CREATE INDEX jobs_leased ON jobs (lease_until) WHERE state = 'running';
CREATE INDEX jobs_by_state ON jobs (tenant_id, state, id DESC);
CREATE UNIQUE INDEX jobs_dedupe ON jobs (tenant_id, kind, dedupe_key) WHERE dedupe_key IS NOT NULL AND state <> 'failed';
SELECT sb_isolate_tenant_tables(ARRAY['jobs']);

-- Workers serve every tenant, so claiming reads across tenants: it runs as the owner and
-- hands a worker only the jobs it now holds. Everything a handler then does happens inside
-- the job's own tenant, as any request does.
CREATE FUNCTION sb_claim_jobs(p_worker text, p_limit integer, p_lease_seconds integer)
RETURNS TABLE (tenant_id bigint, id bigint, kind text, payload text, attempts integer, max_attempts integer)
LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
    WITH due AS (
        SELECT j.tenant_id, j.id FROM jobs j
        WHERE (j.state = 'queued' AND j.run_at <= now()) OR (j.state = 'running' AND j.lease_until < now())
        ORDER BY j.run_at
        LIMIT p_limit
        FOR UPDATE SKIP LOCKED
    )
    UPDATE jobs j SET state = 'running', attempts = j.attempts + 1, worker = p_worker,
                      lease_until = now() + make_interval(secs => p_lease_seconds)
    FROM due WHERE j.tenant_id = due.tenant_id AND j.id = due.id
    RETURNING j.tenant_id, j.id, j.kind, j.payload::text, j.attempts, j.max_attempts;
$$;
REVOKE ALL ON FUNCTION sb_claim_jobs(text, integer, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sb_claim_jobs(text, integer, integer) TO switchboard_app;

-- When the next job falls due (or a lease runs out), so an idle worker sleeps just that long.
CREATE FUNCTION sb_next_job_at() RETURNS timestamptz
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT least((SELECT min(run_at) FROM jobs WHERE state = 'queued'),
                 (SELECT min(lease_until) FROM jobs WHERE state = 'running'));
$$;
REVOKE ALL ON FUNCTION sb_next_job_at() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sb_next_job_at() TO switchboard_app;

-- Follow-up reminders arrive as notifications.
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check,
    ADD CONSTRAINT notifications_kind_check CHECK (kind IN ('mention', 'followed_update', 'follow_up'));
ALTER TABLE notifications ADD COLUMN note text CHECK (length(note) <= 1000);

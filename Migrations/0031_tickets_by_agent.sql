-- "My tickets" (an agent's queue, its count, and least-loaded assignment) reads tickets by
-- assignee: without this index each of those scans the tenant's tickets.
CREATE INDEX tickets_by_agent ON tickets (tenant_id, agent_id, status, updated_at DESC, id DESC) WHERE agent_id IS NOT NULL;

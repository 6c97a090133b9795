import Foundation
import PostgresNIO
import SwitchboardCore

extension TenantTransaction {
    /// Records a job to run at `runAt` (now by default) if this transaction commits. With a
    /// `dedupeKey`, a job of the same kind and key that is still waiting or running makes this
    /// a no-op (nil).
    @discardableResult
    public func enqueueJob(
        kind: String, payload: String = "{}", runAt: Date? = nil, dedupeKey: String? = nil, maxAttempts: Int = 8
    ) async throws -> Int64? {
        try await first(
            """
            INSERT INTO jobs (tenant_id, kind, payload, run_at, dedupe_key, max_attempts)
            VALUES (\(tenantID.rawValue), \(kind), \(payload)::jsonb, COALESCE(\(runAt)::timestamptz, now()), \(dedupeKey), \(Int32(maxAttempts)))
            ON CONFLICT (tenant_id, kind, dedupe_key) WHERE dedupe_key IS NOT NULL AND state <> 'failed' DO NOTHING
            RETURNING id
            """,
            as: Int64.self
        )
    }

    /// Marks a job the worker still holds as done, by removing it, in the transaction of the
    /// handler's own changes: false (and the caller rolls back) when the lease was lost and
    /// someone else holds it now.
    public func completeJob(_ id: Int64, worker: String) async throws -> Bool {
        try await first("DELETE FROM jobs WHERE id = \(id) AND worker = \(worker) AND state = 'running' RETURNING 1", as: Int.self) != nil
    }

    /// After a failed attempt: queued again at `retryAt`, or failed for good when out of
    /// attempts. Only while the worker still holds it.
    public func failJob(_ id: Int64, worker: String, error: String, retryAt: Date) async throws {
        try await query(
            """
            UPDATE jobs SET state = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'queued' END,
                   run_at = \(retryAt), last_error = \(String(error.prefix(2000))), worker = NULL, lease_until = NULL
            WHERE id = \(id) AND worker = \(worker) AND state = 'running'
            """
        )
    }

    /// Jobs in `state` (all when nil), newest first, after id `after`.
    public func jobs(state: Job.State?, after: Int64?, limit: Int) async throws -> [Job] {
        try await all(
            """
            SELECT id, kind, state, run_at, attempts, max_attempts, last_error, created_at FROM jobs
            WHERE (\(state?.rawValue)::text IS NULL OR state = \(state?.rawValue)) AND (\(after)::int8 IS NULL OR id < \(after))
            ORDER BY id DESC LIMIT \(Int32(clamping: limit))
            """,
            as: (Int64, String, String, Date, Int32, Int32, String?, Date).self
        ).compactMap(Self.makeJob)
    }

    public func job(id: Int64) async throws -> Job? {
        try await first(
            "SELECT id, kind, state, run_at, attempts, max_attempts, last_error, created_at FROM jobs WHERE id = \(id)",
            as: (Int64, String, String, Date, Int32, Int32, String?, Date).self
        ).flatMap(Self.makeJob)
    }

    /// A failed job runs again now, with a fresh set of attempts; nil unless it had failed.
    public func retryJob(id: Int64) async throws -> Job? {
        guard try await first(
            "UPDATE jobs SET state = 'queued', run_at = now(), attempts = 0 WHERE id = \(id) AND state = 'failed' RETURNING 1", as: Int.self
        ) != nil else { return nil }
        return try await job(id: id)
    }

    /// Removes a job that is not running; returns whether there was one.
    public func deleteJob(id: Int64) async throws -> Bool {
        try await first("DELETE FROM jobs WHERE id = \(id) AND state <> 'running' RETURNING 1", as: Int.self) != nil
    }

    private static func makeJob(_ row: (Int64, String, String, Date, Int32, Int32, String?, Date)) -> Job? {
        Job.State(rawValue: row.2).map {
            Job(id: row.0, kind: row.1, state: $0, runAt: row.3, attempts: Int(row.4), maxAttempts: Int(row.5), lastError: row.6, createdAt: row.7)
        }
    }
}

extension Database {
    /// Takes up to `limit` due jobs (and jobs whose worker's lease ran out) for `worker`, for
    /// `lease`; nobody else gets them until then.
    public func claimJobs(worker: String, limit: Int, lease: Duration) async throws -> [ClaimedJob] {
        let rows = try await client.query(
            "SELECT * FROM sb_claim_jobs(\(worker), \(Int32(clamping: limit)), \(Int32(clamping: lease.components.seconds)))", logger: logger
        )
        var jobs: [ClaimedJob] = []
        for try await row in rows.decode((Int64, Int64, String, String, Int32, Int32).self) {
            jobs.append(ClaimedJob(
                tenantID: Tenant.ID(rawValue: row.0), id: row.1, kind: row.2, payload: row.3, attempts: Int(row.4), maxAttempts: Int(row.5)
            ))
        }
        return jobs
    }

    /// When the next job falls due or lease runs out; nil when there is no job at all.
    public func nextJobAt() async throws -> Date? {
        let rows = try await client.query("SELECT sb_next_job_at()", logger: logger)
        for try await value in rows.decode(Date?.self) { return value }
        return nil
    }
}

extension TenantTransaction {
    /// Schedules a follow-up on the ticket (its job commits with this transaction) and logs it.
    public func scheduleFollowUp(ticketID: Int64, agent: Agent.ID, note: String?, dueAt: Date, by actor: Agent.ID?) async throws -> FollowUp {
        let payload = try Self.json(FollowUp.Payload(ticket: ticketID, agent: agent.rawValue, note: note))
        guard let id = try await enqueueJob(kind: FollowUp.jobKind, payload: payload, runAt: dueAt) else {
            throw PostgresStoreError.missingRow("follow-up job")
        }
        try await logTicketChange(ticketID, agent: actor, field: "follow_up", new: "\(agent.rawValue) at \(dueAt.formatted(.iso8601))")
        return FollowUp(id: id, agentID: agent.rawValue, note: note, dueAt: dueAt, state: .queued)
    }

    /// The ticket's follow-ups that have not been delivered yet, soonest first.
    public func followUps(ticketID: Int64) async throws -> [FollowUp] {
        try await all(
            """
            SELECT id, (payload->>'agent')::int8, payload->>'note', run_at, state FROM jobs
            WHERE kind = \(FollowUp.jobKind) AND payload->>'ticket' = \(String(ticketID))
            ORDER BY run_at, id
            """,
            as: (Int64, Int64, String?, Date, String).self
        ).compactMap { row in Job.State(rawValue: row.4).map { FollowUp(id: row.0, agentID: row.1, note: row.2, dueAt: row.3, state: $0) } }
    }

    /// Cancels one of the ticket's follow-ups that is not being delivered right now.
    public func cancelFollowUp(id: Int64, ticketID: Int64) async throws -> Bool {
        try await first(
            """
            DELETE FROM jobs WHERE id = \(id) AND kind = \(FollowUp.jobKind) AND payload->>'ticket' = \(String(ticketID)) AND state <> 'running'
            RETURNING 1
            """,
            as: Int.self
        ) != nil
    }

    /// Delivers a due follow-up: a notification for its agent, when the ticket is still there
    /// and the agent still active and allowed to see it; otherwise nothing, and the job is done.
    public func deliverFollowUp(_ payload: FollowUp.Payload) async throws {
        guard let department = try await first("SELECT department_id FROM tickets WHERE id = \(payload.ticket)", as: Int64?.self),
              try await agentMaySee(Agent.ID(rawValue: payload.agent), department: department) else { return }
        try await notify([payload.agent], kind: .followUp, ticketID: payload.ticket, messageID: nil, actor: nil, note: payload.note)
    }
}

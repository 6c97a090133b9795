import Foundation
import PostgresNIO
import SwitchboardCore

/// An SLA policy as the tenant keeps it.
public struct StoredSLAPolicy: Sendable, Hashable {
    public var id: Int64
    /// The business-hours calendar it is measured in; nil: the ticket's department's.
    public var calendarID: Int64?
    public var policy: SLAPolicy
}

extension TenantTransaction {
    public func slaPolicies() async throws -> [StoredSLAPolicy] {
        try await all("SELECT id, name, calendar_id, limits::text FROM sla_policies ORDER BY lower(name), id", as: (Int64, String, Int64?, String).self)
            .map(Self.makeSLAPolicy)
    }

    public func slaPolicy(id: Int64) async throws -> StoredSLAPolicy? {
        try await first("SELECT id, name, calendar_id, limits::text FROM sla_policies WHERE id = \(id)", as: (Int64, String, Int64?, String).self)
            .map(Self.makeSLAPolicy)
    }

    /// Creates (`id` nil) or replaces a policy; nil when `id` names none.
    public func saveSLAPolicy(id: Int64?, _ policy: SLAPolicy, calendarID: Int64?) async throws -> Result<StoredSLAPolicy, OrganisingProblem>? {
        if try await first(
            "SELECT 1 FROM sla_policies WHERE lower(name) = lower(\(policy.name)) AND (\(id)::bigint IS NULL OR id <> \(id))", as: Int.self
        ) != nil {
            return .failure(.nameTaken)
        }
        let limits = try Self.json(policy.limits)
        let saved: Int64?
        if let id {
            saved = try await first(
                "UPDATE sla_policies SET name = \(policy.name), calendar_id = \(calendarID), limits = \(limits)::jsonb WHERE id = \(id) RETURNING id",
                as: Int64.self
            )
        } else {
            saved = try await first(
                """
                INSERT INTO sla_policies (tenant_id, name, calendar_id, limits)
                VALUES (\(tenantID.rawValue), \(policy.name), \(calendarID), \(limits)::jsonb) RETURNING id
                """,
                as: Int64.self
            )
        }
        return saved.map { .success(StoredSLAPolicy(id: $0, calendarID: calendarID, policy: policy)) }
    }

    /// Returns whether it existed; tickets held to it are no longer.
    public func deleteSLAPolicy(id: Int64) async throws -> Bool {
        try await first("DELETE FROM sla_policies WHERE id = \(id) RETURNING 1", as: Int.self) != nil
    }

    /// Holds the ticket to exactly these policies; the first unknown id is returned and nothing
    /// changes.
    public func setTicketSLAs(ticketID: Int64, policies: [Int64]) async throws -> Int64? {
        let unique = Array(Set(policies)).sorted()
        let known = try await all("SELECT id FROM sla_policies WHERE id = ANY(\(unique)::int8[])", as: Int64.self)
        if let unknown = unique.first(where: { !known.contains($0) }) { return unknown }
        try await query(
            """
            WITH gone AS (DELETE FROM ticket_slas WHERE ticket_id = \(ticketID) AND policy_id <> ALL(\(unique)::int8[]))
            INSERT INTO ticket_slas (tenant_id, ticket_id, policy_id)
            SELECT \(tenantID.rawValue), \(ticketID), unnest(\(unique)::int8[]) ON CONFLICT DO NOTHING
            """
        )
        return nil
    }

    public func ticketSLAPolicies(ticketID: Int64) async throws -> [StoredSLAPolicy] {
        try await all(
            """
            SELECT p.id, p.name, p.calendar_id, p.limits::text FROM ticket_slas s
            JOIN sla_policies p ON p.tenant_id = s.tenant_id AND p.id = s.policy_id
            WHERE s.ticket_id = \(ticketID) ORDER BY lower(p.name), p.id
            """,
            as: (Int64, String, Int64?, String).self
        ).map(Self.makeSLAPolicy)
    }

    /// What SLAs measure on the ticket: its creation, its status changes (from its log), agents'
    /// public replies and its customer's messages.
    public func slaEvents(for ticket: Ticket) async throws -> [SLAEvent] {
        var events: [SLAEvent] = [.created(ticket.createdAt)]
        for (status, at) in try await all(
            "SELECT new_value, created_at FROM ticket_log WHERE ticket_id = \(ticket.id) AND field = 'status' ORDER BY id", as: (String?, Date).self
        ) {
            if let status = status.flatMap(Ticket.Status.init(rawValue:)) { events.append(.status(status, at)) }
        }
        for (kind, agent, person, at) in try await all(
            "SELECT kind, author_agent_id, author_person_id, created_at FROM ticket_messages WHERE ticket_id = \(ticket.id) ORDER BY id",
            as: (String, Int64?, Int64?, Date).self
        ) {
            if person != nil {
                events.append(.customerMessage(at))
            } else if agent != nil, kind == "reply", at > ticket.createdAt {
                events.append(.agentReply(at))
            }
        }
        return events
    }

    /// The calendar a policy measures the ticket in: its own, or the ticket's department's,
    /// the tenant's default, or around the clock.
    public func slaCalendar(_ policy: StoredSLAPolicy, ticket: Ticket) async throws -> BusinessCalendar {
        if let id = policy.calendarID, let stored = try await businessCalendar(id: id) { return stored.calendar }
        return try await calendar(for: ticket)
    }

    /// The ticket's department's calendar, the tenant's default, or around the clock.
    func calendar(for ticket: Ticket) async throws -> BusinessCalendar {
        var department: String?
        if let id = ticket.departmentID { department = try await self.department(id: id)?.name }
        return try await effectiveBusinessCalendar(department: department, agent: nil).calendar
    }

    private static func makeSLAPolicy(_ row: (Int64, String, Int64?, String)) -> StoredSLAPolicy {
        let limits = (try? JSONDecoder().decode([SLAPolicy.Target: SLAPolicy.Limit].self, from: Data(row.3.utf8))) ?? [:]
        return StoredSLAPolicy(id: row.0, calendarID: row.2, policy: SLAPolicy(name: row.1, limits: limits))
    }
}

extension TenantTransaction {
    static let slaRefreshKind = "ticket.sla_refresh"

    /// After a change to a ticket held to SLAs, its states are worked out again in the
    /// background (nothing to do for other tickets).
    public func requestSLARefresh(ticketID: Int64, at runAt: Date? = nil) async throws {
        let dedupe = runAt.map { "ticket:\(ticketID):\(Int64($0.timeIntervalSince1970))" }
        try await query(
            """
            INSERT INTO jobs (tenant_id, kind, payload, run_at, dedupe_key)
            SELECT \(tenantID.rawValue), \(Self.slaRefreshKind), jsonb_build_object('ticket', \(ticketID)), COALESCE(\(runAt)::timestamptz, now()), \(dedupe)
            WHERE EXISTS (SELECT 1 FROM ticket_slas WHERE ticket_id = \(ticketID))
            ON CONFLICT (tenant_id, kind, dedupe_key) WHERE dedupe_key IS NOT NULL AND state <> 'failed' DO NOTHING
            """
        )
    }

    /// Works out the ticket's SLA states at `now`, keeps them for list filters, tells the
    /// ticket's agent and followers when a target has just turned amber or red, and schedules
    /// the next look at the earliest amber or red time still ahead.
    @discardableResult
    public func refreshSLAs(ticket: Ticket, now: Date = Date()) async throws -> [(StoredSLAPolicy, [SLAStatus])] {
        let events = try await slaEvents(for: ticket)
        var results: [(StoredSLAPolicy, [SLAStatus])] = []
        var next: Date?
        var kept: [String] = []
        // What the last look found, locked so two looks at once do not both tell.
        var before: [String: String] = [:]
        for (policy, target, phase) in try await all(
            "SELECT policy_id, target, phase FROM ticket_sla_states WHERE ticket_id = \(ticket.id) FOR UPDATE", as: (Int64, String, String).self
        ) {
            before["\(policy):\(target)"] = phase
        }
        var news: [(AgentNotification.Kind, String)] = []
        for stored in try await ticketSLAPolicies(ticketID: ticket.id) {
            let statuses = SLAEvaluator(calendar: try await slaCalendar(stored, ticket: ticket)).evaluate(stored.policy, events: events, now: now)
            for status in statuses {
                try await query(
                    """
                    INSERT INTO ticket_sla_states (tenant_id, ticket_id, policy_id, target, phase, warning_at, failure_at, completed_at)
                    VALUES (\(tenantID.rawValue), \(ticket.id), \(stored.id), \(status.target.rawValue), \(status.phase.rawValue),
                            \(status.warningAt), \(status.failureAt), \(status.completedAt))
                    ON CONFLICT (tenant_id, ticket_id, policy_id, target) DO UPDATE
                    SET phase = excluded.phase, warning_at = excluded.warning_at, failure_at = excluded.failure_at,
                        completed_at = excluded.completed_at, computed_at = now()
                    """
                )
                let key = "\(stored.id):\(status.target.rawValue)"
                kept.append(key)
                if status.phase == .warning || status.phase == .failed, before[key] != status.phase.rawValue,
                   !(status.phase == .warning && before[key] == SLAStatus.Phase.failed.rawValue) {
                    news.append((status.phase == .failed ? .slaFailed : .slaWarning, "\(stored.policy.name): \(status.target.rawValue)"))
                }
                for time in [status.warningAt, status.failureAt].compactMap({ $0 }) where time > now {
                    next = min(next ?? time, time)
                }
            }
            results.append((stored, statuses))
        }
        if !news.isEmpty {
            let agents = Array(Set(try await followers(ticketID: ticket.id) + [ticket.agentID].compactMap { $0 })).sorted()
            for (kind, note) in news {
                try await notify(agents, kind: kind, ticketID: ticket.id, messageID: nil, actor: nil, note: note)
            }
        }
        // Targets a policy no longer has.
        try await query("DELETE FROM ticket_sla_states WHERE ticket_id = \(ticket.id) AND policy_id || ':' || target <> ALL(\(kept)::text[])")
        if let next { try await requestSLARefresh(ticketID: ticket.id, at: next) }
        return results
    }

    /// A job's ticket, by id, for the refresh handler.
    public func refreshSLAs(ticketID: Int64) async throws {
        guard let ticket = try await ticket(id: ticketID) else { return }
        try await refreshSLAs(ticket: ticket)
    }
}

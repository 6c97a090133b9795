import Foundation
import PostgresNIO
import SwitchboardCore

extension TenantTransaction {
    // MARK: Followers

    public func followers(ticketID: Int64) async throws -> [Int64] {
        try await all("SELECT agent_id FROM ticket_followers WHERE ticket_id = \(ticketID) ORDER BY agent_id", as: Int64.self)
    }

    /// Returns whether anything changed; false too when the agent does not exist.
    @discardableResult
    public func setFollowing(ticketID: Int64, agent: Int64, _ following: Bool) async throws -> Bool {
        if following {
            return try await first(
                """
                INSERT INTO ticket_followers (tenant_id, ticket_id, agent_id)
                SELECT \(tenantID.rawValue), \(ticketID), id FROM agents WHERE id = \(agent)
                ON CONFLICT DO NOTHING RETURNING 1
                """,
                as: Int.self
            ) != nil
        }
        return try await first(
            "DELETE FROM ticket_followers WHERE ticket_id = \(ticketID) AND agent_id = \(agent) RETURNING 1", as: Int.self
        ) != nil
    }

    // MARK: Stars

    public func setStarred(ticketID: Int64, agent: Agent.ID, _ starred: Bool) async throws {
        if starred {
            try await query(
                """
                INSERT INTO ticket_stars (tenant_id, agent_id, ticket_id) VALUES (\(tenantID.rawValue), \(agent.rawValue), \(ticketID))
                ON CONFLICT DO NOTHING
                """
            )
        } else {
            try await query("DELETE FROM ticket_stars WHERE agent_id = \(agent.rawValue) AND ticket_id = \(ticketID)")
        }
    }

    // MARK: Tasks

    private static let taskColumns = "id, title, assignee_id, due_at, done_at, created_by, created_at"
    private typealias TaskRow = (Int64, String, Int64?, Date?, Date?, Int64?, Date)

    public func tasks(ticketID: Int64) async throws -> [TicketTask] {
        try await all(
            "SELECT \(unescaped: Self.taskColumns) FROM ticket_tasks WHERE ticket_id = \(ticketID) ORDER BY id", as: TaskRow.self
        ).map(Self.makeTask)
    }

    /// Nil when `assignee` is not an agent of this tenant.
    public func createTask(ticketID: Int64, title: String, assignee: Int64?, dueAt: Date?, by agent: Agent.ID) async throws -> TicketTask? {
        if let assignee, try await first("SELECT 1 FROM agents WHERE id = \(assignee)", as: Int.self) == nil { return nil }
        guard let row = try await first(
            """
            INSERT INTO ticket_tasks (tenant_id, ticket_id, title, assignee_id, due_at, created_by)
            VALUES (\(tenantID.rawValue), \(ticketID), \(title), \(assignee), \(dueAt), \(agent.rawValue))
            RETURNING \(unescaped: Self.taskColumns)
            """,
            as: TaskRow.self
        ) else { return nil }
        try await logTicketChange(ticketID, agent: agent, field: "task", new: title)
        return Self.makeTask(row)
    }

    public enum TaskUpdate: Sendable {
        case updated(TicketTask)
        case notFound
        case unknownAssignee
    }

    /// Changes what is given: a new title, assignee (`.some(nil)` clears it), due time, done.
    public func updateTask(
        ticketID: Int64, id: Int64, title: String?, assignee: Int64??, dueAt: Date??, done: Bool?, by agent: Agent.ID
    ) async throws -> TaskUpdate {
        guard let current = try await first(
            "SELECT \(unescaped: Self.taskColumns) FROM ticket_tasks WHERE ticket_id = \(ticketID) AND id = \(id) FOR UPDATE",
            as: TaskRow.self
        ).map(Self.makeTask) else { return .notFound }
        var task = current
        if let title { task.title = title }
        if let assignee {
            if let assignee, try await first("SELECT 1 FROM agents WHERE id = \(assignee)", as: Int.self) == nil { return .unknownAssignee }
            task.assigneeID = assignee
        }
        if let dueAt { task.dueAt = dueAt }
        if let done, done != current.isDone { task.doneAt = done ? Date() : nil }
        guard let row = try await first(
            """
            UPDATE ticket_tasks SET title = \(task.title), assignee_id = \(task.assigneeID), due_at = \(task.dueAt),
                   done_at = CASE WHEN \(done)::boolean IS NULL THEN done_at WHEN \(done)::boolean THEN COALESCE(done_at, now()) ELSE NULL END
            WHERE id = \(id)
            RETURNING \(unescaped: Self.taskColumns)
            """,
            as: TaskRow.self
        ) else { return .notFound }
        if let done, done != current.isDone {
            try await logTicketChange(ticketID, agent: agent, field: done ? "task done" : "task reopened", new: task.title)
        }
        return .updated(Self.makeTask(row))
    }

    public func deleteTask(ticketID: Int64, id: Int64) async throws -> Bool {
        try await first("DELETE FROM ticket_tasks WHERE ticket_id = \(ticketID) AND id = \(id) RETURNING 1", as: Int.self) != nil
    }

    private static func makeTask(_ row: TaskRow) -> TicketTask {
        TicketTask(id: row.0, title: row.1, assigneeID: row.2, dueAt: row.3, doneAt: row.4, createdBy: row.5, createdAt: row.6)
    }

    // MARK: Links

    /// The tickets linked to this one, as (id, ref, department).
    public func linkedTickets(ticketID: Int64) async throws -> [(id: Int64, ref: Int64, departmentID: Int64?)] {
        try await all(
            """
            SELECT t.id, t.ref, t.department_id FROM ticket_links l
            JOIN tickets t ON t.tenant_id = l.tenant_id AND t.id = CASE WHEN l.low_id = \(ticketID) THEN l.high_id ELSE l.low_id END
            WHERE l.low_id = \(ticketID) OR l.high_id = \(ticketID)
            ORDER BY t.ref
            """,
            as: (Int64, Int64, Int64?).self
        ).map { (id: $0.0, ref: $0.1, departmentID: $0.2) }
    }

    @discardableResult
    public func setLinked(_ first: Int64, _ second: Int64, _ linked: Bool, by agent: Agent.ID) async throws -> Bool {
        let (low, high) = (min(first, second), max(first, second))
        let changed: Bool
        if linked {
            changed = try await self.first(
                """
                INSERT INTO ticket_links (tenant_id, low_id, high_id, created_by)
                VALUES (\(tenantID.rawValue), \(low), \(high), \(agent.rawValue)) ON CONFLICT DO NOTHING RETURNING 1
                """,
                as: Int.self
            ) != nil
        } else {
            changed = try await self.first(
                "DELETE FROM ticket_links WHERE low_id = \(low) AND high_id = \(high) RETURNING 1", as: Int.self
            ) != nil
        }
        return changed
    }

    // MARK: Notifications

    /// Notifies `agents` (ids) of something on a ticket.
    public func notify(
        _ agents: [Int64], kind: AgentNotification.Kind, ticketID: Int64, messageID: Int64?, actor: Agent.ID?, note: String? = nil
    ) async throws {
        guard !agents.isEmpty else { return }
        // Each notification is also noted in a transaction-local setting, so whoever commits the
        // transaction can tell those agents at once, whichever code path notified them.
        try await query(
            """
            WITH added AS (
                INSERT INTO notifications (tenant_id, agent_id, kind, ticket_id, message_id, actor_id, note)
                SELECT \(tenantID.rawValue), a, \(kind.rawValue), \(ticketID), \(messageID), \(actor?.rawValue), \(note)
                FROM unnest(\(agents)::int8[]) AS a
                RETURNING agent_id, kind
            )
            SELECT set_config('sb.notified',
                              coalesce(current_setting('sb.notified', true), '') || coalesce(string_agg(agent_id || ':' || kind, ',') || ',', ''),
                              true)
            FROM added
            """
        )
    }

    /// The agents notified so far in this transaction, with the kind of each notification.
    public func notifiedInTransaction() async throws -> [(agent: Int64, kind: String)] {
        let text = try await first("SELECT coalesce(current_setting('sb.notified', true), '')", as: String.self) ?? ""
        return text.split(separator: ",").compactMap { entry in
            let parts = entry.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, let agent = Int64(parts[0]) else { return nil }
            return (agent, String(parts[1]))
        }
    }

    /// The agent's notifications, newest first, before `before` (an id), `limit` of them.
    public func notifications(agent: Agent.ID, unreadOnly: Bool, before: Int64?, limit: Int) async throws -> [AgentNotification] {
        try await all(
            """
            SELECT n.id, n.kind, t.ref, n.message_id, n.actor_id, n.created_at, n.read_at, n.note
            FROM notifications n JOIN tickets t ON t.tenant_id = n.tenant_id AND t.id = n.ticket_id
            WHERE n.agent_id = \(agent.rawValue) AND (NOT \(unreadOnly) OR n.read_at IS NULL)
              AND (\(before)::int8 IS NULL OR n.id < \(before))
            ORDER BY n.id DESC LIMIT \(limit)
            """,
            as: (Int64, String, Int64, Int64?, Int64?, Date, Date?, String?).self
        ).map {
            AgentNotification(
                id: $0.0, kind: AgentNotification.Kind(rawValue: $0.1) ?? .mention, ticketRef: $0.2, messageID: $0.3, actorID: $0.4,
                note: $0.7, createdAt: $0.5, readAt: $0.6
            )
        }
    }

    /// Returns whether the notification is the agent's.
    public func markNotificationRead(id: Int64, agent: Agent.ID) async throws -> Bool {
        try await first(
            "UPDATE notifications SET read_at = COALESCE(read_at, now()) WHERE id = \(id) AND agent_id = \(agent.rawValue) RETURNING 1",
            as: Int.self
        ) != nil
    }

    /// The agents with these emails.
    public func agentIDs(emails: [String]) async throws -> [Int64] {
        guard !emails.isEmpty else { return [] }
        return try await all("SELECT id FROM agents WHERE email = ANY(\(emails)::text[]) AND is_active", as: Int64.self)
    }

    /// Records a change to a ticket in its log.
    public func logTicketChange(_ ticketID: Int64, agent: Agent.ID?, field: String, old: String? = nil, new: String?) async throws {
        try await query(
            """
            INSERT INTO ticket_log (tenant_id, ticket_id, agent_id, field, old_value, new_value)
            VALUES (\(tenantID.rawValue), \(ticketID), \(agent?.rawValue), \(field), \(old), \(new))
            """
        )
    }
}

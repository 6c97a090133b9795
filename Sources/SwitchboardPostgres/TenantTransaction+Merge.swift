import Foundation
import PostgresNIO
import SwitchboardCore

public struct StoredProblem: Sendable, Hashable, Codable {
    public var id: Int64
    public var title: String
    public var createdAt: Date
}

extension TenantTransaction {
    /// Moves everything of `source` into `target`: messages, followers, tasks, links, labels
    /// and search words. `source` stays, closed, pointing at `target`; both logs say so.
    public func merge(_ source: Ticket, into target: Ticket, agent: Agent.ID) async throws {
        let (from, to) = (source.id, target.id)
        try await query("UPDATE ticket_messages SET ticket_id = \(to) WHERE ticket_id = \(from)")
        try await query("UPDATE ticket_tasks SET ticket_id = \(to) WHERE ticket_id = \(from)")
        try await query(
            """
            INSERT INTO ticket_followers (tenant_id, ticket_id, agent_id, created_at)
            SELECT tenant_id, \(to), agent_id, created_at FROM ticket_followers WHERE ticket_id = \(from)
            ON CONFLICT DO NOTHING
            """
        )
        try await query(
            """
            INSERT INTO ticket_links (tenant_id, low_id, high_id, created_by)
            SELECT tenant_id, least(\(to), other), greatest(\(to), other), created_by FROM (
                SELECT tenant_id, CASE WHEN low_id = \(from) THEN high_id ELSE low_id END AS other, created_by
                FROM ticket_links WHERE low_id = \(from) OR high_id = \(from)
            ) moved WHERE other <> \(to)
            ON CONFLICT DO NOTHING
            """
        )
        try await query("DELETE FROM ticket_links WHERE low_id = \(from) OR high_id = \(from)")
        try await query(
            """
            UPDATE tickets t SET labels = ARRAY(SELECT DISTINCT unnest(t.labels || s.labels) ORDER BY 1),
                   search = CASE WHEN length(t.search) >= 50000 THEN t.search ELSE t.search || s.search END,
                   version = t.version + 1, updated_at = now()
            FROM tickets s WHERE t.id = \(to) AND s.id = \(from)
            """
        )
        try await query(
            """
            UPDATE tickets SET status = 'closed', substatus_id = NULL, merged_into = \(to), version = version + 1, updated_at = now()
            WHERE id = \(from)
            """
        )
        try await logTicketChange(from, agent: agent, field: "merged into", old: nil, new: "#\(target.ref)")
        try await logTicketChange(to, agent: agent, field: "merged", old: nil, new: "#\(source.ref)")
    }

    /// Opens ticket `ref` with `messages` (ids) taken from `source`, in its department, for its
    /// customer. Nil when a message is not the source's or none would stay behind.
    public func split(
        _ source: Ticket, messages: [Int64], ref: Int64, subject: String, words: [String], agent: Agent.ID
    ) async throws -> Ticket? {
        let owned = try await all("SELECT id FROM ticket_messages WHERE ticket_id = \(source.id)", as: Int64.self)
        let moving = Set(messages)
        guard !moving.isEmpty, moving.isSubset(of: Set(owned)), moving.count < owned.count else { return nil }
        guard let row = try await first(
            """
            INSERT INTO tickets (tenant_id, ref, subject, priority, urgency, department_id, person_id, labels, search)
            VALUES (\(tenantID.rawValue), \(ref), \(subject), \(source.priority.rawValue), \(Int16(source.urgency)),
                    \(source.departmentID), \(source.personID), \(source.labels), array_to_tsvector(\(stored(words))::text[]))
            RETURNING \(unescaped: Self.ticketColumns)
            """,
            as: TicketRow.self
        ) else { return nil }
        let created = try makeTicket(row)
        try await query("UPDATE ticket_messages SET ticket_id = \(created.id) WHERE ticket_id = \(source.id) AND id = ANY(\(Array(moving))::int8[])")
        try await query("UPDATE tickets SET version = version + 1, updated_at = now() WHERE id = \(source.id)")
        try await logTicketChange(source.id, agent: agent, field: "split", old: nil, new: "#\(created.ref)")
        try await logTicketChange(created.id, agent: agent, field: "split from", old: nil, new: "#\(source.ref)")
        return created
    }

    public func messageBodies(ids: [Int64], ticketID: Int64) async throws -> [String] {
        try await all("SELECT body FROM ticket_messages WHERE ticket_id = \(ticketID) AND id = ANY(\(ids)::int8[]) ORDER BY id", as: String.self)
    }

    // MARK: Problems

    public func createProblem(title: String, agent: Agent.ID) async throws -> StoredProblem {
        guard let row = try await first(
            "INSERT INTO problems (tenant_id, title, created_by) VALUES (\(tenantID.rawValue), \(title), \(agent.rawValue)) RETURNING id, title, created_at",
            as: (Int64, String, Date).self
        ) else { throw PostgresStoreError.missingRow("problem") }
        return StoredProblem(id: row.0, title: row.1, createdAt: row.2)
    }

    public func problems() async throws -> [StoredProblem] {
        try await all("SELECT id, title, created_at FROM problems ORDER BY id DESC LIMIT 500", as: (Int64, String, Date).self)
            .map { StoredProblem(id: $0.0, title: $0.1, createdAt: $0.2) }
    }

    public func problem(id: Int64) async throws -> StoredProblem? {
        try await first("SELECT id, title, created_at FROM problems WHERE id = \(id)", as: (Int64, String, Date).self)
            .map { StoredProblem(id: $0.0, title: $0.1, createdAt: $0.2) }
    }

    public func deleteProblem(id: Int64) async throws -> Bool {
        try await first("DELETE FROM problems WHERE id = \(id) RETURNING 1", as: Int.self) != nil
    }

    /// Puts the ticket under `problem` (nil takes it out); logged.
    public func setProblem(_ ticket: Ticket, problem: Int64?, agent: Agent.ID) async throws {
        guard ticket.problemID != problem else { return }
        try await query("UPDATE tickets SET problem_id = \(problem), version = version + 1, updated_at = now() WHERE id = \(ticket.id)")
        try await logTicketChange(
            ticket.id, agent: agent, field: "problem", old: ticket.problemID.map { String($0) }, new: problem.map { String($0) }
        )
    }
}

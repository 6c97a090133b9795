import Foundation
import PostgresNIO
import SwitchboardCore

extension TenantTransaction {
    private static let criteriaEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    private static let criteriaDecoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    /// The agent's own filters and the shared ones, shared first, then by position and name.
    public func savedFilters(visibleTo agent: Agent.ID) async throws -> [SavedFilter] {
        try await all(
            """
            SELECT id, name, agent_id, criteria::text, position FROM saved_filters
            WHERE agent_id IS NULL OR agent_id = \(agent.rawValue)
            ORDER BY agent_id NULLS FIRST, position, name, id
            """,
            as: (Int64, String, Int64?, String, Int32).self
        ).map(makeSavedFilter)
    }

    public func savedFilter(id: Int64, visibleTo agent: Agent.ID) async throws -> SavedFilter? {
        try await first(
            """
            SELECT id, name, agent_id, criteria::text, position FROM saved_filters
            WHERE id = \(id) AND (agent_id IS NULL OR agent_id = \(agent.rawValue))
            """,
            as: (Int64, String, Int64?, String, Int32).self
        ).map(makeSavedFilter)
    }

    public func createSavedFilter(name: String, owner: Agent.ID?, criteria: TicketCriteria, position: Int) async throws -> SavedFilter {
        let json = String(decoding: try Self.criteriaEncoder.encode(criteria), as: UTF8.self)
        guard let row = try await first(
            """
            INSERT INTO saved_filters (tenant_id, agent_id, name, criteria, position)
            VALUES (\(tenantID.rawValue), \(owner?.rawValue), \(name), \(json)::jsonb, \(Int32(clamping: position)))
            RETURNING id, name, agent_id, criteria::text, position
            """,
            as: (Int64, String, Int64?, String, Int32).self
        ) else { throw PostgresStoreError.missingRow("saved filter") }
        return try makeSavedFilter(row)
    }

    /// Replaces a filter's name, criteria and position; nil when it does not exist.
    public func updateSavedFilter(id: Int64, name: String, criteria: TicketCriteria, position: Int) async throws -> SavedFilter? {
        let json = String(decoding: try Self.criteriaEncoder.encode(criteria), as: UTF8.self)
        return try await first(
            """
            UPDATE saved_filters SET name = \(name), criteria = \(json)::jsonb, position = \(Int32(clamping: position))
            WHERE id = \(id)
            RETURNING id, name, agent_id, criteria::text, position
            """,
            as: (Int64, String, Int64?, String, Int32).self
        ).map(makeSavedFilter)
    }

    public func deleteSavedFilter(id: Int64) async throws -> Bool {
        try await first("DELETE FROM saved_filters WHERE id = \(id) RETURNING 1", as: Int.self) != nil
    }

    /// Tickets per status in the departments `visible` lists (nil: all) and in none, from the
    /// running counts.
    public func ticketCountsByStatus(departmentID: Int64?, visible: [Int64]?) async throws -> [Ticket.Status: Int64] {
        let rows = try await all(
            """
            SELECT status, sum(count)::int8 FROM ticket_counts
            WHERE (\(departmentID)::int8 IS NULL OR department_id = \(departmentID))
              AND (\(visible)::int8[] IS NULL OR department_id = 0 OR department_id = ANY(\(visible)::int8[]))
            GROUP BY status
            """,
            as: (String, Int64).self
        )
        var counts: [Ticket.Status: Int64] = [:]
        for status in Ticket.Status.allCases { counts[status] = 0 }
        for (status, count) in rows {
            if let status = Ticket.Status(rawValue: status) { counts[status] = count }
        }
        return counts
    }

    private func makeSavedFilter(_ row: (Int64, String, Int64?, String, Int32)) throws -> SavedFilter {
        let criteria = try Self.criteriaDecoder.decode(TicketCriteria.self, from: Data(row.3.utf8))
        return SavedFilter(id: row.0, name: row.1, ownerID: row.2, criteria: criteria, position: Int(row.4))
    }
}

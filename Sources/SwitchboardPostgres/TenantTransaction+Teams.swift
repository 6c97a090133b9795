import PostgresNIO
import SwitchboardCore

/// Why a team, sub-status or department could not be saved.
public enum OrganisingProblem: Error, Sendable, Hashable {
    case nameTaken
    case unknownAgent(Int64)
    case unknownDepartment(Int64)
    /// Tickets are still in the department; they have to go somewhere first.
    case departmentHasTickets(Int64)
}

/// A department as the API lists it.
public struct DepartmentSummary: Sendable, Hashable, Codable {
    public var id: Int64
    public var name: String
}

extension TenantTransaction {
    // MARK: Teams

    public func teams() async throws -> [Team] {
        try await all(
            """
            SELECT t.id, t.name, COALESCE((SELECT array_agg(m.agent_id ORDER BY m.agent_id) FROM team_members m WHERE m.team_id = t.id), '{}')
            FROM teams t ORDER BY lower(t.name), t.id
            """,
            as: (Int64, String, [Int64]).self
        ).map { Team(id: $0.0, name: $0.1, members: $0.2) }
    }

    public func team(id: Int64) async throws -> Team? {
        try await first(
            """
            SELECT t.id, t.name, COALESCE((SELECT array_agg(m.agent_id ORDER BY m.agent_id) FROM team_members m WHERE m.team_id = t.id), '{}')
            FROM teams t WHERE t.id = \(id)
            """,
            as: (Int64, String, [Int64]).self
        ).map { Team(id: $0.0, name: $0.1, members: $0.2) }
    }

    /// Creates a team (`id` nil) or renames one and replaces its members; nil when `id` names
    /// no team.
    public func saveTeam(id: Int64?, name: String, members: [Int64]) async throws -> Result<Team, OrganisingProblem>? {
        let unique = Array(Set(members)).sorted()
        let known = try await all("SELECT id FROM agents WHERE id = ANY(\(unique))", as: Int64.self)
        if let unknown = unique.first(where: { !known.contains($0) }) { return .failure(.unknownAgent(unknown)) }
        if try await first(
            "SELECT 1 FROM teams WHERE lower(name) = lower(\(name)) AND (\(id)::bigint IS NULL OR id <> \(id))", as: Int.self
        ) != nil {
            return .failure(.nameTaken)
        }
        let saved: Int64?
        if let id {
            saved = try await first("UPDATE teams SET name = \(name) WHERE id = \(id) RETURNING id", as: Int64.self)
        } else {
            saved = try await first("INSERT INTO teams (tenant_id, name) VALUES (\(tenantID.rawValue), \(name)) RETURNING id", as: Int64.self)
        }
        guard let saved else { return nil }
        try await query(
            """
            WITH gone AS (DELETE FROM team_members WHERE team_id = \(saved) AND agent_id <> ALL(\(unique)))
            INSERT INTO team_members (tenant_id, team_id, agent_id)
            SELECT \(tenantID.rawValue), \(saved), unnest(\(unique)::int8[]) ON CONFLICT DO NOTHING
            """
        )
        return .success(Team(id: saved, name: name, members: unique))
    }

    /// Returns whether it existed; its tickets keep their agents and lose the team.
    public func deleteTeam(id: Int64) async throws -> Bool {
        try await first("DELETE FROM teams WHERE id = \(id) RETURNING 1", as: Int.self) != nil
    }

    // MARK: Sub-statuses

    public func substatuses() async throws -> [TicketSubstatus] {
        try await all(
            "SELECT id, status, name, position FROM ticket_substatuses ORDER BY status, position, lower(name), id",
            as: (Int64, String, String, Int32).self
        ).compactMap(Self.makeSubstatus)
    }

    public func substatus(id: Int64) async throws -> TicketSubstatus? {
        try await first(
            "SELECT id, status, name, position FROM ticket_substatuses WHERE id = \(id)", as: (Int64, String, String, Int32).self
        ).flatMap(Self.makeSubstatus)
    }

    /// Creates a sub-status (`id` nil) or renames and reorders one (its status stays); nil
    /// when `id` names none.
    public func saveSubstatus(id: Int64?, status: Ticket.Status, name: String, position: Int) async throws -> Result<TicketSubstatus, OrganisingProblem>? {
        var existing: TicketSubstatus?
        if let id {
            guard let found = try await substatus(id: id) else { return nil }
            existing = found
        }
        let status = existing?.status ?? status
        if try await first(
            """
            SELECT 1 FROM ticket_substatuses
            WHERE status = \(status.rawValue) AND lower(name) = lower(\(name)) AND (\(id)::bigint IS NULL OR id <> \(id))
            """,
            as: Int.self
        ) != nil {
            return .failure(.nameTaken)
        }
        let position = Int32(clamping: position)
        let saved: Int64?
        if let id {
            saved = try await first(
                "UPDATE ticket_substatuses SET name = \(name), position = \(position) WHERE id = \(id) RETURNING id", as: Int64.self
            )
        } else {
            saved = try await first(
                """
                INSERT INTO ticket_substatuses (tenant_id, status, name, position)
                VALUES (\(tenantID.rawValue), \(status.rawValue), \(name), \(position)) RETURNING id
                """,
                as: Int64.self
            )
        }
        return saved.map { .success(TicketSubstatus(id: $0, status: status, name: name, position: Int(position))) }
    }

    /// Returns whether it existed; its tickets keep their status without it.
    public func deleteSubstatus(id: Int64) async throws -> Bool {
        try await first("DELETE FROM ticket_substatuses WHERE id = \(id) RETURNING 1", as: Int.self) != nil
    }

    private static func makeSubstatus(_ row: (Int64, String, String, Int32)) -> TicketSubstatus? {
        Ticket.Status(rawValue: row.1).map { TicketSubstatus(id: row.0, status: $0, name: row.2, position: Int(row.3)) }
    }

    // MARK: Departments

    public func departments() async throws -> [DepartmentSummary] {
        try await all("SELECT id, name FROM departments ORDER BY lower(name), id", as: (Int64, String).self)
            .map { DepartmentSummary(id: $0.0, name: $0.1) }
    }

    public func department(id: Int64) async throws -> DepartmentSummary? {
        try await first("SELECT id, name FROM departments WHERE id = \(id)", as: (Int64, String).self).map { DepartmentSummary(id: $0.0, name: $0.1) }
    }

    /// Creates a department (`id` nil) or renames one; nil when `id` names none.
    public func saveDepartment(id: Int64?, name: String) async throws -> Result<DepartmentSummary, OrganisingProblem>? {
        if try await first("SELECT 1 FROM departments WHERE name = \(name) AND (\(id)::bigint IS NULL OR id <> \(id))", as: Int.self) != nil {
            return .failure(.nameTaken)
        }
        let saved: Int64?
        if let id {
            saved = try await first("UPDATE departments SET name = \(name) WHERE id = \(id) RETURNING id", as: Int64.self)
        } else {
            saved = try await first("INSERT INTO departments (tenant_id, name) VALUES (\(tenantID.rawValue), \(name)) RETURNING id", as: Int64.self)
        }
        return saved.map { .success(DepartmentSummary(id: $0, name: name)) }
    }

    /// Deletes a department after moving its tickets to `moveTo` (logged on each); without
    /// `moveTo`, only an empty one, since tickets without a department are visible to every
    /// agent. Nil when `id` names none.
    public func deleteDepartment(id: Int64, moveTo: Int64?, agent: Agent.ID?) async throws -> Result<Int, OrganisingProblem>? {
        guard try await department(id: id) != nil else { return nil }
        var moved = 0
        if let moveTo {
            guard moveTo != id, try await department(id: moveTo) != nil else { return .failure(.unknownDepartment(moveTo)) }
            // One statement however many there are, each move logged.
            let count = try await first(
                """
                WITH moved AS (
                    UPDATE tickets SET department_id = \(moveTo), version = version + 1, updated_at = now()
                    WHERE department_id = \(id) RETURNING id
                ), logged AS (
                    INSERT INTO ticket_log (tenant_id, ticket_id, agent_id, field, old_value, new_value)
                    SELECT \(tenantID.rawValue), moved.id, \(agent?.rawValue), 'department', \(String(id)), \(String(moveTo)) FROM moved
                )
                SELECT count(*)::int8 FROM moved
                """,
                as: Int64.self
            )
            moved = Int(count ?? 0)
        } else if try await first("SELECT 1 FROM tickets WHERE department_id = \(id) LIMIT 1", as: Int.self) != nil {
            return .failure(.departmentHasTickets(id))
        }
        try await query("DELETE FROM departments WHERE id = \(id)")
        return .success(moved)
    }
}

extension TenantTransaction {
    /// The team of this name, in any case.
    public func teamID(named name: String) async throws -> Int64? {
        try await first("SELECT id FROM teams WHERE lower(name) = lower(\(name))", as: Int64.self)
    }

    /// The sub-status of `status` with this name, in any case.
    public func substatusID(of status: Ticket.Status, named name: String) async throws -> Int64? {
        try await first(
            "SELECT id FROM ticket_substatuses WHERE status = \(status.rawValue) AND lower(name) = lower(\(name))", as: Int64.self
        )
    }

    /// The organisation of this name, in any case.
    public func organisationID(named name: String) async throws -> Int64? {
        try await first("SELECT id FROM organisations WHERE lower(name) = lower(\(name))", as: Int64.self)
    }
}

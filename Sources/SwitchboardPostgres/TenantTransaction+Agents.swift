import PostgresNIO
import SwitchboardCore

extension TenantTransaction {

    public func agent(id: Agent.ID) async throws -> Agent? {
        try await first(
            "SELECT id, email, name, permissions, is_active, locale, time_zone FROM agents WHERE id = \(id.rawValue)",
            as: (Int64, String, String, Int32, Bool, String?, String?).self
        ).map(makeAgent)
    }

    public func agent(email: String) async throws -> Agent? {
        try await first(
            "SELECT id, email, name, permissions, is_active, locale, time_zone FROM agents WHERE email = \(email)",
            as: (Int64, String, String, Int32, Bool, String?, String?).self
        ).map(makeAgent)
    }

    /// The agent and its stored password hash, for sign-in.
    public func credentials(email: String) async throws -> (agent: Agent, passwordHash: String?)? {
        try await first(
            """
            SELECT id, email, name, permissions, is_active, locale, time_zone, password_hash
            FROM agents WHERE email = \(email)
            """,
            as: (Int64, String, String, Int32, Bool, String?, String?, String?).self
        ).map { (makeAgent(($0.0, $0.1, $0.2, $0.3, $0.4, $0.5, $0.6)), $0.7) }
    }

    /// Creates an agent; `passwordHash` nil means sign-in by password is not possible yet.
    public func createAgent(email: String, name: String, permissions: Permissions, passwordHash: String?) async throws -> Agent {
        guard let row = try await first(
            """
            INSERT INTO agents (tenant_id, email, name, permissions, password_hash)
            VALUES (\(tenantID.rawValue), \(email), \(name), \(Int32(permissions.rawValue)), \(passwordHash))
            RETURNING id, email, name, permissions, is_active, locale, time_zone
            """,
            as: (Int64, String, String, Int32, Bool, String?, String?).self
        ) else { throw PostgresStoreError.missingRow("agent \(email)") }
        return makeAgent(row)
    }

    /// Returns whether anything changed.
    @discardableResult
    public func updateAgent(_ id: Agent.ID, name: String, permissions: Permissions) async throws -> Bool {
        try await first(
            """
            UPDATE agents SET name = \(name), permissions = \(Int32(permissions.rawValue)), updated_at = now()
            WHERE id = \(id.rawValue) AND (name, permissions) IS DISTINCT FROM (\(name), \(Int32(permissions.rawValue)))
            RETURNING 1
            """,
            as: Int.self
        ) != nil
    }

    /// Changes what an administrator sets: name, scopes, whether the agent may sign in.
    /// Changes what is given; `capacity` `.some(nil)` lifts the agent's limit.
    public func changeAgent(_ id: Agent.ID, name: String?, permissions: Permissions?, isActive: Bool?, capacity: Int?? = nil) async throws -> Agent? {
        try await first(
            """
            UPDATE agents SET name = COALESCE(\(name), name), permissions = COALESCE(\(permissions.map { Int32($0.rawValue) }), permissions),
                   is_active = COALESCE(\(isActive), is_active), updated_at = now(),
                   capacity = CASE WHEN \(capacity != nil) THEN \(capacity.flatMap { $0 }.map(Int32.init(clamping:))) ELSE capacity END
            WHERE id = \(id.rawValue)
            RETURNING id, email, name, permissions, is_active, locale, time_zone
            """,
            as: (Int64, String, String, Int32, Bool, String?, String?).self
        ).map(makeAgent)
    }

    /// How many active administrators there are besides `agent`.
    public func otherActiveAdministrators(than agent: Agent.ID) async throws -> Int {
        let count = try await first(
            "SELECT count(*)::int8 FROM agents WHERE is_active AND permissions & \(Int32(Permissions.admin.rawValue)) <> 0 AND id <> \(agent.rawValue)",
            as: Int64.self
        )
        return Int(count ?? 0)
    }

    /// Hands the tickets assigned to `agent` to `target`, or unassigns them (nil), each change
    /// logged. Tickets in departments `target` may not see are unassigned instead. Returns how
    /// many moved to `target` and how many were unassigned.
    public func reassignTickets(of agent: Agent.ID, to target: Agent?, by actor: Agent.ID?) async throws -> (reassigned: Int, unassigned: Int) {
        var visible: [Int64]?
        if let target, !target.permissions.contains(.admin) {
            visible = try await departmentAccess(agent: target.id).viewable
        }
        let row = try await first(
            """
            WITH moved AS (
                UPDATE tickets SET agent_id = CASE
                        WHEN \(target?.id.rawValue)::bigint IS NOT NULL
                             AND (department_id IS NULL OR \(visible)::int8[] IS NULL OR department_id = ANY(\(visible)::int8[]))
                        THEN \(target?.id.rawValue)::bigint END,
                       version = version + 1, updated_at = now()
                WHERE agent_id = \(agent.rawValue) RETURNING id, agent_id
            ), logged AS (
                INSERT INTO ticket_log (tenant_id, ticket_id, agent_id, field, old_value, new_value)
                SELECT \(tenantID.rawValue), moved.id, \(actor?.rawValue), 'agent', \(String(agent.rawValue)), moved.agent_id::text FROM moved
            )
            SELECT count(*) FILTER (WHERE agent_id IS NOT NULL)::int8, count(*) FILTER (WHERE agent_id IS NULL)::int8 FROM moved
            """,
            as: (Int64, Int64).self
        )
        return (Int(row?.0 ?? 0), Int(row?.1 ?? 0))
    }

    /// Removes the agent: sessions, keys, grants, memberships, follows and stars go with it;
    /// messages and log entries keep its id. Returns whether it existed.
    public func deleteAgent(_ id: Agent.ID) async throws -> Bool {
        try await first("DELETE FROM agents WHERE id = \(id.rawValue) RETURNING 1", as: Int.self) != nil
    }

    /// Sets the agent's own language and time zone (nil clears one back to the tenant's).
    public func updateAgentPreferences(_ id: Agent.ID, locale: String?, timeZone: String?) async throws {
        try await query(
            "UPDATE agents SET locale = \(locale), time_zone = \(timeZone), updated_at = now() WHERE id = \(id.rawValue)"
        )
    }

    public func departmentNames(of id: Agent.ID) async throws -> [String] {
        try await all(
            """
            SELECT d.name FROM agent_departments ad JOIN departments d ON d.tenant_id = ad.tenant_id AND d.id = ad.department_id
            WHERE ad.agent_id = \(id.rawValue) ORDER BY d.name
            """,
            as: String.self
        )
    }

    private func makeAgent(_ row: (Int64, String, String, Int32, Bool, String?, String?)) -> Agent {
        Agent(
            id: Agent.ID(rawValue: row.0), tenantID: tenantID, email: row.1, name: row.2,
            permissions: Permissions(rawValue: Int(row.3)), isActive: row.4, locale: row.5, timeZone: row.6
        )
    }
}

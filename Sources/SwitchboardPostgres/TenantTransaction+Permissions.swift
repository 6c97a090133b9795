import PostgresNIO
import SwitchboardCore

/// A named set of department grants that agents share.
public struct PermissionGroup: Sendable, Hashable, Codable {
    public var id: Int64
    public var name: String
    /// Department name → access.
    public var departments: [String: DepartmentAccessLevel]
    /// Agent emails.
    public var members: [String]
}

extension TenantTransaction {
    /// Grants read back as `name=access` strings (department names may hold `=`; access never does).
    static func grants(_ pairs: [String]) -> [String: DepartmentAccessLevel] {
        var departments: [String: DepartmentAccessLevel] = [:]
        for grant in pairs {
            guard let cut = grant.lastIndex(of: "=") else { continue }
            departments[String(grant[..<cut])] = DepartmentAccessLevel(rawValue: String(grant[grant.index(after: cut)...]))
        }
        return departments
    }

    /// Whether agent `id` exists, is active, and may see tickets in `department`:
    /// administrators see every department, and tickets in none are open to all.
    public func agentMaySee(_ id: Agent.ID, department: Int64?) async throws -> Bool {
        guard let agent = try await agent(id: id), agent.isActive else { return false }
        if department == nil || agent.permissions.contains(.admin) { return true }
        return try await departmentAccess(agent: agent.id).canView(department)
    }

    /// The agent's access to every department: the highest of their own grant and their groups'.
    public func departmentAccess(agent: Agent.ID) async throws -> DepartmentAccess {
        let rows = try await all(
            """
            SELECT department_id, max(CASE access WHEN 'full' THEN 2 ELSE 1 END)::int2 FROM (
                SELECT department_id, access FROM agent_departments WHERE agent_id = \(agent.rawValue)
                UNION ALL
                SELECT gd.department_id, gd.access
                FROM permission_group_members m
                JOIN permission_group_departments gd ON gd.tenant_id = m.tenant_id AND gd.group_id = m.group_id
                WHERE m.agent_id = \(agent.rawValue)
            ) grants GROUP BY department_id
            """,
            as: (Int64, Int16).self
        )
        var levels: [Int64: DepartmentAccessLevel] = [:]
        for (department, rank) in rows { levels[department] = rank == 2 ? .full : .view }
        return DepartmentAccess(levels: levels)
    }

    /// Grants the agent `access` to a department; returns whether anything changed.
    @discardableResult
    public func grantAgent(_ id: Agent.ID, department departmentID: Int64, access: DepartmentAccessLevel) async throws -> Bool {
        guard access != .none else {
            return try await first(
                "DELETE FROM agent_departments WHERE agent_id = \(id.rawValue) AND department_id = \(departmentID) RETURNING 1",
                as: Int.self
            ) != nil
        }
        return try await first(
            """
            INSERT INTO agent_departments (tenant_id, agent_id, department_id, access)
            VALUES (\(tenantID.rawValue), \(id.rawValue), \(departmentID), \(access.rawValue))
            ON CONFLICT (tenant_id, agent_id, department_id) DO UPDATE SET access = EXCLUDED.access
            WHERE agent_departments.access <> EXCLUDED.access
            RETURNING 1
            """,
            as: Int.self
        ) != nil
    }

    public func permissionGroups() async throws -> [PermissionGroup] {
        try await all(
            """
            SELECT g.id, g.name,
                   COALESCE((SELECT array_agg(d.name || '=' || gd.access ORDER BY d.name)
                             FROM permission_group_departments gd JOIN departments d ON d.tenant_id = gd.tenant_id AND d.id = gd.department_id
                             WHERE gd.group_id = g.id), '{}'),
                   COALESCE((SELECT array_agg(a.email ORDER BY a.email)
                             FROM permission_group_members m JOIN agents a ON a.tenant_id = m.tenant_id AND a.id = m.agent_id
                             WHERE m.group_id = g.id), '{}')
            FROM permission_groups g ORDER BY g.name
            """,
            as: (Int64, String, [String], [String]).self
        ).map { row in
            let departments = Self.grants(row.2)
            return PermissionGroup(id: row.0, name: row.1, departments: departments, members: row.3)
        }
    }

    public func permissionGroup(id: Int64) async throws -> PermissionGroup? {
        try await permissionGroups().first { $0.id == id }
    }

    /// Creates the group, or when `id` is given replaces its name, grants and members. Names
    /// that do not resolve are returned (as `departments.X` / `members[n]`) and nothing is written.
    public func savePermissionGroup(
        id: Int64?, name: String, departments: [String: DepartmentAccessLevel], members: [String]
    ) async throws -> Result<PermissionGroup, PermissionGroupProblem> {
        var departmentIDs: [Int64: DepartmentAccessLevel] = [:]
        for (departmentName, access) in departments where access != .none {
            guard let departmentID = try await departmentID(named: departmentName) else {
                return .failure(.unknownDepartment(departmentName))
            }
            departmentIDs[departmentID] = access
        }
        var agentIDs: [Int64] = []
        for email in members {
            guard let agent = try await agent(email: email.lowercased()) else { return .failure(.unknownAgent(email)) }
            agentIDs.append(agent.id.rawValue)
        }
        if try await first("SELECT 1 FROM permission_groups WHERE name = \(name) AND id IS DISTINCT FROM \(id)", as: Int.self) != nil {
            return .failure(.nameTaken)
        }
        let groupID: Int64
        if let id {
            guard try await first("UPDATE permission_groups SET name = \(name) WHERE id = \(id) RETURNING id", as: Int64.self) != nil
            else { return .failure(.notFound) }
            groupID = id
            try await query("DELETE FROM permission_group_departments WHERE group_id = \(id)")
            try await query("DELETE FROM permission_group_members WHERE group_id = \(id)")
        } else {
            guard let created = try await first(
                """
                INSERT INTO permission_groups (tenant_id, name) VALUES (\(tenantID.rawValue), \(name))
                ON CONFLICT (tenant_id, name) DO NOTHING RETURNING id
                """,
                as: Int64.self
            ) else { return .failure(.nameTaken) }
            groupID = created
        }
        let grantDepartments = departmentIDs.keys.sorted()
        let grantLevels = grantDepartments.map { departmentIDs[$0]!.rawValue }
        try await query(
            """
            INSERT INTO permission_group_departments (tenant_id, group_id, department_id, access)
            SELECT \(tenantID.rawValue), \(groupID), d, a FROM unnest(\(grantDepartments)::int8[], \(grantLevels)::text[]) AS g(d, a)
            """
        )
        try await query(
            """
            INSERT INTO permission_group_members (tenant_id, group_id, agent_id)
            SELECT DISTINCT \(tenantID.rawValue), \(groupID), a FROM unnest(\(agentIDs)::int8[]) AS a
            """
        )
        guard let saved = try await permissionGroup(id: groupID) else { return .failure(.notFound) }
        return .success(saved)
    }

    /// Returns whether the group existed.
    public func deletePermissionGroup(id: Int64) async throws -> Bool {
        try await first("DELETE FROM permission_groups WHERE id = \(id) RETURNING 1", as: Int.self) != nil
    }
}

public enum PermissionGroupProblem: Error, Sendable, Hashable {
    case unknownDepartment(String)
    case unknownAgent(String)
    case nameTaken
    case notFound
}

/// An agent as administrators manage them: who, what they may do, where.
public struct AgentSummary: Sendable, Hashable, Codable {
    public var id: Int64
    public var email: String
    public var name: String
    public var scopes: [String]
    public var isActive: Bool
    /// Department name → their own grant (groups add to it).
    public var departments: [String: DepartmentAccessLevel]
    /// The most open tickets automatic assignment gives them; nil: no limit.
    public var capacity: Int?
}

extension TenantTransaction {
    /// Every agent's name and whether they are active, by id: what pages need to show people.
    public func agentNames() async throws -> [Int64: (name: String, isActive: Bool)] {
        let rows = try await all("SELECT id, name, is_active FROM agents", as: (Int64, String, Bool).self)
        return Dictionary(rows.map { ($0.0, (name: $0.1, isActive: $0.2)) }, uniquingKeysWith: { first, _ in first })
    }

    public func agentSummaries() async throws -> [AgentSummary] {
        try await all(
            """
            SELECT a.id, a.email, a.name, a.permissions, a.is_active,
                   COALESCE((SELECT array_agg(d.name || '=' || ad.access ORDER BY d.name)
                             FROM agent_departments ad JOIN departments d ON d.tenant_id = ad.tenant_id AND d.id = ad.department_id
                             WHERE ad.agent_id = a.id), '{}'), a.capacity
            FROM agents a ORDER BY a.email
            """,
            as: (Int64, String, String, Int32, Bool, [String], Int32?).self
        ).map { row in
            let departments = Self.grants(row.5)
            return AgentSummary(
                id: row.0, email: row.1, name: row.2, scopes: Permissions(rawValue: Int(row.3)).names, isActive: row.4, departments: departments,
                capacity: row.6.map(Int.init)
            )
        }
    }

    /// Replaces the agent's own department grants; the name of a department that does not
    /// exist is returned and nothing changes.
    public func replaceDepartmentGrants(agent: Agent.ID, _ grants: [String: DepartmentAccessLevel]) async throws -> String? {
        var resolved: [(Int64, DepartmentAccessLevel)] = []
        for (name, access) in grants.sorted(by: { $0.key < $1.key }) where access != .none {
            guard let id = try await departmentID(named: name) else { return name }
            resolved.append((id, access))
        }
        try await query("DELETE FROM agent_departments WHERE agent_id = \(agent.rawValue)")
        for (department, access) in resolved {
            try await grantAgent(agent, department: department, access: access)
        }
        return nil
    }
}

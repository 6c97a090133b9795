import PostgresNIO
import SwitchboardCore

extension TenantTransaction {
    public func tenant() async throws -> Tenant? {
        try await first("SELECT id, slug, name, default_locale, time_zone FROM tenants", as: (Int64, String, String, String, String).self)
            .map { Tenant(id: Tenant.ID($0.0), slug: $0.1, name: $0.2, defaultLocale: $0.3, timeZone: $0.4) }
    }

    /// Where agents may sign in from (empty: anywhere).
    public func agentNetworks() async throws -> [IPNetwork] {
        try await first("SELECT agent_networks::text[] FROM tenants", as: [String].self).map { $0.compactMap(IPNetwork.init) } ?? []
    }

    public func setAgentNetworks(_ networks: [IPNetwork]) async throws {
        try await query("UPDATE tenants SET agent_networks = \(networks.map(\.description))::cidr[], updated_at = now()")
    }

    /// Returns whether anything changed.
    @discardableResult
    public func updateTenant(name: String, locale: String, timeZone: String) async throws -> Bool {
        try await first(
            """
            UPDATE tenants SET name = \(name), default_locale = \(locale), time_zone = \(timeZone), updated_at = now()
            WHERE (name, default_locale, time_zone) IS DISTINCT FROM (\(name), \(locale), \(timeZone))
            RETURNING 1
            """,
            as: Int.self
        ) != nil
    }

    /// Ensures a brand exists; returns whether one was created or changed.
    @discardableResult
    public func upsertBrand(name: String, isDefault: Bool) async throws -> Bool {
        if isDefault {
            try await query("UPDATE brands SET is_default = false WHERE is_default AND name <> \(name)")
        }
        return try await first(
            """
            INSERT INTO brands (tenant_id, name, is_default) VALUES (\(tenantID.rawValue), \(name), \(isDefault))
            ON CONFLICT (tenant_id, name) DO UPDATE SET is_default = EXCLUDED.is_default
                WHERE brands.is_default IS DISTINCT FROM EXCLUDED.is_default
            RETURNING 1
            """,
            as: Int.self
        ) != nil
    }

    /// Ensures a department exists and returns its id and whether it was created.
    public func ensureDepartment(name: String) async throws -> (id: Int64, created: Bool) {
        if let id = try await first("SELECT id FROM departments WHERE name = \(name)", as: Int64.self) {
            return (id, false)
        }
        guard let id = try await first(
            "INSERT INTO departments (tenant_id, name) VALUES (\(tenantID.rawValue), \(name)) RETURNING id", as: Int64.self
        ) else { throw PostgresStoreError.missingRow("department \(name)") }
        return (id, true)
    }
}

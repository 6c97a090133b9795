import PostgresNIO
import SwitchboardCore

extension Database {
    /// Creates the tenant if `slug` is new and runs `body` in the same transaction, scoped to
    /// it: provisioning either happens whole or not at all.
    public func provision<Result>(
        slug: String, name: String, locale: String, timeZone: String,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (TenantTransaction, _ created: Bool) async throws -> sending Result
    ) async throws -> sending Result {
        try await client.withConnection(isolation: isolation) { connection in
            try await connection.transaction(logger: logger, isolation: isolation) { connection in
                var existing = false
                for try await _ in try await connection.query("SELECT id FROM sb_tenant_by_slug(\(slug))", logger: logger) {
                    existing = true
                }
                var tenantID: Int64?
                let rows = try await connection.query(
                    "SELECT sb_ensure_tenant(\(slug), \(name), \(locale), \(timeZone))", logger: logger
                )
                for try await id in rows.decode(Int64.self) { tenantID = id }
                guard let tenantID else { throw PostgresStoreError.missingRow("sb_ensure_tenant returned nothing") }
                try await connection.query("SELECT set_config('app.tenant_id', \(String(tenantID)), true)", logger: logger)
                let transaction = TenantTransaction(tenantID: Tenant.ID(tenantID), connection: connection, logger: logger)
                return try await body(transaction, !existing)
            }
        }
    }
}

import Foundation
import PostgresNIO
import Testing
import SwitchboardApp
import SwitchboardCore
import SwitchboardPostgres

/// The database itself keeps tenants apart: the application role sees only the rows of the
/// tenant its transaction names, and nothing outside a tenant-scoped transaction.
@Suite("Row-level security")
struct RowLevelSecurityTests {
    @Test("tenant A's transaction never returns tenant B's rows; no tenant set returns none")
    func isolation() async throws {
        let config = try await TestEnvironment.migratedDatabase()
        let alpha = try await Fixtures.apply(Fixtures.manifest(slug: "alpha", key: Fixtures.adminKey), config: config)
        let beta = try await Fixtures.apply(Fixtures.manifest(slug: "beta", key: Fixtures.otherKey), config: config)
        let database = Database(configuration: config.database, logger: TestEnvironment.logger)
        try await Fixtures.withRunning(database) {
            // Every table that holds tenant rows, found rather than listed, so none is forgotten.
            let tables = try await database.client.query(
                "SELECT table_name::text FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'tenant_id'"
            ).decode(String.self).reduce(into: ["tenants"]) { $0.append($1) }
            #expect(tables.count >= 19)
            #expect(tables.contains("permission_group_departments"))
            for table in tables {
                // Deliberately unfiltered queries: only the policies stand between tenants here.
                let seenByAlpha = try await database.tenant(Tenant.ID(alpha.tenantID)).transaction { transaction in
                    try await transaction.all(PostgresQuery(unsafeSQL: "SELECT DISTINCT \(table == "tenants" ? "id" : "tenant_id") FROM \(table)"), as: Int64.self)
                }
                #expect(seenByAlpha.allSatisfy { $0 == alpha.tenantID }, "\(table)")
                let unscoped = try await database.client.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table)"))
                for try await count in unscoped.decode(Int64.self) { #expect(count == 0, "\(table) without a tenant") }
            }
            // The word-index lookup that runs as the owner answers only for the scoped tenant.
            for (tenant, other) in [(alpha.tenantID, beta.tenantID), (beta.tenantID, alpha.tenantID)] {
                _ = try await database.tenant(Tenant.ID(tenant)).transaction { transaction in
                    try await transaction.query(
                        "INSERT INTO tickets (tenant_id, ref, subject, search) VALUES (\(tenant), 1, 'x', array_to_tsvector(\([String(tenant) + ":shared", String(other) + ":shared"])::text[]))"
                    )
                }
            }
            let matched = try await database.tenant(Tenant.ID(alpha.tenantID)).transaction { transaction in
                try await transaction.all("SELECT sb_ticket_ids_matching(\("'\(beta.tenantID):shared'")::tsquery, 10)", as: Int64.self)
            }
            let alphaTicket = try await database.tenant(Tenant.ID(alpha.tenantID)).transaction { try await $0.all("SELECT id FROM tickets", as: Int64.self) }
            #expect(matched == alphaTicket, "only the scoped tenant's tickets, whatever the words say")
            let unscopedMatches = try await database.client.query("SELECT count(*) FROM sb_ticket_ids_matching(\("'\(alpha.tenantID):shared'")::tsquery, 10)")
            for try await count in unscopedMatches.decode(Int64.self) { #expect(count == 0, "no tenant, no matches") }

            let alphaAgents = try await database.tenant(Tenant.ID(alpha.tenantID)).transaction {
                try await $0.all("SELECT email FROM agents ORDER BY email", as: String.self)
            }
            #expect(alphaAgents == ["admin@alpha.example", "reader@alpha.example"])

            // Writing a row for another tenant is refused by the policy's WITH CHECK.
            await #expect(throws: (any Error).self) {
                try await database.tenant(Tenant.ID(alpha.tenantID)).transaction { transaction in
                    try await transaction.query("INSERT INTO departments (tenant_id, name) VALUES (\(beta.tenantID), 'Injected')")
                }
            }
            // Updating another tenant's rows touches nothing.
            let touched = try await database.tenant(Tenant.ID(alpha.tenantID)).transaction { transaction in
                try await transaction.all("UPDATE agents SET name = 'hijacked' WHERE tenant_id = \(beta.tenantID) RETURNING id", as: Int64.self)
            }
            #expect(touched.isEmpty)
            // The one-statement ticket create scopes itself, and refuses to run in another
            // tenant's scope.
            let draft = TicketDraft(ref: 900_001, subject: "Injected", body: "text", agent: nil, words: [])
            await #expect(throws: (any Error).self) {
                try await database.tenant(Tenant.ID(alpha.tenantID)).transaction { transaction in
                    try await transaction.all("SELECT id FROM sb_create_ticket(\(beta.tenantID), 900001, 'Injected', 'x', 'normal', 1::int2, NULL, '{}', NULL, '{}', '{}', NULL)", as: Int64.self)
                }
            }
            let direct = try await database.tenant(Tenant.ID(beta.tenantID)).createTicket(draft)
            #expect(direct?.ref == 900_001)
            let seen = try await database.tenant(Tenant.ID(alpha.tenantID)).transaction { try await $0.ticket(ref: 900_001) }
            #expect(seen == nil)
        }
    }

    @Test("the application role owns nothing and cannot read the migration table")
    func roleHasNoOwnership() async throws {
        let config = try await TestEnvironment.migratedDatabase()
        let database = Database(configuration: config.database, logger: TestEnvironment.logger)
        try await Fixtures.withRunning(database) {
            let owned = try await database.client.query("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user")
            for try await count in owned.decode(Int64.self) { #expect(count == 0) }
            await #expect(throws: (any Error).self) {
                try await database.client.query("SELECT * FROM schema_migrations")
            }
            await #expect(throws: (any Error).self) {
                try await database.client.query("DELETE FROM tenants")
            }
        }
    }
}

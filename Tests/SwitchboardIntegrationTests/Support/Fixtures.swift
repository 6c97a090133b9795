import Foundation
import SwitchboardApp
import SwitchboardCore
import SwitchboardPostgres

/// Small named tenants for tests.
enum Fixtures {
    static let adminKey = "sbk_" + String(repeating: "a", count: 40)
    static let otherKey = "sbk_" + String(repeating: "b", count: 40)
    static let readOnlyKey = "sbk_" + String(repeating: "r", count: 40)

    static func manifest(slug: String, key: String, domains: [TenantManifest.Domain] = []) -> TenantManifest {
        TenantManifest(
            slug: slug, name: "Tenant \(slug)", locale: "en", timeZone: "Europe/London", domains: domains,
            departments: [.init(name: "Support")],
            agents: [
                .init(email: "admin@\(slug).example", name: "Admin \(slug)", password: "correct horse battery", permissions: .all, departments: ["Support"]),
                .init(email: "reader@\(slug).example", name: "Reader \(slug)", password: "correct horse battery", permissions: [.read], departments: []),
            ],
            apiKeys: [.init(name: "admin", agentEmail: "admin@\(slug).example", permissions: .all, secret: key)]
        )
    }

    /// Applies `manifest` through the same path as `switchboard tenant apply`.
    @discardableResult
    static func apply(_ manifest: TenantManifest, config: AppConfig) async throws -> ManifestApplier.Report {
        let node = SwitchboardNode(config: config, logger: TestEnvironment.logger)
        return try await withRunning(node.database) {
            try await node.manifestApplier.apply(.init(manifest: manifest, lines: [:]), file: "test")
        }
    }

    /// Runs `body` with `database`'s pool running.
    static func withRunning<T: Sendable>(_ database: Database, _ body: @Sendable @escaping () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                await database.client.run()
                return nil
            }
            defer { group.cancelAll() }
            return try await body()
        }
    }
}

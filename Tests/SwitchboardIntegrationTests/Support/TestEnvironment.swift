import Foundation
import Logging
import PostgresNIO
import SwitchboardApp
import SwitchboardPostgres
import Testing

/// The services `ops/test` started, and fresh databases on them for each suite.
enum TestEnvironment {
    static let environment = ProcessInfo.processInfo.environment
    static let pgHost = environment["SB_TEST_PG_HOST"] ?? "127.0.0.1"
    static let pgPort = Int(environment["SB_TEST_PG_PORT"] ?? "") ?? 54339
    static let redisURL = environment["SB_TEST_REDIS_URL"] ?? "redis://127.0.0.1:63809"
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let binary = environment["SB_TEST_BINARY"] ?? repositoryRoot.appendingPathComponent(".build/debug/switchboard").path
    static let stateDirectory = environment["SB_TEST_STATE"] ?? repositoryRoot.appendingPathComponent(".local/test").path

    static let logger: Logger = {
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        return logger
    }()

    /// A new, empty database owned by the schema owner.
    static func createDatabase() async throws -> String {
        let name = "sb_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        try await withAdminConnection { connection in
            try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name) OWNER switchboard"), logger: logger)
        }
        return name
    }

    @discardableResult
    static func withAdminConnection<T: Sendable>(database: String = "postgres", _ body: (PostgresConnection) async throws -> T) async throws -> T {
        let connection = try await PostgresConnection.connect(
            configuration: .init(host: pgHost, port: pgPort, username: "switchboard", password: "switchboard", database: database, tls: .disable),
            id: 1, logger: logger
        )
        do {
            let result = try await body(connection)
            try await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// The environment a node gets for `database`; `extra` overrides.
    static func nodeEnvironment(database: String, _ extra: [String: String] = [:]) -> [String: String] {
        var values = [
            "SB_DATABASE_URL": "postgres://switchboard_app:switchboard_app@\(pgHost):\(pgPort)/\(database)",
            "SB_DATABASE_ADMIN_URL": "postgres://switchboard:switchboard@\(pgHost):\(pgPort)/\(database)",
            "SB_REDIS_URL": redisURL,
            "SB_HOST": "127.0.0.1",
            "SB_PORT": "0",
            "SB_BASE_DOMAIN": "sb.test",
            "SB_LOG_LEVEL": "warning",
            "SB_PASSWORD_COST": "10",
            "SB_DATABASE_POOL": "8",
            "SB_MIGRATIONS_DIR": repositoryRoot.appendingPathComponent("Migrations").path,
            "SB_LOCALIZATION_DIR": repositoryRoot.appendingPathComponent("Localization").path,
            "SB_PLATFORM_TOKEN": platformToken,
        ]
        values.merge(extra) { $1 }
        return values
    }

    static let platformToken = "platform-token-for-the-test-suite-0123456789"

    static func config(database: String, _ extra: [String: String] = [:]) throws -> AppConfig {
        try AppConfig.load(environment: nodeEnvironment(database: database, extra))
    }

    /// A migrated database and its node configuration.
    static func migratedDatabase(_ extra: [String: String] = [:]) async throws -> AppConfig {
        let name = try await createDatabase()
        let config = try config(database: name, extra)
        _ = try await Commands.migrate(config, logger: logger)
        // Tenant ids are unique across a cluster, and Redis keys rely on it; suites share one
        // Redis, so each database numbers its tenants from a different place.
        let start = Int64.random(in: 1...1_000_000) * 1000
        try await withAdminConnection(database: name) { connection in
            try await connection.query(PostgresQuery(unsafeSQL: "ALTER TABLE tenants ALTER COLUMN id RESTART WITH \(start)"), logger: logger)
        }
        return config
    }
}

import Crypto
import Foundation
import Logging
import PostgresNIO
import SwitchboardCore

/// A SQL file in `Migrations/`, named `NNNN_description.sql`.
public struct Migration: Sendable, Hashable {
    public let version: Int
    public let name: String
    public let sql: String

    public var checksum: String {
        SHA256.hash(data: Data(sql.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Reads every migration in `directory`, ordered by version.
    public static func load(from directory: URL) throws(MigrationError) -> [Migration] {
        let files: [URL]
        do {
            files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
        } catch {
            throw .unreadable("cannot list \(directory.path): \(error.localizedDescription)")
        }
        var migrations: [Migration] = []
        for file in files where file.pathExtension == "sql" {
            let base = file.deletingPathExtension().lastPathComponent
            let parts = base.split(separator: "_", maxSplits: 1)
            guard parts.count == 2, parts[0].count == 4, let version = Int(parts[0]) else {
                throw .badName(file.lastPathComponent)
            }
            guard let sql = try? String(contentsOf: file, encoding: .utf8) else {
                throw .unreadable("cannot read \(file.path) as UTF-8")
            }
            if let twin = migrations.first(where: { $0.version == version }) {
                throw .duplicateVersion(version, "\(twin.name).sql", file.lastPathComponent)
            }
            migrations.append(Migration(version: version, name: base, sql: sql))
        }
        return migrations.sorted { $0.version < $1.version }
    }
}

public enum MigrationError: Error, Sendable, CustomStringConvertible {
    case badName(String)
    case unreadable(String)
    case duplicateVersion(Int, String, String)
    case changedAfterApply(name: String, applied: String, now: String)
    case failed(name: String, message: String)

    public var description: String {
        switch self {
        case .badName(let file): "migration file \(file) must be named NNNN_description.sql"
        case .unreadable(let why): why
        case .duplicateVersion(let version, let first, let second): "migrations \(first) and \(second) share version \(version)"
        case .changedAfterApply(let name, let applied, let now):
            "migration \(name).sql was changed after it was applied (applied checksum \(applied.prefix(12)), file now \(now.prefix(12))); add a new migration instead"
        case .failed(let name, let message): "migration \(name).sql failed: \(message)"
        }
    }
}

/// Applies pending migrations in order, each in its own transaction, under a PostgreSQL
/// advisory lock so that any number of nodes starting together apply each one exactly once.
public struct MigrationRunner: Sendable {
    /// Arbitrary, fixed: every node must agree on it.
    static let advisoryLockKey: Int64 = 0x5357_4244_4d49_4752 // "SWBDMIGR"

    let client: PostgresClient
    let logger: Logger

    /// `client` connects as the role that owns the schema (not the application role).
    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    public struct Outcome: Sendable, Equatable {
        public var applied: [String]
        public var alreadyApplied: Int
    }

    public func run(_ migrations: [Migration]) async throws -> Outcome {
        try await client.withConnection { connection in
            try await connection.query("SELECT pg_advisory_lock(\(Self.advisoryLockKey))", logger: logger)
            do {
                let outcome = try await apply(migrations, on: connection)
                try await connection.query("SELECT pg_advisory_unlock(\(Self.advisoryLockKey))", logger: logger)
                return outcome
            } catch {
                // Session locks die with the connection, but the pool keeps it: unlock explicitly.
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(Self.advisoryLockKey))", logger: logger)
                throw error
            }
        }
    }

    private func apply(_ migrations: [Migration], on connection: PostgresConnection) async throws -> Outcome {
        try await connection.query(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version integer PRIMARY KEY,
                name text NOT NULL,
                checksum text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """,
            logger: logger
        )
        var applied: [Int: (name: String, checksum: String)] = [:]
        for try await (version, name, checksum) in try await connection.query(
            "SELECT version, name, checksum FROM schema_migrations", logger: logger
        ).decode((Int, String, String).self) {
            applied[version] = (name, checksum)
        }
        for migration in migrations {
            if let previous = applied[migration.version], previous.checksum != migration.checksum {
                throw MigrationError.changedAfterApply(name: migration.name, applied: previous.checksum, now: migration.checksum)
            }
        }
        var outcome = Outcome(applied: [], alreadyApplied: 0)
        for migration in migrations {
            if applied[migration.version] != nil {
                outcome.alreadyApplied += 1
                continue
            }
            do {
                try await connection.transaction(logger: logger) { connection in
                    for statement in SQLScript.statements(migration.sql) {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                    try await connection.query(
                        """
                        INSERT INTO schema_migrations (version, name, checksum)
                        VALUES (\(migration.version), \(migration.name), \(migration.checksum))
                        """,
                        logger: logger
                    )
                }
            } catch {
                throw MigrationError.failed(name: migration.name, message: postgresMessage(error))
            }
            logger.info("applied migration", metadata: ["migration": "\(migration.name)"])
            outcome.applied.append(migration.name)
        }
        return outcome
    }
}

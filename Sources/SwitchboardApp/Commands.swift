import Foundation
import Hummingbird
import Logging
import PostgresNIO
import ServiceLifecycle
import SwitchboardPostgres

struct CommandError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

func milliseconds(_ duration: Duration) -> Int64 {
    duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
}

/// What the `switchboard` subcommands do; the executable only parses arguments.
public enum Commands {
    /// Logging for the whole process, in the configured format and level.
    public static func bootstrapLogging(_ config: AppConfig) {
        LoggingSystem.bootstrap { label in
            switch config.logFormat {
            case .json: return JSONLogHandler(label: label, level: config.logLevel)
            case .text:
                var handler = StreamLogHandler.standardOutput(label: label)
                handler.logLevel = config.logLevel
                return handler
            }
        }
    }

    public static func serve(_ config: AppConfig) async throws {
        let logger = Logger(label: "switchboard")
        if config.migrateOnStart {
            let outcome = try await migrate(config, logger: logger)
            logger.info("migrations done", metadata: ["applied": "\(outcome.applied.count)"])
        }
        let started = ContinuousClock.now
        let app = try Switchboard.buildApplication(config: config, logger: logger) { channel in
            logger.info("serving", metadata: [
                "address": "\(channel.localAddress?.description ?? "?")",
                "startup_ms": "\(milliseconds(ContinuousClock.now - started))",
            ])
        }
        try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
        logger.info("stopped")
    }

    /// Applies pending migrations as the schema owner.
    public static func migrate(_ config: AppConfig, logger: Logger) async throws -> MigrationRunner.Outcome {
        let migrations = try Migration.load(from: config.migrationsDirectory)
        let database = Database(configuration: config.migrationDatabase, logger: logger)
        return try await withRunningClient(database.client) {
            try await MigrationRunner(client: database.client, logger: logger).run(migrations)
        }
    }

    /// Applies manifests, each in its own transaction; returns the reports in order.
    public static func applyManifests(_ files: [String], config: AppConfig, logger: Logger) async throws -> [ManifestApplier.Report] {
        var manifests: [(String, ManifestParser.Parsed)] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ManifestParser.Failure(file: file, problems: [(nil, "", "cannot read the file")])
            }
            guard let yaml = String(data: data, encoding: .utf8) else {
                throw ManifestParser.Failure(file: file, problems: [(nil, "", "is not UTF-8 text")])
            }
            manifests.append((file, try ManifestParser.parse(yaml, file: file)))
        }
        let parsed = manifests
        let node = SwitchboardNode(config: config, logger: logger)
        return try await withRunningClient(node.database.client) {
            var reports: [ManifestApplier.Report] = []
            for (file, manifest) in parsed {
                let report = try await node.manifestApplier.apply(manifest, file: file)
                for host in report.touchedHosts { await node.invalidation.publish(host) }
                reports.append(report)
            }
            node.redis.close()
            return reports
        }
    }

    /// Adds `tickets` generated tickets to the tenant; returns how many were written.
    public static func seed(tenant: String, tickets: Int, config: AppConfig) async throws -> Int {
        try await Seed.run(tenantSlug: tenant, tickets: tickets, config: config, logger: Logger(label: "switchboard.seed"))
    }

    public static func listTenants(config: AppConfig, logger: Logger) async throws -> [TenantDirectoryStore.TenantSummary] {
        let database = Database(configuration: config.database, logger: logger)
        return try await withRunningClient(database.client) { try await database.directory.listTenants() }
    }

    /// Runs `body` while the pool's background task runs, then stops it. Fails with a clear
    /// message when PostgreSQL cannot be reached instead of waiting for ever.
    static func withRunningClient<Result: Sendable>(
        _ client: PostgresClient, connectTimeout: Duration = .seconds(15), _ body: @Sendable @escaping () async throws -> Result
    ) async throws -> Result {
        try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask {
                await client.run()
                return nil
            }
            defer { group.cancelAll() }
            try await withThrowingTaskGroup(of: Bool.self) { probe in
                probe.addTask {
                    try await client.query("SELECT 1")
                    return true
                }
                probe.addTask {
                    try await Task.sleep(for: connectTimeout)
                    return false
                }
                let reached = try await probe.next() ?? false
                probe.cancelAll()
                if !reached { throw CommandError("cannot reach PostgreSQL within \(connectTimeout)") }
            }
            return try await body()
        }
    }

    /// One line for an operator: server messages for database errors, descriptions otherwise.
    public static func describe(_ error: any Error) -> String {
        switch error {
        case let error as any CustomStringConvertible where !(error is PSQLError): error.description
        default: postgresMessage(error)
        }
    }

    /// A Hummingbird endpoint with no middleware at all: the baseline for `ops/bench`.
    public static func serveBare(host: String, port: Int) async throws {
        let router = Router()
        router.get("/") { _, _ in "ok" }
        // The same JSON body /api/v1/tenant sends, so the two differ only by the middleware stack.
        router.get("/json") { _, _ in
            BareTenantBody(slug: "demo", name: "Demo Helpdesk", defaultLocale: "en", timeZone: "Europe/London")
        }
        let app = Application(
            router: router, configuration: .init(address: .hostname(host, port: port), serverName: "bare"),
            logger: Logger(label: "bare")
        )
        try await app.runService()
    }
}

struct BareTenantBody: ResponseEncodable {
    var slug: String
    var name: String
    var defaultLocale: String
    var timeZone: String
}

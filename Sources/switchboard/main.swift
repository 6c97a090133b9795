import ArgumentParser
import Foundation
import Logging
import SwitchboardApp

@main
struct SwitchboardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switchboard",
        abstract: "A multi-tenant helpdesk node.",
        discussion: """
            Settings come from the environment; flags override them.
            \(AppConfig.settings.map { "  \($0.name.padding(toLength: 22, withPad: " ", startingAt: 0)) \($0.meaning) (default \($0.default))" }.joined(separator: "\n"))
            """,
        subcommands: [Serve.self, Migrate.self, TenantCommand.self, SeedCommand.self, Bench.self]
    )
}

/// Flags shared by every subcommand; each overrides its environment variable.
struct ConfigOptions: ParsableArguments {
    @Option(help: "PostgreSQL URL for the application role (SB_DATABASE_URL).") var databaseURL: String?
    @Option(help: "PostgreSQL URL for the schema owner, used to migrate (SB_DATABASE_ADMIN_URL).") var databaseAdminURL: String?
    @Option(help: "Redis URL (SB_REDIS_URL).") var redisURL: String?
    @Option(help: "Address to listen on (SB_HOST).") var host: String?
    @Option(help: "Port to listen on (SB_PORT).") var port: String?
    @Option(help: "Tenants are served at <slug>.<base domain> (SB_BASE_DOMAIN).") var baseDomain: String?
    @Option(help: "Log level (SB_LOG_LEVEL).") var logLevel: String?
    @Option(help: "json or text (SB_LOG_FORMAT).") var logFormat: String?
    @Option(help: "Run background workers: on or off (SB_WORKERS).") var workers: String?

    func load() throws -> AppConfig {
        var environment = ProcessInfo.processInfo.environment
        let overrides: [(String, String?)] = [
            ("SB_DATABASE_URL", databaseURL), ("SB_DATABASE_ADMIN_URL", databaseAdminURL), ("SB_REDIS_URL", redisURL),
            ("SB_HOST", host), ("SB_PORT", port), ("SB_BASE_DOMAIN", baseDomain), ("SB_LOG_LEVEL", logLevel),
            ("SB_LOG_FORMAT", logFormat), ("SB_WORKERS", workers),
        ]
        for case let (name, value?) in overrides { environment[name] = value }
        do {
            let config = try AppConfig.load(environment: environment)
            Commands.bootstrapLogging(config)
            return config
        } catch {
            throw Failure(message: error.description)
        }
    }
}

/// A one-line error and a non-zero exit.
struct Failure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the HTTP API, health checks and metrics.",
        discussion: "Stops on SIGTERM or SIGINT after finishing requests in flight."
    )
    @OptionGroup var options: ConfigOptions
    @Flag(help: "Apply pending migrations before serving (SB_MIGRATE_ON_START).") var migrate = false

    func run() async throws {
        var config = try options.load()
        if migrate { config.migrateOnStart = true }
        try await report { try await Commands.serve(config) }
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply pending SQL migrations from Migrations/ as the schema owner.",
        discussion: "Safe to run on many nodes at once: an advisory lock makes each migration apply exactly once."
    )
    @OptionGroup var options: ConfigOptions

    func run() async throws {
        let config = try options.load()
        let logger = Logger(label: "switchboard.migrate")
        try await report {
            let outcome = try await Commands.migrate(config, logger: logger)
            print("migrations: \(outcome.applied.count) applied, \(outcome.alreadyApplied) already applied")
            for name in outcome.applied { print("  applied \(name)") }
        }
    }
}

struct TenantCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tenant",
        abstract: "Provision tenants from manifests and list them.",
        subcommands: [Apply.self, List.self]
    )

    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create or update tenants from YAML manifests (idempotent; each file all-or-nothing).",
            discussion: "Generated passwords and API keys are printed once; only their hashes are stored."
        )
        @OptionGroup var options: ConfigOptions
        @Argument(help: "Manifest files, e.g. Tenants/demo.yaml.") var files: [String]

        func run() async throws {
            let config = try options.load()
            try await report {
                let reports = try await Commands.applyManifests(files, config: config, logger: Logger(label: "switchboard.tenant"))
                for (file, report) in zip(files, reports) {
                    let state = report.createdTenant ? "created" : (report.changed ? "updated" : "unchanged")
                    print("\(file): tenant \(report.slug) (id \(report.tenantID)) \(state)")
                    for change in report.changes { print("  \(change)") }
                    for (email, password) in report.generatedPasswords.sorted(by: { $0.key < $1.key }) {
                        print("  password for \(email): \(password)")
                    }
                    for (name, key) in report.generatedAPIKeys.sorted(by: { $0.key < $1.key }) {
                        print("  api key \(name): \(key)")
                    }
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tenants with their custom domains.")
        @OptionGroup var options: ConfigOptions

        func run() async throws {
            let config = try options.load()
            try await report {
                for tenant in try await Commands.listTenants(config: config, logger: Logger(label: "switchboard.tenant")) {
                    let domains = tenant.domains.isEmpty ? "" : "  " + tenant.domains.joined(separator: ", ")
                    print("\(tenant.id)\t\(tenant.slug)\t\(tenant.name)\(domains)")
                }
            }
        }
    }
}

struct SeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed",
        abstract: "Fill a tenant with realistic tickets (Korean and English) for benchmarks."
    )
    @OptionGroup var options: ConfigOptions
    @Option(help: "The tenant's slug.") var tenant: String
    @Option(help: "How many tickets to add.") var tickets: Int

    func run() async throws {
        let config = try options.load()
        guard tickets > 0 else { throw Failure(message: "--tickets must be positive") }
        try await report {
            let written = try await Commands.seed(tenant: tenant, tickets: tickets, config: config)
            print("seeded \(written) tickets into \(tenant)")
        }
    }
}

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Helpers for ops/bench.",
        subcommands: [Bare.self]
    )

    struct Bare: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Serve a Hummingbird route with no middleware (the baseline).")
        @Option var host = "127.0.0.1"
        @Option var port = 8090

        func run() async throws {
            try await Commands.serveBare(host: host, port: port)
        }
    }
}

/// Turns any failure into one clear line on standard error and exit status 1.
func report(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as Failure {
        throw error
    } catch {
        throw Failure(message: Commands.describe(error))
    }
}

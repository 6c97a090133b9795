import Foundation
import Logging
import SwitchboardCore
import SwitchboardPostgres
import SwitchboardRedis

/// Everything a node needs to know, read once from the environment (and flags) into types.
/// Defaults match the services `ops/dev` starts.
public struct AppConfig: Sendable {
    public var database: DatabaseConfiguration
    /// The role that owns the schema; used only to migrate.
    public var migrationDatabase: DatabaseConfiguration
    public var redis: RedisConfiguration
    public var host: String
    public var port: Int
    /// Tenants are served at `<slug>.<baseDomain>`.
    public var baseDomain: String
    public var logLevel: Logger.Level
    public var logFormat: LogFormat
    /// Whether this node runs background workers (web-only nodes switch them off).
    public var workers: Bool
    public var migrateOnStart: Bool
    /// Bearer token for `/api/v1/platform`; the platform API is off without one.
    public var platformToken: String?
    public var migrationsDirectory: URL
    public var localizationDirectory: URL
    public var secureCookies: Bool
    public var sessionLifetime: Duration
    public var passwordHasher: PasswordHasher
    /// API requests per minute per API key or signed-in agent; 0 means no limit.
    public var apiRateLimit: Int
    /// The largest attachment accepted, in bytes.
    public var attachmentMaxBytes: Int64
    /// How many background jobs a node runs at once.
    public var jobConcurrency: Int
    /// The wait before a failed job's second attempt; it doubles with each attempt after.
    public var jobRetryBase: Duration
    /// How long a worker holds a job it claimed; a job whose worker died runs again after it.
    public var jobLease: Duration
    /// Whether trigger webhooks may call loopback and private addresses.
    public var webhookPrivateAddresses: Bool

    public enum LogFormat: String, Sendable, CaseIterable {
        case json, text
    }

    /// The settings, their environment names and meaning — printed by `--help` and README.
    public static let settings: [(name: String, default: String, meaning: String)] = [
        ("SB_DATABASE_URL", "postgres://switchboard_app:switchboard_app@127.0.0.1:54329/switchboard", "PostgreSQL, as the application role"),
        ("SB_DATABASE_ADMIN_URL", "postgres://switchboard:switchboard@127.0.0.1:54329/switchboard", "PostgreSQL, as the schema owner (migrations only)"),
        ("SB_REDIS_URL", "redis://127.0.0.1:63799", "Redis"),
        ("SB_HOST", "127.0.0.1", "HTTP listen address"),
        ("SB_PORT", "8080", "HTTP listen port"),
        ("SB_BASE_DOMAIN", "localhost", "tenants are served at <slug>.<base domain>"),
        ("SB_LOG_LEVEL", "info", "trace, debug, info, notice, warning, error or critical"),
        ("SB_LOG_FORMAT", "json", "json (one object per line) or text"),
        ("SB_WORKERS", "on", "run background workers on this node (on/off)"),
        ("SB_MIGRATE_ON_START", "off", "apply pending migrations before serving (on/off)"),
        ("SB_PLATFORM_TOKEN", "(unset)", "bearer token for the operator API /api/v1/platform; unset disables it"),
        ("SB_MIGRATIONS_DIR", "./Migrations", "where the SQL migrations are"),
        ("SB_LOCALIZATION_DIR", "./Localization", "where the language packs are"),
        ("SB_SECURE_COOKIES", "off", "mark cookies Secure (turn on behind HTTPS)"),
        ("SB_SESSION_HOURS", "336", "how long a sign-in lasts"),
        ("SB_PASSWORD_COST", "17", "scrypt cost as log2(N); 17 is OWASP's recommendation"),
        ("SB_DATABASE_POOL", "20", "PostgreSQL connections per node"),
        ("SB_REDIS_POOL", "4", "Redis connections per node (commands are pipelined)"),
        ("SB_API_RATE_LIMIT", "6000", "API requests per minute per API key or signed-in agent (429 beyond); 0 turns it off"),
        ("SB_ATTACHMENT_MAX_BYTES", "26214400", "the largest attachment accepted, in bytes (413 beyond; 25 MiB by default)"),
        ("SB_JOB_CONCURRENCY", "8", "background jobs a node runs at once"),
        ("SB_JOB_RETRY_MS", "2000", "wait before a failed job's second attempt, doubling after each attempt (at most an hour)"),
        ("SB_JOB_LEASE_SECONDS", "60", "how long a worker holds a job; a job whose node died runs again after it (longer than any job takes)"),
        ("SB_WEBHOOK_PRIVATE", "off", "let trigger webhooks call loopback and private addresses (on only where every tenant is trusted)"),
    ]

    /// Reads `environment`; the first invalid setting is reported by name.
    public static func load(environment: [String: String]) throws(ConfigError) -> AppConfig {
        let defaults = Dictionary(uniqueKeysWithValues: settings.map { ($0.name, $0.default) })
        func value(_ name: String) -> String {
            if let value = environment[name], !value.isEmpty { return value }
            return defaults[name] ?? ""
        }
        func flag(_ name: String) throws(ConfigError) -> Bool {
            switch value(name).lowercased() {
            case "on", "true", "1", "yes": return true
            case "off", "false", "0", "no": return false
            case let other: throw ConfigError(setting: name, value: other, reason: "must be on or off")
            }
        }
        func integer(_ name: String, in range: ClosedRange<Int>) throws(ConfigError) -> Int {
            guard let number = Int(value(name)), range.contains(number) else {
                throw ConfigError(setting: name, value: value(name), reason: "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return number
        }

        var database: DatabaseConfiguration
        do { database = try DatabaseConfiguration(url: value("SB_DATABASE_URL")) } catch {
            throw ConfigError(setting: "SB_DATABASE_URL", value: redacted(value("SB_DATABASE_URL")), reason: error.description)
        }
        database.maximumConnections = try integer("SB_DATABASE_POOL", in: 1...500)
        let adminURL = value("SB_DATABASE_ADMIN_URL")
        var migrationDatabase: DatabaseConfiguration
        do { migrationDatabase = try DatabaseConfiguration(url: adminURL) } catch {
            throw ConfigError(setting: "SB_DATABASE_ADMIN_URL", value: redacted(adminURL), reason: error.description)
        }
        migrationDatabase.maximumConnections = 2

        var redis: RedisConfiguration
        do { redis = try RedisConfiguration(url: value("SB_REDIS_URL")) } catch {
            throw ConfigError(setting: "SB_REDIS_URL", value: redacted(value("SB_REDIS_URL")), reason: error.description)
        }
        redis.poolSize = try integer("SB_REDIS_POOL", in: 1...64)

        let host = value("SB_HOST")
        let port = try integer("SB_PORT", in: 0...65535)
        guard let baseDomain = Hostname.normalize(value("SB_BASE_DOMAIN")) else {
            throw ConfigError(setting: "SB_BASE_DOMAIN", value: value("SB_BASE_DOMAIN"), reason: "must be a domain name such as helpdesk.example.com")
        }
        guard let logLevel = Logger.Level(rawValue: value("SB_LOG_LEVEL").lowercased()) else {
            throw ConfigError(setting: "SB_LOG_LEVEL", value: value("SB_LOG_LEVEL"), reason: "must be one of trace, debug, info, notice, warning, error, critical")
        }
        guard let logFormat = LogFormat(rawValue: value("SB_LOG_FORMAT").lowercased()) else {
            throw ConfigError(setting: "SB_LOG_FORMAT", value: value("SB_LOG_FORMAT"), reason: "must be json or text")
        }
        let platformToken = environment["SB_PLATFORM_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        if let platformToken, platformToken.count < 24 {
            throw ConfigError(setting: "SB_PLATFORM_TOKEN", value: "(hidden)", reason: "must be at least 24 characters")
        }
        let cost = try integer("SB_PASSWORD_COST", in: 10...20)
        let sessionHours = try integer("SB_SESSION_HOURS", in: 1...24 * 365)

        return AppConfig(
            database: database,
            migrationDatabase: migrationDatabase,
            redis: redis,
            host: host,
            port: port,
            baseDomain: baseDomain,
            logLevel: logLevel,
            logFormat: logFormat,
            workers: try flag("SB_WORKERS"),
            migrateOnStart: try flag("SB_MIGRATE_ON_START"),
            platformToken: platformToken,
            migrationsDirectory: URL(fileURLWithPath: value("SB_MIGRATIONS_DIR")),
            localizationDirectory: URL(fileURLWithPath: value("SB_LOCALIZATION_DIR")),
            secureCookies: try flag("SB_SECURE_COOKIES"),
            sessionLifetime: .seconds(sessionHours * 3600),
            passwordHasher: PasswordHasher(logN: cost, blockSize: 8, parallelism: 1),
            apiRateLimit: try integer("SB_API_RATE_LIMIT", in: 0...100_000_000),
            attachmentMaxBytes: Int64(try integer("SB_ATTACHMENT_MAX_BYTES", in: 1...(1 << 40))),
            jobConcurrency: try integer("SB_JOB_CONCURRENCY", in: 1...256),
            jobRetryBase: .milliseconds(try integer("SB_JOB_RETRY_MS", in: 10...3_600_000)),
            jobLease: .seconds(try integer("SB_JOB_LEASE_SECONDS", in: 2...86_400)),
            webhookPrivateAddresses: try flag("SB_WEBHOOK_PRIVATE")
        )
    }

    /// URLs without their passwords, for error messages.
    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? url
    }
}

/// One invalid setting: which, what it was, and why it cannot be used.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    public var setting: String
    public var value: String
    public var reason: String
    public var description: String { "invalid configuration: \(setting)=\"\(value)\": \(reason)" }
}

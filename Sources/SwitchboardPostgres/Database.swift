import Logging
import PostgresNIO
import ServiceLifecycle
import SwitchboardCore

/// The application's PostgreSQL pool. It connects as the application role, which owns no
/// tables: tenant rows are reachable only inside `tenant(_:)` transactions (row-level
/// security), and the few lookups that must happen before a tenant is known go through
/// narrow SECURITY DEFINER functions.
public struct Database: Sendable {
    public let client: PostgresClient
    public let logger: Logger
    let gauge: PoolGauge

    public init(configuration: DatabaseConfiguration, logger: Logger) {
        self.client = PostgresClient(configuration: configuration.clientConfiguration, backgroundLogger: logger)
        self.logger = logger
        self.gauge = PoolGauge(maximum: configuration.maximumConnections)
    }

    /// The handle through which all of one tenant's data is read and written.
    public func tenant(_ id: Tenant.ID) -> TenantDatabase {
        TenantDatabase(tenantID: id, client: client, logger: logger, gauge: gauge)
    }

    /// Runs `SELECT 1`; used by readiness checks.
    public func ping() async throws {
        try await client.query("SELECT 1", logger: logger)
    }

    /// Cluster-wide lookups and operations that are not scoped to a tenant.
    public var directory: TenantDirectoryStore { TenantDirectoryStore(client: client, logger: logger) }
}

/// Who a request acts for and where it came from, as the audit log records them. The HTTP
/// layer sets it for each request; every tenant transaction in that request passes it on.
public struct AuditActor: Sendable, Hashable {
    public var agentID: Int64?
    public var address: String?

    public init(agentID: Int64?, address: String?) {
        self.agentID = agentID
        self.address = address
    }

    @TaskLocal public static var current: AuditActor?
}

/// One tenant's view of the database.
public struct TenantDatabase: Sendable {
    public let tenantID: Tenant.ID
    let client: PostgresClient
    let logger: Logger
    let gauge: PoolGauge

    /// Runs `body` in a transaction in which `app.tenant_id` is this tenant, so row-level
    /// security shows this tenant's rows and no one else's.
    public func transaction<Result>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: (TenantTransaction) async throws -> sending Result
    ) async throws -> sending Result {
        try await client.withConnection(isolation: isolation) { connection in
            try await gauge.measure {
                try await connection.transaction(logger: logger, isolation: isolation) { connection in
                    // Who is acting, and from where, goes with every transaction for the audit log.
                    let actor = AuditActor.current
                    try await connection.query(
                        """
                        SELECT set_config('app.tenant_id', \(String(tenantID.rawValue)), true),
                               set_config('app.actor', \(actor?.agentID.map(String.init) ?? ""), true),
                               set_config('app.ip', \(actor?.address ?? ""), true)
                        """,
                        logger: logger
                    )
                    return try await body(TenantTransaction(tenantID: tenantID, connection: connection, logger: logger))
                }
            }
        }
    }
}

extension TenantDatabase {
    /// The next value of one of the tenant's counters (ticket references), taken in a statement
    /// of its own so the counter is never held locked across a longer transaction. Values are
    /// unique and increasing; a caller that fails leaves a gap.
    public func nextCounter(_ name: String) async throws -> Int64 {
        let rows = try await gauge.measure {
            try await client.query("SELECT sb_next_counter(\(tenantID.rawValue), \(name))", logger: logger)
        }
        for try await value in rows.decode(Int64.self) { return value }
        throw PostgresStoreError.missingRow("counter \(name)")
    }
}

/// A transaction bound to one tenant. Only `TenantDatabase` makes these.
public struct TenantTransaction: @unchecked Sendable {
    // PostgresConnection is Sendable; the struct is unchecked only because it must not escape
    // the transaction closure, which the API shape already prevents.
    public let tenantID: Tenant.ID
    let connection: PostgresConnection
    let logger: Logger

    @discardableResult
    public func query(_ query: PostgresQuery, file: String = #fileID, line: Int = #line) async throws -> PostgresRowSequence {
        try await connection.query(query, logger: logger, file: file, line: line)
    }

    /// The rows of `query` decoded as `Row`.
    public func all<each Column: PostgresDecodable & Sendable>(
        _ query: PostgresQuery, as types: (repeat each Column).Type, file: String = #fileID, line: Int = #line
    ) async throws -> [(repeat each Column)] {
        var rows: [(repeat each Column)] = []
        for try await row in try await connection.query(query, logger: logger, file: file, line: line).decode((repeat each Column).self) {
            rows.append(row)
        }
        return rows
    }

    public func first<each Column: PostgresDecodable & Sendable>(
        _ query: PostgresQuery, as types: (repeat each Column).Type, file: String = #fileID, line: Int = #line
    ) async throws -> (repeat each Column)? {
        for try await row in try await connection.query(query, logger: logger, file: file, line: line).decode((repeat each Column).self) {
            return row
        }
        return nil
    }
}

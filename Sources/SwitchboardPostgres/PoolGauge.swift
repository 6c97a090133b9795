import Metrics
import Synchronization

/// Counts connections leased from the pool, exported as `sb_db_connections_in_use`, next to
/// the configured maximum, so operators can see a node running out of connections.
final class PoolGauge: Sendable {
    private let inUse = Atomic<Int>(0)
    private let gauge = Gauge(label: "sb_db_connections_in_use")

    init(maximum: Int) {
        Gauge(label: "sb_db_connections_max").record(maximum)
    }

    func measure<Result>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: () async throws -> sending Result
    ) async rethrows -> sending Result {
        gauge.record(inUse.add(1, ordering: .relaxed).newValue)
        defer { gauge.record(inUse.subtract(1, ordering: .relaxed).newValue) }
        return try await body()
    }
}

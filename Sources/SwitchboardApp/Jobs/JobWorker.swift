import Foundation
import Logging
import ServiceLifecycle
import SwitchboardCore
import SwitchboardPostgres

/// What jobs of each kind do. A handler runs inside the job's tenant transaction, which also
/// marks the job done, so its changes to the database happen exactly once; anything it does
/// outside the database must be safe to repeat.
public struct JobHandlers: Sendable {
    public typealias Handler = @Sendable (ClaimedJob, TenantTransaction) async throws -> Void

    var handlers: [String: Handler] = [:]

    public init() {}

    public mutating func register(_ kind: String, _ handler: @escaping Handler) {
        handlers[kind] = handler
    }
}

/// Runs due jobs on this node: claims a few at a time from every tenant (other nodes' workers
/// skip what this one holds), runs them side by side, and retries failures with growing delays
/// until their attempts are spent. When idle it sleeps until the next job falls due, polling
/// at least every `poll`, so a job runs within about that long of its time. On shutdown it
/// stops claiming and lets the jobs in hand finish.
public struct JobWorker: Service {
    let database: Database
    let handlers: JobHandlers
    /// Names this worker in the jobs it holds.
    let name: String
    let concurrency: Int
    let lease: Duration
    let poll: Duration
    let retryBase: Duration
    let logger: Logger

    public init(
        database: Database, handlers: JobHandlers, name: String = "worker-\(UUID().uuidString.prefix(8).lowercased())", concurrency: Int = 8,
        lease: Duration = .seconds(60), poll: Duration = .milliseconds(200), retryBase: Duration = .seconds(2), logger: Logger
    ) {
        self.database = database
        self.handlers = handlers
        self.name = name
        self.concurrency = concurrency
        self.lease = lease
        self.poll = poll
        self.retryBase = retryBase
        self.logger = logger
    }

    enum Failure: Error, CustomStringConvertible {
        case unknownKind(String)
        case leaseLost

        var description: String {
            switch self {
            case .unknownKind(let kind): "no handler for jobs of kind \(kind)"
            case .leaseLost: "the lease ran out before the job finished"
            }
        }
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            let claimed: [ClaimedJob]
            do {
                claimed = try await database.claimJobs(worker: name, limit: concurrency, lease: lease)
            } catch {
                logger.warning("could not claim jobs", metadata: ["error": "\(String(reflecting: error))"])
                try? await Task.sleep(for: .seconds(1))
                continue
            }
            if claimed.isEmpty {
                try? await Task.sleep(for: await idleTime())
                continue
            }
            await withTaskGroup(of: Void.self) { group in
                for job in claimed {
                    group.addTask { await perform(job) }
                }
            }
        }
    }

    /// Until the next job is due, but no longer than `poll`.
    func idleTime() async -> Duration {
        guard let next = try? await database.nextJobAt() else { return poll }
        let wait = next.timeIntervalSinceNow
        guard wait > 0 else { return .milliseconds(5) }
        return min(poll, .milliseconds(Int64(wait * 1000) + 1))
    }

    func perform(_ job: ClaimedJob) async {
        let metadata: Logger.Metadata = ["job": "\(job.id)", "kind": "\(job.kind)", "tenant": "\(job.tenantID.rawValue)", "attempt": "\(job.attempts)"]
        do {
            try await database.tenant(job.tenantID).transaction { transaction in
                guard let handler = handlers.handlers[job.kind] else { throw Failure.unknownKind(job.kind) }
                try await handler(job, transaction)
                guard try await transaction.completeJob(job.id, worker: name) else { throw Failure.leaseLost }
            }
        } catch Failure.leaseLost {
            logger.warning("job taken over by another worker; its changes were rolled back", metadata: metadata)
        } catch {
            let delay = Job.retryDelay(afterAttempt: job.attempts, base: retryBase)
            let retryAt = Date().addingTimeInterval(Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18)
            let level: Logger.Level = job.attempts >= job.maxAttempts ? .error : .warning
            logger.log(level: level, "job failed", metadata: metadata.merging(["error": "\(String(reflecting: error))"]) { $1 })
            do {
                try await database.tenant(job.tenantID).transaction {
                    try await $0.failJob(job.id, worker: name, error: String(describing: error), retryAt: retryAt)
                }
            } catch {
                logger.error("could not record a job failure; its lease will bring it back", metadata: metadata)
            }
        }
    }
}

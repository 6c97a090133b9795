import Foundation
import Hummingbird
import SwitchboardCore
import SwitchboardPostgres
import SwitchboardRedis

/// `/api/v1/tickets/{ref}/lock`: an agent editing a ticket holds a Redis lock with a TTL, so
/// colleagues see who is on it and cannot overwrite; a holder that vanishes loses it when the
/// TTL runs out. Without Redis, editing still works: versions still prevent lost updates.
public struct TicketLockController: Sendable {
    let database: Database
    let locks: TicketLocks

    public init(database: Database, locks: TicketLocks) {
        self.database = database
        self.locks = locks
    }

    struct LockBody: ResponseCodable {
        var holder: Int64
        var fence: Int64
        var expiresInSeconds: Int
    }

    public func addRoutes(to group: RouterGroup<AppRequestContext>) {
        // Take the lock, or extend one already held by the caller.
        group.post("tickets/{ref}/lock") { _, context -> LockBody in
            let tenant = try context.requireTenant()
            let identity = try context.requireIdentity(.write)
            let ref = try context.parameters.require("ref", as: Int64.self)
            // Only someone who may change the ticket may claim it.
            _ = try await database.tenant(tenant.id).transaction { try await $0.ticket(ref: ref, for: identity, needing: .full) }
            switch try await locks.acquire(tenant: tenant.id, ref: ref, agent: identity.agentID) {
            case .acquired(let lease):
                return LockBody(holder: identity.agentID.rawValue, fence: lease.fence, expiresInSeconds: Int(TicketLocks.ttl.components.seconds))
            case .held(let holder, let fence):
                throw Self.heldProblem(holder: holder, fence: fence)
            }
        }
        group.delete("tickets/{ref}/lock") { _, context -> Response in
            let tenant = try context.requireTenant()
            let identity = try context.requireIdentity(.write)
            let ref = try context.parameters.require("ref", as: Int64.self)
            try await locks.release(tenant: tenant.id, ref: ref, agent: identity.agentID)
            return Response(status: .noContent)
        }
    }

    static func heldProblem(holder: String, fence: Int64) -> Problem {
        var problem = Problem(.conflict, kind: "ticket-locked", messageID: "error.conflict",
                              detail: "agent \(holder) is editing this ticket")
        problem.errors = [.init(field: "lock", message: "held by agent \(holder) (fence \(fence))")]
        return problem
    }
}

/// Ticket edit locks in Redis, keyed by tenant and reference, held by agent id.
public struct TicketLocks: Sendable {
    public static let ttl: Duration = .seconds(60)
    let lock: RedisLock

    public init(redis: RedisClient) {
        self.lock = RedisLock(client: redis)
    }

    static func key(tenant: Tenant.ID, ref: Int64) -> String {
        RedisKey.tenant(tenant.rawValue, "lock", "ticket", String(ref))
    }

    /// Takes the lock, or renews it when the same agent already holds it.
    func acquire(tenant: Tenant.ID, ref: Int64, agent: Agent.ID) async throws -> RedisLock.Acquisition {
        try await lock.acquire(Self.key(tenant: tenant, ref: ref), holder: String(agent.rawValue), ttl: Self.ttl, reentrant: true)
    }

    func release(tenant: Tenant.ID, ref: Int64, agent: Agent.ID) async throws {
        try await lock.release(Self.key(tenant: tenant, ref: ref), heldBy: String(agent.rawValue))
    }

    /// Who else holds the lock, if anyone; nil when Redis cannot say (editing then relies on
    /// versions alone).
    public func otherHolder(tenant: Tenant.ID, ref: Int64, agent: Agent.ID) async -> (holder: String, fence: Int64)? {
        guard let current = try? await lock.holder(of: Self.key(tenant: tenant, ref: ref)),
              current.holder != String(agent.rawValue)
        else { return nil }
        return current
    }
}

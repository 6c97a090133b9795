import SwitchboardCore

/// Agents' presence as Redis keys that their clients' heartbeats keep alive: an agent whose
/// client (or node) stops beating is offline when the key expires.
public struct RedisPresence: AgentPresence {
    /// How long one heartbeat keeps an agent online; clients beat well within it.
    public static let lifetime: Duration = .seconds(90)

    let redis: RedisClient

    public init(redis: RedisClient) { self.redis = redis }

    static func key(tenant: Tenant.ID, agent: Int64) -> String {
        RedisKey.tenant(tenant.rawValue, "presence", String(agent))
    }

    public func beat(tenant: Tenant.ID, agent: Int64) async throws {
        _ = try await redis.send("SET", Self.key(tenant: tenant, agent: agent), "1", "EX", String(Self.lifetime.components.seconds))
    }

    public func leave(tenant: Tenant.ID, agent: Int64) async throws {
        _ = try await redis.send("DEL", Self.key(tenant: tenant, agent: agent))
    }

    public func online(tenant: Tenant.ID, among agents: [Int64]) async throws -> Set<Int64> {
        guard !agents.isEmpty else { return [] }
        let values = try await redis.send(["MGET"] + agents.map { Self.key(tenant: tenant, agent: $0) }).array ?? []
        return Set(zip(agents, values).filter { !$0.1.isNull }.map(\.0))
    }
}

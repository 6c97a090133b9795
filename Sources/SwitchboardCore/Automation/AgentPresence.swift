/// Which agents are online now, as their clients' heartbeats say: automatic assignment only
/// gives tickets to agents who are there to take them.
public protocol AgentPresence: Sendable {
    func online(tenant: Tenant.ID, among agents: [Int64]) async throws -> Set<Int64>
}

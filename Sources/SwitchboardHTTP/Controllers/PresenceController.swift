import Hummingbird
import SwitchboardCore
import SwitchboardRedis

/// `PUT /api/v1/me/presence`: the signed-in agent's client says, every minute or so, that the
/// agent is online (or that they are leaving). Automatic assignment only picks agents who are.
public struct PresenceController: Sendable {
    let presence: RedisPresence

    public init(presence: RedisPresence) { self.presence = presence }

    struct PresenceBody: ResponseCodable {
        var online: Bool
        /// How long this heartbeat keeps the agent online.
        var expiresInSeconds: Int?
    }

    public func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.put("me/presence") { request, context -> PresenceBody in
            let tenant = try context.requireTenant()
            let identity = try context.requireIdentity()
            let input = try await request.decode(as: PresenceBody.self, context: context)
            if input.online {
                try await presence.beat(tenant: tenant.id, agent: identity.agentID.rawValue)
                return PresenceBody(online: true, expiresInSeconds: Int(RedisPresence.lifetime.components.seconds))
            }
            try await presence.leave(tenant: tenant.id, agent: identity.agentID.rawValue)
            return PresenceBody(online: false, expiresInSeconds: nil)
        }
    }
}

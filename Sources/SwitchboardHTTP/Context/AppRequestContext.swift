import Foundation
import Hummingbird
import NIOCore
import SwitchboardCore

/// Who is making a request, once authenticated.
public struct Identity: Sendable, Hashable {
    public enum Credential: Sendable, Hashable {
        case session
        case apiKey(id: Int64)

        /// As the API shows it.
        public var name: String {
            switch self {
            case .session: "session"
            case .apiKey: "api_key"
            }
        }
    }

    public var agentID: Agent.ID
    public var permissions: Permissions
    public var credential: Credential
    /// The agent's own language and time zone, when set.
    public var locale: String?
    public var timeZone: String?
}

/// Per-request state: the tenant the host or key resolved to, and the caller.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var tenant: Tenant?
    public var identity: Identity?
    private let peer: SocketAddress?

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.peer = source.channel.remoteAddress
    }

    /// The peer's IP address (the proxy's, when behind one), rendered only when asked for.
    public var remoteAddress: String? { peer?.ipAddress }

    /// Request bodies above this are refused before they are read in full.
    public var maxUploadSize: Int { 1 << 20 }

    /// API times are ISO 8601 in UTC. One configured coder serves every request.
    public var responseEncoder: JSONEncoder { Self.encoder }
    public var requestDecoder: JSONDecoder { Self.decoder }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    /// The tenant, for handlers that only run behind `TenantMiddleware`.
    public func requireTenant() throws -> Tenant {
        guard let tenant else { throw Problem.tenantUnknown }
        return tenant
    }

    /// The signed-in agent, with at least `permissions`.
    public func requireIdentity(_ permissions: Permissions = []) throws -> Identity {
        guard let identity else { throw Problem.unauthorized }
        guard identity.permissions.isSuperset(of: permissions) else { throw Problem.forbidden }
        return identity
    }
}

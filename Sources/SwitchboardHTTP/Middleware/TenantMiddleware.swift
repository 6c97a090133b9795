import Foundation
import Hummingbird
import SwitchboardCore
import SwitchboardPostgres

/// Resolves the tenant from the `Host` header (a verified custom domain or
/// `<slug>.<base domain>`) or from the API key, and the caller from the API key or session
/// cookie. Unknown hosts get a 404 that names no tenant; a key for another tenant gets a 401.
public struct TenantMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext

    public static let sessionCookie = "sb_session"

    let directory: TenantDirectory
    let database: Database
    /// Paths served without a tenant (health, metrics, the platform API).
    let exemptPrefixes: [String]

    public init(directory: TenantDirectory, database: Database, exemptPrefixes: [String]) {
        self.directory = directory
        self.database = database
        self.exemptPrefixes = exemptPrefixes
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        if exemptPrefixes.contains(where: { path == $0 || path.hasPrefix($0 + "/") }) {
            return try await next(request, context)
        }
        var context = context
        var tenant = try await request.head.authority.asyncFlatMap { try await directory.tenant(forAuthority: $0) }

        if let bearer = Self.bearerToken(request) {
            guard let token = APIKeyToken(bearer), let key = try await directory.apiKey(secret: token) else {
                throw Problem.apiKeyInvalid
            }
            if let tenant, tenant.id != key.tenantID { throw Problem.apiKeyWrongTenant }
            if tenant == nil {
                // API clients may call any cluster host; the key alone then names the tenant.
                tenant = try await database.directory.tenant(id: key.tenantID)
            }
            context.identity = Identity(
                agentID: key.agentID, permissions: key.permissions, credential: .apiKey(id: key.keyID), locale: key.locale,
                timeZone: key.timeZone
            )
        }
        guard let tenant else { throw Problem.tenantUnknown }
        context.tenant = tenant
        context.logger[metadataKey: "tenant_id"] = "\(tenant.id)"

        if context.identity == nil, let secret = request.cookies[Self.sessionCookie]?.value, !secret.isEmpty {
            context.identity = try await Self.sessionIdentity(secret: secret, tenant: tenant, database: database)
            if context.identity != nil, !Self.isSafeCrossSite(request) { throw Problem.forbidden }
            // A session taken outside the tenant's allowed networks is of no use there.
            if context.identity != nil, !tenant.allowsAgents(from: context.remoteAddress) { throw Problem.networkNotAllowed }
        }
        return try await next(request, context)
    }

    /// The agent behind a live session cookie, as an identity.
    static func sessionIdentity(secret: String, tenant: Tenant, database: Database) async throws -> Identity? {
        try await database.tenant(tenant.id).transaction { transaction in
            guard let agentID = try await transaction.sessionAgent(secret: secret),
                  let agent = try await transaction.agent(id: agentID)
            else { return nil }
            return Identity(
                agentID: agent.id, permissions: agent.permissions, credential: .session, locale: agent.locale, timeZone: agent.timeZone
            )
        }
    }

    /// Cookie-authenticated writes must come from our own pages (same Origin) or be JSON, which
    /// a cross-site form cannot send without a CORS preflight we never grant.
    static func isSafeCrossSite(_ request: Request) -> Bool {
        if [.get, .head, .options].contains(request.method) { return true }
        if let origin = request.headers[.origin], let authority = request.head.authority {
            return origin == "http://\(authority)" || origin == "https://\(authority)"
        }
        return request.headers[.contentType]?.lowercased().hasPrefix("application/json") == true
    }

    static func bearerToken(_ request: Request) -> String? {
        guard let header = request.headers[.authorization] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return String(parts[1]).trimmingCharacters(in: .whitespaces)
    }
}

extension Optional {
    func asyncFlatMap<U>(_ transform: (Wrapped) async throws -> U?) async rethrows -> U? {
        guard let self else { return nil }
        return try await transform(self)
    }
}

import Foundation
import Hummingbird
import Logging
import NIOPosix
import SwitchboardCore
import SwitchboardPostgres
import SwitchboardRedis
import Synchronization

/// Password sign-in into a server-side session, and sign-out.
public struct AuthController: Sendable {
    let database: Database
    let hasher: PasswordHasher
    let limiter: LoginLimiter
    let sessionLifetime: Duration
    let secureCookies: Bool

    public init(database: Database, hasher: PasswordHasher, limiter: LoginLimiter, sessionLifetime: Duration, secureCookies: Bool) {
        self.database = database
        self.hasher = hasher
        self.limiter = limiter
        self.sessionLifetime = sessionLifetime
        self.secureCookies = secureCookies
    }

    struct LoginRequest: Decodable {
        var email: String
        var password: String
    }

    public func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("login", use: login)
        group.post("logout", use: logout)
    }

    @Sendable func login(request: Request, context: AppRequestContext) async throws -> Response {
        let tenant = try context.requireTenant()
        let body = try await request.decode(as: LoginRequest.self, context: context)
        guard let email = EmailAddress.normalize(body.email) else { throw Problem.loginFailed }
        let ip = context.remoteAddress
        try await limiter.check(tenant: tenant.id, email: email, ip: ip, logger: context.logger)

        let found = try await database.tenant(tenant.id).transaction { try await $0.credentials(email: email) }
        // Hash even when no agent matched, so response time does not reveal which emails exist.
        let hasher = self.hasher
        let password = body.password
        let matches = try await NIOThreadPool.singleton.runIfActive {
            hasher.verify(password, against: found?.passwordHash ?? Self.decoyHash(for: hasher))
        }
        guard matches, let agent = found?.agent, agent.isActive, found?.passwordHash != nil else {
            context.logger.info("sign-in refused", metadata: ["email": "\(email)"])
            throw Problem.loginFailed
        }
        let userAgent = request.headers[.userAgent]
        let secret = try await database.tenant(tenant.id).transaction {
            try await $0.createSession(agent: agent.id, lifetime: sessionLifetime, ip: ip, userAgent: userAgent)
        }
        var response = try MeResponse(agent: agent, tenant: tenant, credential: "session").response(from: request, context: context)
        response.setCookie(Cookie(
            name: TenantMiddleware.sessionCookie, value: secret, maxAge: Int(sessionLifetime.components.seconds),
            path: "/", secure: secureCookies, httpOnly: true, sameSite: .lax
        ))
        return response
    }

    @Sendable func logout(request: Request, context: AppRequestContext) async throws -> Response {
        let tenant = try context.requireTenant()
        if let secret = request.cookies[TenantMiddleware.sessionCookie]?.value, !secret.isEmpty {
            try await database.tenant(tenant.id).transaction { try await $0.deleteSession(secret: secret) }
        }
        var response = Response(status: .noContent)
        response.setCookie(Cookie(
            name: TenantMiddleware.sessionCookie, value: "", maxAge: 0, path: "/", secure: secureCookies,
            httpOnly: true, sameSite: .lax
        ))
        return response
    }

    /// A valid hash of a random password at the configured cost, made on first use.
    static func decoyHash(for hasher: PasswordHasher) -> String {
        decoys.withLock { decoys in
            if let hash = decoys[hasher.logN] { return hash }
            let hash = (try? hasher.hash(SecretToken.generate())) ?? ""
            decoys[hasher.logN] = hash
            return hash
        }
    }

    private static let decoys = Mutex<[Int: String]>([:])
}

/// Limits password attempts per account and per address with Redis sliding windows. With Redis
/// down it lets attempts through (sign-in must keep working) and says so in the log.
public struct LoginLimiter: Sendable {
    let perAccount: RateLimiter
    let perAddress: RateLimiter

    public init(redis: RedisClient, accountLimit: Int = 10, addressLimit: Int = 50, window: Duration = .seconds(900)) {
        self.perAccount = RateLimiter(client: redis, limit: accountLimit, window: window)
        self.perAddress = RateLimiter(client: redis, limit: addressLimit, window: window)
    }

    func check(tenant: Tenant.ID, email: String, ip: String?, logger: Logger) async throws {
        do {
            var decisions = [try await perAccount.hit(RedisKey.tenant(tenant.rawValue, "login", "account", email))]
            if let ip {
                decisions.append(try await perAddress.hit(RedisKey.tenant(tenant.rawValue, "login", "ip", ip)))
            }
            if let refused = decisions.first(where: { !$0.allowed }) {
                let seconds = max(1, Int((refused.retryAfter.components.seconds)) + 1)
                throw Problem.rateLimited(retryAfter: seconds)
            }
        } catch let error as RedisError {
            logger.warning("login rate limit unavailable", metadata: ["error": "\(error)"])
        }
    }
}

import Foundation
import Hummingbird
import Logging
import NIOPosix
import SwitchboardCore
import SwitchboardPostgres
import SwitchboardRedis
import Synchronization

/// Password sign-in into a server-side session, and sign-out, as the API offers them.
public struct AuthController: Sendable {
    let signIn: SignIn
    let secureCookies: Bool

    public init(signIn: SignIn, secureCookies: Bool) {
        self.signIn = signIn
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
        let session = try await signIn.start(
            email: body.email, password: body.password, tenant: tenant, ip: context.remoteAddress, userAgent: request.headers[.userAgent],
            logger: context.logger
        )
        var response = try MeResponse(agent: session.agent, tenant: tenant, credential: "session").response(from: request, context: context)
        response.setCookie(signIn.cookie(session.secret, secure: secureCookies))
        return response
    }

    @Sendable func logout(request: Request, context: AppRequestContext) async throws -> Response {
        let tenant = try context.requireTenant()
        try await signIn.end(request, tenant: tenant)
        var response = Response(status: .noContent)
        response.setCookie(signIn.cookie("", secure: secureCookies))
        return response
    }
}

/// Checks a password and starts a session, for the API and the sign-in page alike: locked
/// accounts and addresses are refused before the password is looked at, failures count
/// towards the lock, and agents may sign in only from the tenant's allowed networks.
public struct SignIn: Sendable {
    let database: Database
    let hasher: PasswordHasher
    let limiter: LoginLimiter
    let sessionLifetime: Duration

    public init(database: Database, hasher: PasswordHasher, limiter: LoginLimiter, sessionLifetime: Duration) {
        self.database = database
        self.hasher = hasher
        self.limiter = limiter
        self.sessionLifetime = sessionLifetime
    }

    struct Session {
        var agent: Agent
        /// The cookie's value; only its hash is stored.
        var secret: String
    }

    func start(email rawEmail: String, password: String, tenant: Tenant, ip: String?, userAgent: String?, logger: Logger) async throws -> Session {
        guard let email = EmailAddress.normalize(rawEmail) else { throw Problem.loginFailed }
        try await limiter.check(tenant: tenant.id, email: email, ip: ip, logger: logger)
        let found = try await database.tenant(tenant.id).transaction { try await $0.credentials(email: email) }
        // Hash even when no agent matched, so response time does not reveal which emails exist.
        let hasher = self.hasher
        let matches = try await NIOThreadPool.singleton.runIfActive {
            hasher.verify(password, against: found?.passwordHash ?? Self.decoyHash(for: hasher))
        }
        guard matches, let agent = found?.agent, agent.isActive, found?.passwordHash != nil else {
            logger.info("sign-in refused", metadata: ["email": "\(email)"])
            await limiter.failed(tenant: tenant.id, email: email, ip: ip, logger: logger)
            throw Problem.loginFailed
        }
        guard tenant.allowsAgents(from: ip) else {
            logger.notice("sign-in from outside the allowed networks", metadata: ["email": "\(email)", "ip": "\(ip ?? "-")"])
            throw Problem.networkNotAllowed
        }
        let secret = try await database.tenant(tenant.id).transaction {
            try await $0.createSession(agent: agent.id, lifetime: sessionLifetime, ip: ip, userAgent: userAgent)
        }
        return Session(agent: agent, secret: secret)
    }

    /// Ends the session behind the request's cookie, if any.
    func end(_ request: Request, tenant: Tenant) async throws {
        if let secret = request.cookies[TenantMiddleware.sessionCookie]?.value, !secret.isEmpty {
            try await database.tenant(tenant.id).transaction { try await $0.deleteSession(secret: secret) }
        }
    }

    /// The session cookie; an empty value with no lifetime removes it.
    func cookie(_ secret: String, secure: Bool) -> Cookie {
        Cookie(
            name: TenantMiddleware.sessionCookie, value: secret, maxAge: secret.isEmpty ? 0 : Int(sessionLifetime.components.seconds),
            path: "/", secure: secure, httpOnly: true, sameSite: .lax
        )
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

/// Locks sign-in after repeated failures: per account (so a password cannot be guessed) and
/// per address (so many accounts cannot be tried from one place), in Redis sliding windows
/// every node shares. Only failures count. With Redis down it lets attempts through (sign-in
/// must keep working) and says so in the log.
public struct LoginLimiter: Sendable {
    let perAccount: RateLimiter
    let perAddress: RateLimiter

    public init(redis: RedisClient, accountFailures: Int = 5, addressFailures: Int = 50, window: Duration = .seconds(900)) {
        self.perAccount = RateLimiter(client: redis, limit: accountFailures, window: window)
        self.perAddress = RateLimiter(client: redis, limit: addressFailures, window: window)
    }

    /// Throws `Problem.rateLimited` while the account or the address is locked.
    func check(tenant: Tenant.ID, email: String, ip: String?, logger: Logger) async throws {
        do {
            var decisions = [try await perAccount.check(Self.accountKey(tenant, email))]
            if let ip { decisions.append(try await perAddress.check(Self.addressKey(tenant, ip))) }
            if let refused = decisions.first(where: { !$0.allowed }) {
                let seconds = max(1, Int((refused.retryAfter.components.seconds)) + 1)
                logger.notice("sign-in locked", metadata: ["email": "\(email)", "ip": "\(ip ?? "-")"])
                throw Problem.rateLimited(retryAfter: seconds)
            }
        } catch let error as RedisError {
            logger.warning("login rate limit unavailable", metadata: ["error": "\(error)"])
        }
    }

    /// Counts a failed attempt against the account and the address.
    func failed(tenant: Tenant.ID, email: String, ip: String?, logger: Logger) async {
        do {
            _ = try await perAccount.hit(Self.accountKey(tenant, email))
            if let ip { _ = try await perAddress.hit(Self.addressKey(tenant, ip)) }
        } catch {
            logger.warning("login rate limit unavailable", metadata: ["error": "\(error)"])
        }
    }

    static func accountKey(_ tenant: Tenant.ID, _ email: String) -> String { RedisKey.tenant(tenant.rawValue, "login", "account", email) }
    static func addressKey(_ tenant: Tenant.ID, _ ip: String) -> String { RedisKey.tenant(tenant.rawValue, "login", "ip", ip) }
}

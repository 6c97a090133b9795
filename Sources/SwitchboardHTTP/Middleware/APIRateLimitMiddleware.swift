import Foundation
import Hummingbird
import Logging
import SwitchboardCore
import SwitchboardRedis

/// A per-caller request limit on the tenant API: each API key, and each signed-in agent's
/// session, may make `limit` requests per minute in a sliding window; beyond it, 429 with
/// `Retry-After`. Counted in Redis, so the limit holds across every node. Without Redis,
/// requests are let through: the limit protects the service, and refusing everything would
/// not.
public struct APIRateLimitMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext
    let limiter: WindowLimiter

    public init(redis: RedisClient, requestsPerMinute: Int) {
        self.limiter = WindowLimiter(client: redis, limit: requestsPerMinute, window: .seconds(60))
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let tenant = context.tenant, let identity = context.identity else { return try await next(request, context) }
        let caller: String
        switch identity.credential {
        case .apiKey(let id): caller = "key:\(id)"
        case .session: caller = "agent:\(identity.agentID)"
        }
        do {
            let decision = try await limiter.hit(RedisKey.tenant(tenant.id.rawValue, "rate", caller))
            if !decision.allowed {
                throw Problem.rateLimited(retryAfter: max(1, Int(decision.retryAfter.components.seconds) + 1))
            }
        } catch let error as RedisError {
            context.logger.warning("API rate limit unavailable", metadata: ["error": "\(error)"])
        }
        return try await next(request, context)
    }
}

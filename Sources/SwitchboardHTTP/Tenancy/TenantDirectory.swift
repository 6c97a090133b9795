import Logging
import Synchronization
import SwitchboardCore
import SwitchboardPostgres
import SwitchboardRedis

/// Finds the tenant for a host name, with a per-node cache.
///
/// Entries are dropped on every node through Redis pub/sub when a domain changes. While the
/// subscription is down, invalidations could be missed, so the cache is bypassed and every
/// lookup goes to PostgreSQL; when it comes back the whole cache is dropped.
public final class TenantDirectory: Sendable {
    public static let invalidationChannel = "sb:global:tenancy:hosts"

    public let baseDomain: String
    private let store: TenantDirectoryStore
    private let isInvalidationLive: @Sendable () -> Bool
    private let cache = Mutex<[String: Entry]>([:])
    private let positiveTTL: Duration
    private let negativeTTL: Duration
    private let clock = ContinuousClock()

    private struct Entry {
        var tenant: Tenant?
        var expires: ContinuousClock.Instant
    }

    public init(
        baseDomain: String, store: TenantDirectoryStore, positiveTTL: Duration = .seconds(300),
        negativeTTL: Duration = .seconds(30), isInvalidationLive: @escaping @Sendable () -> Bool
    ) {
        self.baseDomain = baseDomain
        self.store = store
        self.positiveTTL = positiveTTL
        self.negativeTTL = negativeTTL
        self.isInvalidationLive = isInvalidationLive
    }

    /// The tenant served at `host` (already normalized), or nil.
    public func tenant(forHost host: String) async throws -> Tenant? {
        let useCache = isInvalidationLive()
        if useCache, let entry = cache.withLock({ $0[host] }), entry.expires > clock.now {
            return entry.tenant
        }
        let tenant: Tenant?
        if let slug = Hostname.slug(of: host, baseDomain: baseDomain) {
            tenant = try await store.tenant(slug: slug)
        } else {
            tenant = try await store.tenant(domain: host)
        }
        if useCache {
            let expires = clock.now + (tenant == nil ? negativeTTL : positiveTTL)
            cache.withLock { $0[host] = Entry(tenant: tenant, expires: expires) }
        }
        return tenant
    }

    public func invalidate(host: String) {
        _ = cache.withLock { $0.removeValue(forKey: host) }
    }

    public func invalidateAll() {
        cache.withLock { $0.removeAll() }
    }

    /// Handles a message on `invalidationChannel`: a host name, or `*` for everything.
    public func handleInvalidation(_ message: String) {
        if message == "*" { invalidateAll() } else { invalidate(host: message) }
    }
}

/// Tells every node that the tenant behind some host names may have changed.
public struct HostInvalidation: Sendable {
    let redis: RedisClient
    let directory: TenantDirectory
    let logger: Logger

    public init(redis: RedisClient, directory: TenantDirectory, logger: Logger) {
        self.redis = redis
        self.directory = directory
        self.logger = logger
    }

    public func publish(_ host: String) async {
        directory.invalidate(host: host)
        do {
            try await redis.publish(channel: TenantDirectory.invalidationChannel, message: host)
        } catch {
            // Other nodes bypass their caches while their subscription is down, and drop them when
            // it returns, so a lost message here cannot leave them stale for long.
            logger.warning("could not publish host invalidation", metadata: ["host": "\(host)", "error": "\(error)"])
        }
    }
}

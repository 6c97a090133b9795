import Logging
import Synchronization
import SwitchboardCore
import SwitchboardPostgres
import SwitchboardRedis

/// Finds the tenant for a host name and the key behind an API secret, with per-node caches.
///
/// Entries are dropped on every node through Redis pub/sub when a domain or key changes. While
/// the subscription is down, invalidations could be missed, so the caches are bypassed and
/// every lookup goes to PostgreSQL; when it comes back they are dropped whole.
public final class TenantDirectory: Sendable {
    public static let invalidationChannel = "sb:global:tenancy:hosts"

    public let baseDomain: String
    private let store: TenantDirectoryStore
    private let isInvalidationLive: @Sendable () -> Bool
    private let cache = Mutex<[String: Entry]>([:])
    private let keys = Mutex<[String: KeyEntry]>([:])
    private let positiveTTL: Duration
    private let negativeTTL: Duration
    private let clock = ContinuousClock()
    /// Bounds each cache; a flood of made-up hosts empties it rather than growing it.
    static let maximumEntries = 50_000

    private struct Entry {
        var tenant: Tenant?
        /// The normalized name, so that invalidating it also drops the raw spellings.
        var host: String
        var expires: ContinuousClock.Instant
    }

    private struct KeyEntry {
        var key: ResolvedAPIKey
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

    /// The tenant served at `authority` as it came in the request (`Demo.Example.com:443`), or
    /// nil. A cache hit skips normalizing the name: entries are found by the raw header too.
    public func tenant(forAuthority authority: String) async throws -> Tenant? {
        let useCache = isInvalidationLive()
        if useCache, let entry = cache.withLock({ $0[authority] }), entry.expires > clock.now {
            return entry.tenant
        }
        guard let host = Hostname.normalize(authority) else { return nil }
        let tenant = try await self.tenant(forHost: host)
        if useCache, authority != host {
            let expires = clock.now + (tenant == nil ? negativeTTL : positiveTTL)
            cache.withLock { cache in
                if cache.count >= Self.maximumEntries { cache.removeAll() }
                cache[authority] = Entry(tenant: tenant, host: host, expires: expires)
            }
        }
        return tenant
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
            cache.withLock { cache in
                if cache.count >= Self.maximumEntries { cache.removeAll() }
                cache[host] = Entry(tenant: tenant, host: host, expires: expires)
            }
        }
        return tenant
    }

    /// The active key behind `secret`, or nil. Unknown secrets are not cached: they would let
    /// anyone fill the cache.
    public func apiKey(secret: APIKeyToken) async throws -> ResolvedAPIKey? {
        let useCache = isInvalidationLive()
        if useCache, let entry = keys.withLock({ $0[secret.value] }), entry.expires > clock.now {
            return entry.key
        }
        guard let key = try await store.apiKey(secret: secret) else { return nil }
        if useCache {
            let expires = clock.now + positiveTTL
            keys.withLock { keys in
                if keys.count >= Self.maximumEntries { keys.removeAll() }
                keys[secret.value] = KeyEntry(key: key, expires: expires)
            }
        }
        return key
    }

    public func invalidate(host: String) {
        cache.withLock { cache in cache = cache.filter { $0.value.host != host } }
    }

    public func invalidateAll() {
        cache.withLock { $0.removeAll() }
        keys.withLock { $0.removeAll() }
    }

    /// Handles a message on `invalidationChannel` (see `Invalidation`).
    public func handleInvalidation(_ message: String) {
        switch Invalidation(message) {
        case .host(let host): invalidate(host: host)
        case .tenant(let id): cache.withLock { cache in cache = cache.filter { $0.value.tenant?.id != id } }
        case .apiKey(let id): keys.withLock { keys in keys = keys.filter { $0.value.key.keyID != id } }
        case .agent(let tenant, let agent):
            keys.withLock { keys in keys = keys.filter { !($0.value.key.tenantID == tenant && $0.value.key.agentID == agent) } }
        case .everything, nil: invalidateAll()
        }
    }
}

/// What changed, as published on `TenantDirectory.invalidationChannel`.
public enum Invalidation: Sendable, Hashable {
    case host(String)
    /// The tenant's own settings that routing carries (its allowed networks).
    case tenant(Tenant.ID)
    case apiKey(id: Int64)
    /// The agent's permissions, status or preferences, which its keys carry.
    case agent(Tenant.ID, Agent.ID)
    case everything

    init?(_ message: String) {
        let parts = message.split(separator: ":", maxSplits: 2).map(String.init)
        switch parts.first {
        case "host" where parts.count == 2: self = .host(parts[1])
        case "tenant" where parts.count == 2: guard let id = Int64(parts[1]) else { return nil }; self = .tenant(Tenant.ID(id))
        case "key" where parts.count == 2: guard let id = Int64(parts[1]) else { return nil }; self = .apiKey(id: id)
        case "agent" where parts.count == 3:
            guard let tenant = Int64(parts[1]), let agent = Int64(parts[2]) else { return nil }
            self = .agent(Tenant.ID(tenant), Agent.ID(rawValue: agent))
        case "*": self = .everything
        default: return nil
        }
    }

    var message: String {
        switch self {
        case .host(let host): "host:\(host)"
        case .tenant(let id): "tenant:\(id)"
        case .apiKey(let id): "key:\(id)"
        case .agent(let tenant, let agent): "agent:\(tenant):\(agent)"
        case .everything: "*"
        }
    }
}

/// Tells every node that a host, an API key or an agent changed, so cached routing goes.
public struct DirectoryInvalidation: Sendable {
    let redis: RedisClient
    let directory: TenantDirectory
    let logger: Logger

    public init(redis: RedisClient, directory: TenantDirectory, logger: Logger) {
        self.redis = redis
        self.directory = directory
        self.logger = logger
    }

    public func publish(_ host: String) async {
        await publish(.host(host))
    }

    /// Drops the entry here at once, then tells the other nodes.
    public func publish(_ change: Invalidation) async {
        directory.handleInvalidation(change.message)
        do {
            try await redis.publish(channel: TenantDirectory.invalidationChannel, message: change.message)
        } catch {
            // Other nodes bypass their caches while their subscription is down, and drop them when
            // it returns, so a lost message here cannot leave them stale for long.
            logger.warning("could not publish invalidation", metadata: ["change": "\(change.message)", "error": "\(error)"])
        }
    }
}

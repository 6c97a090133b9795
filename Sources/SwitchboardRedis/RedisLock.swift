import Foundation

/// A lock with a time-to-live and a fencing token.
///
/// The fencing token grows with every acquisition of the same resource, so a holder that
/// stalled past its TTL and comes back can be recognised: whatever the lock protects accepts a
/// write only with a token at least as high as the last one it saw.
public struct RedisLock: Sendable {
    public struct Lease: Sendable, Hashable {
        public let resource: String
        public let fence: Int64
        public let holder: String
        let value: String
    }

    public enum Acquisition: Sendable, Hashable {
        case acquired(Lease)
        /// Someone else holds it; who, and with which token.
        case held(by: String, fence: Int64)
    }

    private let client: RedisClient

    public init(client: RedisClient) { self.client = client }

    // KEYS: lock key, fence counter key. ARGV: owner token, ttl ms, holder description,
    // '1' when the same holder may take it again (which renews the TTL and keeps the fence).
    private static let acquireScript = RedisScript("""
        local current = redis.call('GET', KEYS[1])
        if current then
            local holder = string.match(current, '^[^:]*:[^:]*:(.*)$')
            if ARGV[4] == '1' and holder == ARGV[3] then
                redis.call('PEXPIRE', KEYS[1], ARGV[2])
                return {1, current}
            end
            return {0, current}
        end
        local fence = redis.call('INCR', KEYS[2])
        local value = fence .. ':' .. ARGV[1] .. ':' .. ARGV[3]
        redis.call('SET', KEYS[1], value, 'PX', ARGV[2])
        return {1, value}
        """)

    private static let releaseScript = RedisScript("""
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """)

    // KEYS: lock key. ARGV: holder description.
    private static let releaseByHolderScript = RedisScript("""
        local current = redis.call('GET', KEYS[1])
        if current and string.match(current, '^[^:]*:[^:]*:(.*)$') == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """)

    private static let extendScript = RedisScript("""
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
        return 0
        """)

    /// Tries once to take the lock on `resource` (a full key, e.g. from `RedisKey.tenant`).
    /// With `reentrant`, a holder that already has it gets it again with a fresh TTL (and the
    /// same fence): the shape of "I am still editing".
    public func acquire(_ resource: String, holder: String, ttl: Duration, reentrant: Bool = false) async throws -> Acquisition {
        let token = UUID().uuidString
        let reply = try await client.eval(
            Self.acquireScript,
            keys: [resource, Self.fenceKey(resource)],
            arguments: [token, String(ttl.milliseconds), holder, reentrant ? "1" : "0"]
        )
        guard let parts = reply.array, parts.count == 2, let acquired = parts[0].int, let value = parts[1].string,
              let parsed = Self.parse(value)
        else { throw RedisError.unexpectedReply("lock acquire: \(reply)") }
        if acquired == 1 {
            return .acquired(Lease(resource: resource, fence: parsed.fence, holder: parsed.holder, value: value))
        }
        return .held(by: parsed.holder, fence: parsed.fence)
    }

    /// Releases the lease if it is still the current one. Returns false when it had expired
    /// (and maybe been taken by someone else, whose lock is left alone).
    @discardableResult
    public func release(_ lease: Lease) async throws -> Bool {
        try await client.eval(Self.releaseScript, keys: [lease.resource], arguments: [lease.value]).int == 1
    }

    /// Releases the lock if `holder` holds it, whichever lease it took it with.
    @discardableResult
    public func release(_ resource: String, heldBy holder: String) async throws -> Bool {
        try await client.eval(Self.releaseByHolderScript, keys: [resource], arguments: [holder]).int == 1
    }

    /// Extends a lease still held; false when it was lost.
    public func extend(_ lease: Lease, ttl: Duration) async throws -> Bool {
        try await client.eval(Self.extendScript, keys: [lease.resource], arguments: [lease.value, String(ttl.milliseconds)]).int == 1
    }

    /// Who holds the lock now, if anyone.
    public func holder(of resource: String) async throws -> (holder: String, fence: Int64)? {
        guard let value = try await client.send("GET", resource).string, let parsed = Self.parse(value) else { return nil }
        return (parsed.holder, parsed.fence)
    }

    /// The fence counter shares the lock key's hash tag so both live in one cluster slot.
    static func fenceKey(_ resource: String) -> String { resource + ":fence" }

    private static func parse(_ value: String) -> (fence: Int64, holder: String)? {
        let parts = value.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, let fence = Int64(parts[0]) else { return nil }
        return (fence, String(parts[2]))
    }
}

extension Duration {
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}

import Foundation

/// A sliding-window rate limiter: at most `limit` events in any window of `window` length.
/// Each event is a member of a sorted set scored by Redis' own clock, so every node agrees.
public struct RateLimiter: Sendable {
    public struct Decision: Sendable, Hashable {
        public let allowed: Bool
        public let remaining: Int
        /// How long until an event would be allowed again (zero when allowed).
        public let retryAfter: Duration
    }

    private let client: RedisClient
    public let limit: Int
    public let window: Duration

    public init(client: RedisClient, limit: Int, window: Duration) {
        self.client = client
        self.limit = limit
        self.window = window
    }

    // KEYS: the window's sorted set. ARGV: window ms, limit, unique member, and "1" to record
    // the event or "0" only to ask whether one would be allowed.
    private static let script = RedisScript("""
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local window = tonumber(ARGV[1])
        local limit = tonumber(ARGV[2])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
        local count = redis.call('ZCARD', KEYS[1])
        if count < limit then
            if ARGV[4] == '1' then
                redis.call('ZADD', KEYS[1], now, ARGV[3])
                redis.call('PEXPIRE', KEYS[1], window)
                count = count + 1
            end
            return {1, limit - count, 0}
        end
        local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
        return {0, 0, tonumber(oldest[2]) + window - now}
        """)

    /// Records one event for `key` if the window allows it.
    public func hit(_ key: String) async throws -> Decision {
        try await run(key, record: true)
    }

    /// Whether an event for `key` would be allowed now, recording nothing.
    public func check(_ key: String) async throws -> Decision {
        try await run(key, record: false)
    }

    private func run(_ key: String, record: Bool) async throws -> Decision {
        let reply = try await client.eval(
            Self.script, keys: [key], arguments: [String(window.milliseconds), String(limit), UUID().uuidString, record ? "1" : "0"]
        )
        guard let parts = reply.array, parts.count == 3, let allowed = parts[0].int, let remaining = parts[1].int,
              let retry = parts[2].int
        else { throw RedisError.unexpectedReply("rate limiter: \(reply)") }
        return Decision(allowed: allowed == 1, remaining: Int(remaining), retryAfter: .milliseconds(max(0, retry)))
    }
}

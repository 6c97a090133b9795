import Foundation

/// A sliding-window request limit that costs one small script per request: a counter per
/// fixed window, with the previous window's count weighted by how much of it the sliding
/// window still covers. Refused requests do not count. For high-volume limits such as API
/// calls; `RateLimiter` keeps every event for small exact ones such as sign-ins.
public struct WindowLimiter: Sendable {
    public struct Decision: Sendable, Hashable {
        public let allowed: Bool
        /// How long until the window has moved on enough to allow a request (zero when allowed).
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

    // KEYS: this window's counter, the previous window's. ARGV: window ms, limit, the share of
    // the previous window still inside the sliding window (0-1).
    private static let script = RedisScript("""
        local count = redis.call('INCR', KEYS[1])
        if count == 1 then redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[1]) * 2) end
        local previous = tonumber(redis.call('GET', KEYS[2]) or '0')
        if previous * tonumber(ARGV[3]) + count > tonumber(ARGV[2]) then
            redis.call('DECR', KEYS[1])
            return 0
        end
        return 1
        """)

    /// Counts one request for `key` (a tenant-tagged prefix) if the window allows it.
    public func hit(_ key: String, now: Date = Date()) async throws -> Decision {
        let windowMilliseconds = max(1, window.milliseconds)
        let nowMilliseconds = Int64(now.timeIntervalSince1970 * 1000)
        let index = nowMilliseconds / windowMilliseconds
        let elapsed = nowMilliseconds - index * windowMilliseconds
        let previousShare = Double(windowMilliseconds - elapsed) / Double(windowMilliseconds)
        let reply = try await client.eval(
            Self.script, keys: ["\(key):\(index)", "\(key):\(index - 1)"],
            arguments: [String(windowMilliseconds), String(limit), String(format: "%.4f", previousShare)]
        )
        guard let allowed = reply.int else { throw RedisError.unexpectedReply("window limiter: \(reply)") }
        return Decision(allowed: allowed == 1, retryAfter: allowed == 1 ? .zero : .milliseconds(windowMilliseconds - elapsed))
    }
}

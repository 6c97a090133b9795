import Foundation
import Logging
import NIOCore
import NIOPosix
import Testing
import SwitchboardRedis

/// The hiredis-backed client against a real Redis.
@Suite("Redis client")
struct RedisClientTests {
    static func client(_ url: String = TestEnvironment.redisURL, commandTimeout: Duration = .seconds(2)) throws -> RedisClient {
        var configuration = try RedisConfiguration(url: url)
        configuration.commandTimeout = commandTimeout
        configuration.poolSize = 2
        return RedisClient(configuration: configuration, logger: TestEnvironment.logger)
    }

    @Test("round trips, 1,000 pipelined commands, 1 MB values and binary-safe replies")
    func roundTrips() async throws {
        let redis = try Self.client()
        defer { redis.close() }
        let key = "sb:test:\(UUID().uuidString)"
        try await redis.send("SET", key, "hello")
        #expect(try await redis.send("GET", key).string == "hello")
        #expect(try await redis.send("GET", key + ":missing").isNull)

        let replies = try await redis.pipeline((0..<1000).map { _ in ["INCR", key + ":counter"] })
        #expect(replies.map(\.int) == (1...1000).map { Int64($0) })

        let big = String(repeating: "x", count: 1 << 20) + "☃\r\n\u{0}end"
        try await redis.send("SET", key + ":big", big)
        #expect(try await redis.send("GET", key + ":big").string == big)

        try await redis.send("RPUSH", key + ":list", "a", "b", "c")
        #expect(try await redis.send("LRANGE", key + ":list", "0", "-1").array?.compactMap(\.string) == ["a", "b", "c"])

        await #expect(throws: RedisError.self) { try await redis.send("NOT-A-COMMAND") }
        // The connection is still in step after an error reply.
        #expect(try await redis.send("GET", key).string == "hello")
    }

    @Test("many tasks share the pool concurrently and each gets its own reply")
    func concurrentUse() async throws {
        let redis = try Self.client()
        defer { redis.close() }
        let prefix = "sb:test:\(UUID().uuidString)"
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<200 {
                group.addTask {
                    try await redis.send("SET", "\(prefix):\(index)", "v\(index)")
                    let value = try await redis.send("GET", "\(prefix):\(index)").string
                    #expect(value == "v\(index)")
                }
            }
            try await group.waitForAll()
        }
    }

    @Test("a command to a server that never answers times out instead of hanging")
    func timeout() async throws {
        // A listener that accepts and stays silent.
        let silent = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        defer { silent.close(promise: nil) }
        let redis = try Self.client("redis://127.0.0.1:\(silent.localAddress?.port ?? 0)", commandTimeout: .milliseconds(300))
        defer { redis.close() }
        let start = ContinuousClock.now
        await #expect(throws: RedisError.timeout) { try await redis.send("PING") }
        #expect(ContinuousClock.now - start < .seconds(5), "bounded by the command timeout, not hanging")
    }

    @Test("with Redis down commands fail fast, and the client reconnects when it returns")
    func reconnects() async throws {
        let server = try await RedisServer()
        try await server.start()
        let redis = try Self.client(server.url)
        defer { redis.close() }
        try await redis.ping()
        await server.stop()
        await #expect(throws: (any Error).self) { try await redis.ping() }
        let start = ContinuousClock.now
        await #expect(throws: (any Error).self) { try await redis.ping() }
        #expect(ContinuousClock.now - start < .seconds(1.5), "no hang while Redis is down")
        try await server.start()
        try await eventually(timeout: .seconds(10)) {
            try await redis.ping()
            return true
        }
    }

    @Test("locks: one holder at a time, TTL expiry, and fencing tokens that only grow")
    func lockFencing() async throws {
        let redis = try Self.client()
        defer { redis.close() }
        let lock = RedisLock(client: redis)
        let resource = RedisKey.tenant(42, "lock", "ticket", UUID().uuidString)

        guard case .acquired(let first) = try await lock.acquire(resource, holder: "agent 1", ttl: .seconds(1)) else {
            Issue.record("first acquire failed")
            return
        }
        let second = try await lock.acquire(resource, holder: "agent 2", ttl: .seconds(5))
        #expect(second == .held(by: "agent 1", fence: first.fence))
        #expect(try await lock.holder(of: resource)?.holder == "agent 1")

        // The holder stalls past its TTL; someone else takes over with a higher token.
        try await Task.sleep(for: .milliseconds(1200))
        guard case .acquired(let third) = try await lock.acquire(resource, holder: "agent 3", ttl: .seconds(5)) else {
            Issue.record("lock did not expire")
            return
        }
        #expect(third.fence > first.fence)
        // The stale holder can neither extend nor release the new holder's lock.
        #expect(try await lock.extend(first, ttl: .seconds(5)) == false)
        #expect(try await lock.release(first) == false)
        #expect(try await lock.holder(of: resource)?.holder == "agent 3")
        // A resource that accepts writes only with the highest token seen refuses the stale one.
        var highestSeen: Int64 = 0
        func write(with lease: RedisLock.Lease) -> Bool {
            guard lease.fence >= highestSeen else { return false }
            highestSeen = lease.fence
            return true
        }
        #expect(write(with: third))
        #expect(!write(with: first))

        #expect(try await lock.release(third))
        #expect(try await lock.holder(of: resource) == nil)
        #expect(resource.hasPrefix("sb:{t42}:"))
    }

    @Test("concurrent contenders: exactly one wins")
    func lockContention() async throws {
        let redis = try Self.client()
        defer { redis.close() }
        let lock = RedisLock(client: redis)
        let resource = RedisKey.tenant(7, "lock", UUID().uuidString)
        let winners = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<50 {
                group.addTask {
                    if case .acquired = try await lock.acquire(resource, holder: "node \(index)", ttl: .seconds(5)) { return 1 }
                    return 0
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(winners == 1)
    }

    @Test("sliding-window rate limiter admits the limit per window and says when to retry")
    func rateLimiter() async throws {
        let redis = try Self.client()
        defer { redis.close() }
        let limiter = RateLimiter(client: redis, limit: 5, window: .seconds(30))
        let key = RedisKey.tenant(1, "rate", UUID().uuidString)
        var allowed = 0
        for _ in 0..<8 where try await limiter.hit(key).allowed { allowed += 1 }
        #expect(allowed == 5)
        let refused = try await limiter.hit(key)
        #expect(!refused.allowed)
        #expect(refused.retryAfter > .seconds(25) && refused.retryAfter <= .seconds(30))

        // The window slides: once the oldest event is older than the window, one more is admitted.
        // Long enough that a loaded machine cannot let the window pass between two hits.
        let short = RateLimiter(client: redis, limit: 1, window: .milliseconds(1_500))
        let shortKey = RedisKey.tenant(1, "rate", UUID().uuidString)
        #expect(try await short.hit(shortKey).allowed)
        #expect(try await !short.hit(shortKey).allowed)
        try await Task.sleep(for: .milliseconds(1_600))
        #expect(try await short.hit(shortKey).allowed)
    }

    @Test("pub/sub delivers across connections and resubscribes after Redis restarts")
    func pubSub() async throws {
        let server = try await RedisServer()
        try await server.start()
        let publisher = try Self.client(server.url)
        defer { publisher.close() }
        let received = ReceivedMessages()
        let reconnects = ReceivedMessages()
        var configuration = try RedisConfiguration(url: server.url)
        configuration.maximumBackoff = .milliseconds(200)
        let subscriber = RedisSubscriber(
            configuration: configuration, channels: ["sb:test:events"], logger: TestEnvironment.logger,
            onConnect: { reconnects.append("connected") },
            handler: { _, message in received.append(message) }
        )
        let task = Task { try await subscriber.run() }
        defer { task.cancel() }
        try await eventually { subscriber.isConnected }
        try await publisher.publish(channel: "sb:test:events", message: "one")
        try await eventually { received.values == ["one"] }

        await server.stop()
        try await eventually { !subscriber.isConnected }
        try await server.start()
        try await eventually(timeout: .seconds(10)) { subscriber.isConnected }
        #expect(reconnects.values.count >= 2, "onConnect runs again after the reconnect")
        try await eventually {
            try await publisher.publish(channel: "sb:test:events", message: "two")
            return received.values.contains("two")
        }
    }
}

final class ReceivedMessages: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String] = []
    func append(_ value: String) { lock.withLock { storage.append(value) } }
    var values: [String] { lock.withLock { storage } }
}

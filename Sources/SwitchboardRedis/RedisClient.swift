import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization

/// A small pool of pipelined Redis connections. Connections are made on first use and again
/// after they drop; after a failed connect the client backs off and fails fast, so callers
/// degrade at once instead of waiting on a Redis that is down.
public final class RedisClient: Service, Sendable {
    public let configuration: RedisConfiguration
    private let logger: Logger
    private let group: any EventLoopGroup
    private let state: Mutex<State>
    private let scripts = Mutex<[String: String]>([:])

    private struct State {
        var slots: [Task<RedisConnection, any Error>?]
        var next = 0
        var retryAt: ContinuousClock.Instant?
        var backoff: Duration
        var lastError = ""
        var closed = false
    }

    public init(configuration: RedisConfiguration, logger: Logger, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.configuration = configuration
        self.logger = logger
        self.group = group
        self.state = Mutex(State(slots: Array(repeating: nil, count: max(1, configuration.poolSize)), backoff: configuration.initialBackoff))
    }

    /// Keeps the pool until shutdown, then closes its connections.
    public func run() async throws {
        try? await gracefulShutdown()
        close()
    }

    public func close() {
        let tasks = state.withLock { state in
            state.closed = true
            defer { state.slots = state.slots.map { _ in nil } }
            return state.slots.compactMap { $0 }
        }
        for task in tasks {
            Task { try? await task.value.close() }
        }
    }

    /// Sends a command; error replies are thrown as `RedisError.server`.
    @discardableResult
    public func send(_ arguments: String...) async throws -> RESPValue {
        try await send(arguments)
    }

    @discardableResult
    public func send(_ arguments: [String]) async throws -> RESPValue {
        let reply = try await connection().send(arguments)
        if case .error(let message) = reply { throw RedisError.server(message) }
        return reply
    }

    /// Sends several commands in one write; replies come back in order, error replies included.
    public func pipeline(_ commands: [[String]]) async throws -> [RESPValue] {
        try await connection().pipeline(commands.map { $0.map { Array($0.utf8) } })
    }

    public func ping() async throws {
        let reply = try await send("PING")
        guard reply.string == "PONG" else { throw RedisError.unexpectedReply("PING answered \(reply)") }
    }

    public func publish(channel: String, message: String) async throws {
        try await send("PUBLISH", channel, message)
    }

    /// Runs a Lua script by its SHA, loading it once per client when Redis does not know it yet.
    public func eval(_ script: RedisScript, keys: [String], arguments: [String]) async throws -> RESPValue {
        if let sha = scripts.withLock({ $0[script.source] }) {
            let reply = try await connection().send(["EVALSHA", sha, String(keys.count)] + keys + arguments)
            switch reply {
            case .error(let message) where message.hasPrefix("NOSCRIPT"): break
            case .error(let message): throw RedisError.server(message)
            default: return reply
            }
        }
        guard let sha = try await send("SCRIPT", "LOAD", script.source).string else {
            throw RedisError.unexpectedReply("SCRIPT LOAD gave no SHA")
        }
        scripts.withLock { $0[script.source] = sha }
        return try await send(["EVALSHA", sha, String(keys.count)] + keys + arguments)
    }

    /// A live connection from the pool, connecting if its slot is empty or dead.
    func connection() async throws -> RedisConnection {
        enum Pick { case task(Task<RedisConnection, any Error>, Int), backingOff(String) }
        let pick: Pick = try state.withLock { state in
            if state.closed { throw RedisError.unavailable("client closed") }
            let index = state.next
            state.next = (state.next + 1) % state.slots.count
            if let task = state.slots[index] { return .task(task, index) }
            if let retryAt = state.retryAt, ContinuousClock.now < retryAt { return .backingOff(state.lastError) }
            let configuration = self.configuration
            let group = self.group
            let task = Task { try await RedisConnection.connect(configuration: configuration, group: group) }
            state.slots[index] = task
            return .task(task, index)
        }
        switch pick {
        case .backingOff(let why):
            throw RedisError.unavailable(why)
        case .task(let task, let index):
            do {
                let live = try await task.value
                if live.isActive {
                    recordSuccess()
                    return live
                }
                clear(slot: index, task: task)
                return try await connection()
            } catch {
                clear(slot: index, task: task)
                recordFailure(error)
                throw error
            }
        }
    }

    private func clear(slot index: Int, task: Task<RedisConnection, any Error>) {
        state.withLock { state in
            // Another caller may already have replaced the slot; only clear our own task.
            if let current = state.slots[index], current == task { state.slots[index] = nil }
        }
    }

    private func recordSuccess() {
        state.withLock { state in
            state.retryAt = nil
            state.backoff = configuration.initialBackoff
        }
    }

    private func recordFailure(_ error: any Error) {
        let wait = state.withLock { state in
            let wait = state.backoff
            state.retryAt = ContinuousClock.now + wait
            state.backoff = min(state.backoff * 2, configuration.maximumBackoff)
            state.lastError = "\(error)"
            return wait
        }
        logger.warning("redis connect failed", metadata: ["error": "\(error)", "retry_in": "\(wait)"])
    }
}

/// A Lua script sent to Redis by its SHA.
public struct RedisScript: Sendable, Hashable {
    public let source: String
    public init(_ source: String) { self.source = source }
}

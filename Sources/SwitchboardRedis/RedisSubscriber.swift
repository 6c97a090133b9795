import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization

/// Listens on pub/sub channels on its own connection and reconnects with backoff when it drops.
/// `onConnect` runs after every (re)subscription: messages published while disconnected are
/// lost, so listeners use it to drop whatever those messages would have invalidated.
public final class RedisSubscriber: Service, Sendable {
    public typealias Handler = @Sendable (_ channel: String, _ message: String) async -> Void

    private let configuration: RedisConfiguration
    private let channels: [String]
    private let handler: Handler
    private let onConnect: @Sendable () async -> Void
    private let logger: Logger
    private let connected = Atomic<Bool>(false)

    public init(
        configuration: RedisConfiguration,
        channels: [String],
        logger: Logger,
        onConnect: @escaping @Sendable () async -> Void = {},
        handler: @escaping Handler
    ) {
        self.configuration = configuration
        self.channels = channels
        self.handler = handler
        self.onConnect = onConnect
        self.logger = logger
    }

    /// Whether the subscription is live right now.
    public var isConnected: Bool { connected.load(ordering: .relaxed) }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            var backoff = self.configuration.initialBackoff
            while !Task.isCancelled {
                do {
                    try await self.listenOnce()
                    backoff = self.configuration.initialBackoff
                } catch is CancellationError {
                    break
                } catch {
                    self.logger.warning("redis subscription lost", metadata: ["error": "\(error)", "retry_in": "\(backoff)"])
                }
                self.connected.store(false, ordering: .relaxed)
                if Task.isCancelled { break }
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, self.configuration.maximumBackoff)
            }
        }
        connected.store(false, ordering: .relaxed)
    }

    private func listenOnce() async throws {
        let (stream, continuation) = AsyncStream.makeStream(of: RESPValue.self, bufferingPolicy: .bufferingNewest(10_000))
        let connection = try await RedisConnection.connect(configuration: configuration) { continuation.yield($0) }
        connection.closeFuture.whenComplete { _ in continuation.finish() }
        defer { connection.close() }
        try await withTaskCancellationHandler {
            _ = try await connection.send(["SUBSCRIBE"] + channels)
            var subscribed = 0
            for await push in stream {
                guard let parts = push.array, let kind = parts.first?.string else { continue }
                switch kind {
                case "subscribe":
                    subscribed += 1
                    if subscribed == channels.count {
                        connected.store(true, ordering: .relaxed)
                        await onConnect()
                    }
                case "message" where parts.count == 3:
                    if let channel = parts[1].string, let message = parts[2].string {
                        await handler(channel, message)
                    }
                default:
                    continue
                }
            }
            throw RedisError.connectionClosed
        } onCancel: {
            continuation.finish()
        }
    }
}

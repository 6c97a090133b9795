import NIOCore
import NIOPosix

/// One TCP connection to Redis. Commands may be sent from any task; they are pipelined.
public final class RedisConnection: Sendable {
    let channel: any Channel
    private let commandTimeout: Duration

    init(channel: any Channel, commandTimeout: Duration) {
        self.channel = channel
        self.commandTimeout = commandTimeout
    }

    public var isActive: Bool { channel.isActive }

    static func connect(
        configuration: RedisConfiguration,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        onPush: (@Sendable (RESPValue) -> Void)? = nil
    ) async throws -> RedisConnection {
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(TimeAmount(configuration.connectTimeout))
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        guard let decoder = RESPDecoder() else { throw RedisError.protocolError("cannot create reader") }
                        try channel.pipeline.syncOperations.addHandler(RedisChannelHandler(decoder: decoder, onPush: onPush))
                    }
                }
                .connect(host: configuration.host, port: configuration.port)
                .get()
        } catch {
            throw RedisError.unavailable("cannot connect to \(configuration.host):\(configuration.port): \(error)")
        }
        let connection = RedisConnection(channel: channel, commandTimeout: configuration.commandTimeout)
        do {
            // Subscriber connections only get pushes back, so their handshake replies are not awaited.
            if let password = configuration.password {
                let reply = try await connection.send(["AUTH", password])
                if case .error(let message) = reply { throw RedisError.server(message) }
            }
            if configuration.database != 0 {
                let reply = try await connection.send(["SELECT", String(configuration.database)])
                if case .error(let message) = reply { throw RedisError.server(message) }
            }
        } catch {
            connection.close()
            throw error
        }
        return connection
    }

    /// Sends one command and waits for its reply. An error reply is returned as `.error`, not thrown.
    public func send(_ arguments: [String]) async throws -> RESPValue {
        try await send(bytes: arguments.map { Array($0.utf8) })
    }

    public func send(bytes arguments: [[UInt8]]) async throws -> RESPValue {
        try await pipeline([arguments])[0]
    }

    /// Writes all commands with one flush and returns the replies in order.
    public func pipeline(_ commands: [[[UInt8]]]) async throws -> [RESPValue] {
        let loop = channel.eventLoop
        let promises = commands.map { _ in loop.makePromise(of: RESPValue.self) }
        for (command, promise) in zip(commands, promises) {
            channel.write(RedisRequest(arguments: command, promise: promise), promise: nil)
        }
        channel.flush()
        let channel = self.channel
        let timeout = loop.scheduleTask(in: TimeAmount(commandTimeout)) {
            // Replies of a timed-out command would arrive out of step, so the connection goes.
            for promise in promises { promise.fail(RedisError.timeout) }
            channel.close(promise: nil)
        }
        defer { timeout.cancel() }
        var replies: [RESPValue] = []
        replies.reserveCapacity(promises.count)
        for promise in promises { replies.append(try await promise.futureResult.get()) }
        return replies
    }

    public func close() {
        channel.close(promise: nil)
    }

    var closeFuture: EventLoopFuture<Void> { channel.closeFuture }
}

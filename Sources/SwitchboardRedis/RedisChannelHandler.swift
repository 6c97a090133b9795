import NIOCore

/// One command on its way to Redis, with the promise its reply completes.
struct RedisRequest {
    var arguments: [[UInt8]]
    var promise: EventLoopPromise<RESPValue>?
}

/// Encodes requests with hiredis and matches replies to requests in order (RESP is strictly
/// request/response per connection, which is what makes pipelining safe). In subscriber mode
/// every reply is a push and goes to `onPush` instead.
final class RedisChannelHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = RedisRequest
    typealias OutboundOut = ByteBuffer

    private let decoder: RESPDecoder
    private var pending = CircularBuffer<EventLoopPromise<RESPValue>>(initialCapacity: 16)
    private let onPush: (@Sendable (RESPValue) -> Void)?

    init(decoder: RESPDecoder, onPush: (@Sendable (RESPValue) -> Void)? = nil) {
        self.decoder = decoder
        self.onPush = onPush
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        var buffer = context.channel.allocator.buffer(capacity: 64)
        RESPEncoder.encode(request.arguments, into: &buffer)
        if let replyPromise = request.promise {
            if onPush == nil {
                pending.append(replyPromise)
            } else {
                // Subscriber connections answer through pushes; the write itself is the acknowledgement.
                replyPromise.succeed(.status("QUEUED"))
            }
        }
        context.write(wrapOutboundOut(buffer), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        do {
            try decoder.feed(buffer)
            while let value = try decoder.next() {
                if let onPush {
                    onPush(value)
                } else if let promise = pending.popFirst() {
                    promise.succeed(value)
                } else {
                    throw RedisError.protocolError("reply without a request")
                }
            }
        } catch {
            failAll(error)
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(RedisError.connectionClosed)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failAll(error)
        context.close(promise: nil)
    }

    private func failAll(_ error: any Error) {
        while let promise = pending.popFirst() { promise.fail(error) }
    }
}

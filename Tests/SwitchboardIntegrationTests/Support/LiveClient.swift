import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// A minimal WebSocket client for `/agent/live`: it sends the upgrade with the headers a page's
/// browser would (Host, Origin, the session cookie), then collects the server's text frames.
/// Only what the server sends is read: unmasked, unfragmented frames.
final class LiveSession: Sendable {
    private let received = Mutex<[String]>([])
    private let answer = Mutex<Int?>(nil)

    /// The status the server answered the upgrade with (101 when it upgraded).
    var status: Int? { answer.withLock { $0 } }
    var messages: [String] { received.withLock { $0 } }

    /// Runs `body` with a session open on the node at `port`, closing it afterwards.
    static func open<T: Sendable>(
        port: Int, host: String, cookie: String?, origin: String?, _ body: @escaping @Sendable (LiveSession) async throws -> T
    ) async throws -> T {
        var request = "GET /agent/live HTTP/1.1\r\nHost: \(host)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        request += "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        if let cookie { request += "Cookie: \(cookie)\r\n" }
        if let origin { request += "Origin: \(origin)\r\n" }
        request += "\r\n"
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: "127.0.0.1", port: port) { channel in
            channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
        }
        let session = LiveSession()
        return try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(string: request))
            return try await withThrowingTaskGroup(of: T?.self) { group in
                group.addTask {
                    var buffer = ByteBuffer()
                    for try await chunk in inbound {
                        buffer.writeImmutableBuffer(chunk)
                        if session.status == nil {
                            let text = String(buffer: buffer)
                            guard let end = text.range(of: "\r\n\r\n") else { continue }
                            let code = Int(text.split(separator: " ").dropFirst().first ?? "") ?? 0
                            session.answer.withLock { $0 = code }
                            buffer.moveReaderIndex(forwardBy: text[..<end.upperBound].utf8.count)
                            guard code == 101 else { return nil }
                        }
                        while let frame = Self.frame(&buffer) { session.received.withLock { $0.append(frame) } }
                    }
                    return nil
                }
                group.addTask {
                    // Closing the connection ends the reader too, whether or not it heeds cancellation.
                    defer { channel.channel.close(promise: nil) }
                    return try await body(session)
                }
                defer { group.cancelAll() }
                while let result = try await group.next() {
                    if let result { return result }
                }
                throw TestFailure("the live session ended before the test did")
            }
        }
    }

    /// The next whole text frame in `buffer`, consumed; nil until one is there. Other frames
    /// (pings) are skipped.
    static func frame(_ buffer: inout ByteBuffer) -> String? {
        while true {
            guard let first = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self),
                  let second = buffer.getInteger(at: buffer.readerIndex + 1, as: UInt8.self)
            else { return nil }
            var offset = 2
            var length = Int(second & 0x7F)
            if length == 126 {
                guard let extended = buffer.getInteger(at: buffer.readerIndex + 2, as: UInt16.self) else { return nil }
                length = Int(extended)
                offset = 4
            } else if length == 127 {
                guard let extended = buffer.getInteger(at: buffer.readerIndex + 2, as: UInt64.self) else { return nil }
                length = Int(extended)
                offset = 10
            }
            guard buffer.readableBytes >= offset + length else { return nil }
            buffer.moveReaderIndex(forwardBy: offset)
            let payload = buffer.readString(length: length) ?? ""
            if first & 0x0F == 1 { return payload }
        }
    }
}

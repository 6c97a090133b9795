import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import SwitchboardApp
import SwitchboardCore
import SwitchboardPostgres
import Testing

/// A node running in the test process on a free port, and a client for it.
struct TestNode: Sendable {
    let port: Int
    let config: AppConfig

    /// Runs a node built from `config` for the duration of `body`.
    static func run<T: Sendable>(_ config: AppConfig, _ body: @escaping @Sendable (TestNode) async throws -> T) async throws -> T {
        let (portStream, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = try Switchboard.buildApplication(config: config, logger: TestEnvironment.logger) { channel in
            portContinuation.yield(channel.localAddress?.port ?? 0)
            portContinuation.finish()
        }
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                // A node that stops before it listens ends the wait for its port too, so that
                // the test fails with its error instead of waiting for ever.
                defer { portContinuation.finish() }
                try await app.run()
                return nil
            }
            var iterator = portStream.makeAsyncIterator()
            guard let port = await iterator.next() else {
                _ = try await group.next()  // its error, if it threw one
                throw TestFailure("node did not start")
            }
            let node = TestNode(port: port, config: config)
            group.addTask { try await body(node) }
            defer { group.cancelAll() }
            while let result = try await group.next() {
                if let result { return result }
            }
            throw TestFailure("node stopped before the test finished")
        }
    }

    func request(
        _ method: HTTPMethod, _ path: String, host: String? = nil, headers: [(String, String)] = [], json: String? = nil, body: String? = nil,
        client: HTTPClient = .shared
    ) async throws -> HTTPResult {
        try await HTTPResult.send(method, port: port, path, host: host, headers: headers, json: json, body: body, client: client)
    }
}

/// A response, read whole.
struct HTTPResult: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: String

    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
    }

    static func send(
        _ method: HTTPMethod, port: Int, _ path: String, host: String? = nil, headers: [(String, String)] = [], json: String? = nil,
        body: String? = nil, timeout: TimeAmount = .seconds(20), client: HTTPClient = .shared
    ) async throws -> HTTPResult {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        if let host { request.headers.replaceOrAdd(name: "Host", value: host) }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let json {
            request.headers.replaceOrAdd(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json))
        } else if let body {
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await client.execute(request, timeout: timeout)
        let buffer = try await response.body.collect(upTo: 16 << 20)
        return HTTPResult(status: Int(response.status.code), headers: response.headers, body: String(buffer: buffer))
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Polls `condition` until it holds or `timeout` passes; returns how long it took.
@discardableResult
func eventually(
    timeout: Duration = .seconds(10), every interval: Duration = .milliseconds(20), _ condition: () async throws -> Bool
) async throws -> Duration {
    let start = ContinuousClock.now
    while ContinuousClock.now - start < timeout {
        if (try? await condition()) == true { return ContinuousClock.now - start }
        try await Task.sleep(for: interval)
    }
    throw TestFailure("condition not met within \(timeout)")
}

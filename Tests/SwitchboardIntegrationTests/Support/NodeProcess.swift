import Foundation
import Testing

struct ProcessResult: Sendable {
    var status: Int32
    var output: String
}

/// The `switchboard` binary run as a separate process, as an operator runs it.
final class NodeProcess: @unchecked Sendable {
    let process = Process()
    private let output = Pipe()
    private(set) var port = 0

    /// Runs a subcommand to completion and returns its status and combined output.
    static func runToCompletion(_ arguments: [String], environment: [String: String]) async throws -> ProcessResult {
        let node = NodeProcess(arguments, environment: environment)
        let collected = LockedData()
        node.output.fileHandleForReading.readabilityHandler = { handle in collected.append(handle.availableData) }
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            node.process.terminationHandler = { process in continuation.resume(returning: process.terminationStatus) }
            do { try node.process.run() } catch { continuation.resume(throwing: error) }
        }
        node.output.fileHandleForReading.readabilityHandler = nil
        collected.append(node.output.fileHandleForReading.readDataToEndOfFile())
        return ProcessResult(status: status, output: String(decoding: collected.data, as: UTF8.self))
    }

    init(_ arguments: [String], environment: [String: String]) {
        process.executableURL = URL(fileURLWithPath: TestEnvironment.binary)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = output
        process.standardError = output
    }

    /// Starts `switchboard serve` and waits for it to listen; the port comes from its log.
    /// The log is read on Foundation's own queue, never on the test's executor.
    static func serve(environment: [String: String]) async throws -> NodeProcess {
        var environment = environment
        environment["SB_LOG_FORMAT"] = "json"
        environment["SB_LOG_LEVEL"] = "info"
        let node = NodeProcess(["serve"], environment: environment)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let pending = LockedData()
        node.output.fileHandleForReading.readabilityHandler = { handle in
            let chunk = handle.availableData
            if chunk.isEmpty {
                continuation.finish()
                handle.readabilityHandler = nil
                return
            }
            for line in pending.appendAndTakeLines(chunk) where line.contains(#""message":"serving""#) {
                if let range = line.range(of: #"127\.0\.0\.1:(\d+)"#, options: .regularExpression),
                   let port = Int(line[range].split(separator: ":").last ?? "") {
                    continuation.yield(port)
                    continuation.finish()
                }
            }
        }
        node.process.terminationHandler = { _ in continuation.finish() }
        try node.process.run()
        let port = try await withThrowingTaskGroup(of: Int?.self) { group in
            group.addTask { await ports.first { _ in true } }
            group.addTask {
                try await Task.sleep(for: .seconds(60))
                return nil
            }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
        guard let port else {
            node.stop()
            throw TestFailure("switchboard serve did not start")
        }
        node.port = port
        return node
    }

    func request(_ method: HTTPMethodName, _ path: String, host: String? = nil, headers: [(String, String)] = [], json: String? = nil) async throws -> HTTPResult {
        try await HTTPResult.send(.init(rawValue: method.rawValue), port: port, path, host: host, headers: headers, json: json, timeout: .seconds(10))
    }

    func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

    func stop() {
        if process.isRunning { process.terminate() }
    }

    /// Waits for the process to exit and returns its status.
    func exitStatus() async -> Int32 {
        while process.isRunning { try? await Task.sleep(for: .milliseconds(20)) }
        return process.terminationStatus
    }

    deinit { if process.isRunning { process.terminate() } }
}

enum HTTPMethodName: String {
    case GET, POST, PUT, PATCH, DELETE
}

/// Bytes gathered from a pipe on Foundation's queue.
final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var storage = Data()

    func append(_ data: Data) { lock.withLock { storage.append(data) } }
    var data: Data { lock.withLock { storage } }

    /// Appends and returns the complete lines now available, keeping any partial line.
    func appendAndTakeLines(_ data: Data) -> [String] {
        lock.withLock {
            storage.append(data)
            var lines: [String] = []
            while let newline = storage.firstIndex(of: UInt8(ascii: "\n")) {
                lines.append(String(decoding: storage[storage.startIndex..<newline], as: UTF8.self))
                storage.removeSubrange(storage.startIndex...newline)
            }
            return lines
        }
    }
}

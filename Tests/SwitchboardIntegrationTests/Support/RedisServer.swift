import Foundation
import NIOCore
import NIOPosix

/// A private redis-server a test can stop and start again.
final class RedisServer: @unchecked Sendable {
    let port: Int
    private var process: Process?

    init() async throws {
        port = try await freePort()
    }

    var url: String { "redis://127.0.0.1:\(port)" }

    func start() async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/redis-server")
        process.arguments = ["--bind", "127.0.0.1", "--port", String(port), "--save", "", "--appendonly", "no", "--logfile", ""]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        try await eventually(timeout: .seconds(10)) { await canConnect(port: self.port) }
    }

    /// Kills the server, as a crash would, and waits until it is gone. (SIGKILL because
    /// children started through Foundation's Process inherit a signal mask that blocks SIGTERM.)
    func stop() async {
        guard let process, process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        while process.isRunning { try? await Task.sleep(for: .milliseconds(10)) }
        self.process = nil
    }

    deinit { if let process, process.isRunning { kill(process.processIdentifier, SIGKILL) } }
}

/// A port nothing listens on right now.
func freePort() async throws -> Int {
    let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .bind(host: "127.0.0.1", port: 0).get()
    let port = channel.localAddress?.port ?? 0
    try await channel.close()
    return port
}

func canConnect(port: Int) async -> Bool {
    do {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port).get()
        try await channel.close()
        return true
    } catch {
        return false
    }
}

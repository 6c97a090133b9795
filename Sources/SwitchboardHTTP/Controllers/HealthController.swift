import Foundation
import Hummingbird
import SwitchboardPostgres
import SwitchboardRedis

/// `/healthz` (the process answers) and `/readyz` (its dependencies answer too).
public struct HealthController: Sendable {
    let database: Database
    let redis: RedisClient
    let timeout: Duration

    public init(database: Database, redis: RedisClient, timeout: Duration = .seconds(2)) {
        self.database = database
        self.redis = redis
        self.timeout = timeout
    }

    public func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/healthz") { _, _ in
            Readiness(status: "ok", checks: [:])
        }
        router.get("/readyz") { _, _ -> Response in
            async let postgresCheck = check { try await database.ping() }
            async let redisCheck = check { try await redis.ping() }
            let checks = await ["postgres": postgresCheck, "redis": redisCheck]
            let ready = checks.values.allSatisfy { $0 == "ok" }
            let body = Readiness(status: ready ? "ok" : "unavailable", checks: checks)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let data = (try? encoder.encode(body)) ?? Data()
            return Response(
                status: ready ? .ok : .serviceUnavailable,
                headers: [.contentType: "application/json", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(bytes: data))
            )
        }
    }

    /// "ok", or why the dependency is not usable, within `timeout`.
    private func check(_ probe: @escaping @Sendable () async throws -> Void) async -> String {
        await withTaskGroup(of: String.self) { group in
            group.addTask {
                do {
                    try await probe()
                    return "ok"
                } catch {
                    return "unreachable: \(postgresMessage(error))"
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return "unreachable: no answer within \(timeout)"
            }
            let first = await group.next() ?? "unreachable"
            group.cancelAll()
            return first
        }
    }
}

struct Readiness: ResponseEncodable {
    var status: String
    var checks: [String: String]
}

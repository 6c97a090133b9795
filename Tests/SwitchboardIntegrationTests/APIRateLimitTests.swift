import Foundation
import Testing
import SwitchboardApp

/// The per-caller API limit: 429 with Retry-After past it, counted per key and per tenant.
@Suite("API rate limit")
struct APIRateLimitTests {
    @Test("a key past its limit gets 429 with Retry-After; other keys and tenants are not affected")
    func limit() async throws {
        var config = try await TestEnvironment.migratedDatabase()
        config.apiRateLimit = 5
        try await Fixtures.apply(PermissionProbeTests.alphaManifest(), config: config)
        try await Fixtures.apply(Fixtures.manifest(slug: "beta", key: Fixtures.otherKey), config: config)
        try await TestNode.run(config) { node in
            var statuses: [Int] = []
            for _ in 0..<7 {
                statuses.append(try await node.request(.GET, "/api/v1/me", host: "alpha.sb.test", headers: PermissionProbeTests.admin).status)
            }
            #expect(statuses == [200, 200, 200, 200, 200, 429, 429])
            let refused = try await node.request(.GET, "/api/v1/tickets", host: "alpha.sb.test", headers: PermissionProbeTests.admin)
            #expect(refused.status == 429)
            #expect(refused.json["type"] as? String == "/problems/rate-limited")
            let retryAfter = Int(refused.headers["Retry-After"].first ?? "") ?? 0
            #expect((1...61).contains(retryAfter))
            #expect(try await node.request(.GET, "/api/v1/me", host: "alpha.sb.test", headers: PermissionProbeTests.limited).status == 200)
            #expect(try await node.request(.GET, "/api/v1/me", host: "beta.sb.test", headers: PermissionProbeTests.beta).status == 200)
            // The public document is not counted against anyone.
            #expect(try await node.request(.GET, "/api/v1/openapi.json").status == 200)
        }
    }
}

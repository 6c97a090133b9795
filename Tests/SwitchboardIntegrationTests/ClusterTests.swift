import Foundation
import Testing
import SwitchboardApp

/// Several `switchboard serve` processes on one PostgreSQL and one Redis, as in production.
@Suite("Two nodes, one cluster")
struct ClusterTests {
    static let platform = [("Authorization", "Bearer \(TestEnvironment.platformToken)")]

    @Test("a tenant created through node A resolves on node B; a custom domain added on A is served by B within 1 s")
    func crossNode() async throws {
        let config = try await TestEnvironment.migratedDatabase()
        let environment = TestEnvironment.nodeEnvironment(database: config.database.database)
        let a = try await NodeProcess.serve(environment: environment)
        defer { a.stop() }
        let b = try await NodeProcess.serve(environment: environment)
        defer { b.stop() }

        let created = try await a.request(.POST, "/api/v1/platform/tenants", headers: Self.platform,
                                          json: #"{"slug":"gamma","name":"Gamma Support","locale":"ko","timeZone":"Asia/Seoul"}"#)
        #expect(created.status == 201, "\(created.body)")
        let keyManifest = """
            slug: gamma
            name: Gamma Support
            locale: ko
            time_zone: Asia/Seoul
            agents:
              - email: lead@gamma.example
                name: Lead
                password: correct horse battery
                scopes: [read, write, admin]
            api_keys:
              - name: ops
                agent: lead@gamma.example
                scopes: [read]
                key: \(Fixtures.adminKey)
            """
        let applied = try await HTTPResult.send(.POST, port: a.port, "/api/v1/platform/manifests", headers: Self.platform, body: keyManifest)
        #expect(applied.status == 200, "\(applied.body)")
        let bearer = [("Authorization", "Bearer \(Fixtures.adminKey)")]
        let onB = try await b.request(.GET, "/api/v1/me", host: "gamma.sb.test", headers: bearer)
        #expect(onB.status == 200)
        #expect((onB.json["tenant"] as? [String: Any])?["slug"] as? String == "gamma")

        // B learns that the host is nobody's and caches that answer.
        let before = try await b.request(.GET, "/api/v1/me", host: "support.gamma.example", headers: [])
        #expect(before.status == 404)
        let added = try await a.request(.POST, "/api/v1/platform/tenants/gamma/domains", headers: Self.platform,
                                        json: #"{"hostname":"support.gamma.example","verified":true}"#)
        #expect(added.status == 201, "\(added.body)")
        let elapsed = try await eventually(timeout: .seconds(5), every: .milliseconds(10)) {
            try await b.request(.GET, "/api/v1/me", host: "support.gamma.example", headers: bearer).status == 200
        }
        #expect(elapsed < .seconds(1), "B served the new domain after \(elapsed)")

        // Removing it on A stops B from serving it.
        let removed = try await a.request(.DELETE, "/api/v1/platform/tenants/gamma/domains/support.gamma.example", headers: Self.platform)
        #expect(removed.status == 204)
        let gone = try await eventually(timeout: .seconds(5), every: .milliseconds(10)) {
            try await b.request(.GET, "/api/v1/me", host: "support.gamma.example").status == 404
        }
        #expect(gone < .seconds(1))

        // A key B has cached stops working on B as soon as A revokes it.
        let login = try await a.request(.POST, "/api/v1/auth/login", host: "gamma.sb.test",
                                          json: #"{"email":"lead@gamma.example","password":"correct horse battery"}"#)
        let cookie = String((login.headers["Set-Cookie"].first ?? "").split(separator: ";")[0])
        let newKey = try await a.request(.POST, "/api/v1/api-keys", host: "gamma.sb.test", headers: [("Cookie", cookie)],
                                         json: #"{"name":"short-lived","scopes":["read"]}"#)
        let secret = try #require(newKey.json["key"] as? String)
        let keyID = try #require((newKey.json["apiKey"] as? [String: Any])?["id"] as? Int)
        let keyHeaders = [("Authorization", "Bearer \(secret)")]
        #expect(try await b.request(.GET, "/api/v1/me", host: "gamma.sb.test", headers: keyHeaders).status == 200)
        #expect(try await b.request(.GET, "/api/v1/me", host: "gamma.sb.test", headers: keyHeaders).status == 200)
        let revoked = try await a.request(.DELETE, "/api/v1/api-keys/\(keyID)", host: "gamma.sb.test",
                                          headers: [("Cookie", cookie), ("Origin", "http://gamma.sb.test")])
        #expect(revoked.status == 204)
        let refused = try await eventually(timeout: .seconds(5), every: .milliseconds(10)) {
            try await b.request(.GET, "/api/v1/me", host: "gamma.sb.test", headers: keyHeaders).status == 401
        }
        #expect(refused < .seconds(1), "B refused the revoked key after \(refused)")

        let unauthorized = try await a.request(.GET, "/api/v1/platform/tenants", headers: [("Authorization", "Bearer wrong")])
        #expect(unauthorized.status == 401)
        let list = try await b.request(.GET, "/api/v1/platform/tenants", headers: Self.platform)
        #expect(list.body.contains("gamma"))
    }

    @Test("Redis stopped: /readyz is 503 naming Redis, tenant requests are still served; it recovers when Redis returns")
    func redisOutage() async throws {
        let redis = try await RedisServer()
        try await redis.start()
        let config = try await TestEnvironment.migratedDatabase(["SB_REDIS_URL": redis.url])
        try await Fixtures.apply(Fixtures.manifest(slug: "delta", key: Fixtures.adminKey), config: config)
        let node = try await NodeProcess.serve(environment: TestEnvironment.nodeEnvironment(database: config.database.database, ["SB_REDIS_URL": redis.url]))
        defer { node.stop() }
        let bearer = [("Authorization", "Bearer \(Fixtures.adminKey)")]

        #expect(try await node.request(.GET, "/readyz").status == 200)
        await redis.stop()
        try await eventually { try await node.request(.GET, "/readyz").status == 503 }
        let ready = try await node.request(.GET, "/readyz")
        #expect(ready.json["checks"].flatMap { ($0 as? [String: String])?["postgres"] } == "ok")
        #expect((ready.json["checks"] as? [String: String])?["redis"]?.hasPrefix("unreachable") == true)

        let me = try await node.request(.GET, "/api/v1/me", host: "delta.sb.test", headers: bearer)
        #expect(me.status == 200)
        let login = try await node.request(.POST, "/api/v1/auth/login", host: "delta.sb.test",
                                           json: #"{"email":"admin@delta.example","password":"correct horse battery"}"#)
        #expect(login.status == 200, "sign-in works without Redis")
        let unknown = try await node.request(.GET, "/api/v1/me", host: "nobody.sb.test")
        #expect(unknown.status == 404)

        try await redis.start()
        try await eventually(timeout: .seconds(15)) { try await node.request(.GET, "/readyz").status == 200 }
    }

    @Test("SIGTERM stops a node cleanly")
    func gracefulShutdown() async throws {
        let config = try await TestEnvironment.migratedDatabase()
        let node = try await NodeProcess.serve(environment: TestEnvironment.nodeEnvironment(database: config.database.database))
        #expect(try await node.request(.GET, "/healthz").status == 200)
        node.signal(SIGTERM)
        #expect(await node.exitStatus() == 0)
    }
}

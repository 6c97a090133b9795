import Foundation
import Testing
import SwitchboardApp
import SwitchboardCore

/// Tenant resolution, API keys, sessions and the tenant's own domain and key endpoints, over
/// real HTTP against a node on real PostgreSQL and Redis.
@Suite("Tenancy over HTTP")
struct TenancyHTTPTests {
    static func withTenants<T: Sendable>(_ body: @escaping @Sendable (TestNode) async throws -> T) async throws -> T {
        let config = try await TestEnvironment.migratedDatabase()
        try await Fixtures.apply(Fixtures.manifest(slug: "alpha", key: Fixtures.adminKey, domains: [
            .init(hostname: "help.alpha.example", verified: true), .init(hostname: "pending.alpha.example", verified: false),
        ]), config: config)
        try await Fixtures.apply(Fixtures.manifest(slug: "beta", key: Fixtures.otherKey), config: config)
        return try await TestNode.run(config, body)
    }

    @Test("slug hosts and verified custom domains resolve; others get a 404 naming no tenant")
    func hostResolution() async throws {
        try await Self.withTenants { node in
            let bearer = [("Authorization", "Bearer \(Fixtures.adminKey)")]
            let bySlug = try await node.request(.GET, "/api/v1/me", host: "alpha.sb.test", headers: bearer)
            #expect(bySlug.status == 200)
            #expect((bySlug.json["tenant"] as? [String: Any])?["slug"] as? String == "alpha")

            let byDomain = try await node.request(.GET, "/api/v1/me", host: "HELP.alpha.example:443", headers: bearer)
            #expect(byDomain.status == 200)

            for host in ["nope.sb.test", "pending.alpha.example", "unknown.example", "sb.test"] {
                let response = try await node.request(.GET, "/api/v1/me", host: host)
                #expect(response.status == 404, "\(host)")
                #expect(response.json["type"] as? String == "/problems/tenant-unknown")
                #expect(!response.body.contains("alpha") && !response.body.contains("beta"), "\(host): \(response.body)")
            }
        }
    }

    @Test("problem titles follow Accept-Language, then the tenant's default, then English")
    func localizedProblems() async throws {
        try await Self.withTenants { node in
            let korean = try await node.request(.GET, "/api/v1/me", host: "nope.sb.test", headers: [("Accept-Language", "ko-KR,ko;q=0.9,en;q=0.5")])
            #expect(korean.json["title"] as? String == "이 주소로 설정된 헬프데스크가 없습니다.")
            let arabic = try await node.request(.GET, "/api/v1/me", host: "alpha.sb.test", headers: [("Accept-Language", "ar")])
            #expect(arabic.status == 401)
            #expect((arabic.json["title"] as? String)?.unicodeScalars.contains { (0x0600...0x06FF).contains($0.value) } == true)
            let fallback = try await node.request(.GET, "/api/v1/me", host: "nope.sb.test", headers: [("Accept-Language", "xx-YY")])
            #expect(fallback.json["title"] as? String == "No helpdesk is configured for this address.")

            // A person's own language comes before the browser's.
            let key = [("Authorization", "Bearer \(Fixtures.adminKey)")]
            let chosen = try await node.request(.PATCH, "/api/v1/me", host: "alpha.sb.test", headers: key,
                                                json: #"{"locale":"ja","timeZone":"Asia/Tokyo"}"#)
            #expect(chosen.status == 200)
            #expect((chosen.json["agent"] as? [String: Any])?["timeZone"] as? String == "Asia/Tokyo")
            let japanese = try await node.request(.GET, "/api/v1/business-hours/999", host: "alpha.sb.test",
                                                  headers: key + [("Accept-Language", "en")])
            #expect(japanese.status == 404)
            #expect(japanese.json["title"] as? String == "見つかりません。")
            let invalid = try await node.request(.PATCH, "/api/v1/me", host: "alpha.sb.test", headers: key,
                                                 json: #"{"locale":"not a tag","timeZone":"Nowhere/Else"}"#)
            #expect(invalid.status == 422)
            #expect((invalid.json["errors"] as? [[String: Any]])?.count == 2)
        }
    }

    @Test("an API key of tenant A on tenant B's host is refused with 401")
    func crossTenantKey() async throws {
        try await Self.withTenants { node in
            let response = try await node.request(.GET, "/api/v1/me", host: "beta.sb.test", headers: [("Authorization", "Bearer \(Fixtures.adminKey)")])
            #expect(response.status == 401)
            #expect(response.json["type"] as? String == "/problems/api-key-wrong-tenant")
            #expect(!response.body.contains("Tenant beta"))

            // On a host that is no tenant's, the key alone names the tenant.
            let keyOnly = try await node.request(.GET, "/api/v1/me", host: "api.sb.test", headers: [("Authorization", "Bearer \(Fixtures.otherKey)")])
            #expect(keyOnly.status == 200)
            #expect((keyOnly.json["tenant"] as? [String: Any])?["slug"] as? String == "beta")

            let garbage = try await node.request(.GET, "/api/v1/me", host: "alpha.sb.test", headers: [("Authorization", "Bearer sbk_nonsense")])
            #expect(garbage.status == 401)
            #expect(garbage.json["type"] as? String == "/problems/api-key-invalid")
        }
    }

    @Test("password sign-in makes an HttpOnly SameSite session; sign-out ends it")
    func sessions() async throws {
        try await Self.withTenants { node in
            let wrong = try await node.request(.POST, "/api/v1/auth/login", host: "alpha.sb.test",
                                               json: #"{"email":"admin@alpha.example","password":"wrong password!"}"#)
            #expect(wrong.status == 401)
            #expect(wrong.json["type"] as? String == "/problems/login-failed")
            let unknown = try await node.request(.POST, "/api/v1/auth/login", host: "alpha.sb.test",
                                                 json: #"{"email":"nobody@alpha.example","password":"correct horse battery"}"#)
            #expect(unknown.status == 401)
            // The other tenant's agent cannot sign in here.
            let foreign = try await node.request(.POST, "/api/v1/auth/login", host: "alpha.sb.test",
                                                 json: #"{"email":"admin@beta.example","password":"correct horse battery"}"#)
            #expect(foreign.status == 401)

            let login = try await node.request(.POST, "/api/v1/auth/login", host: "alpha.sb.test",
                                               json: #"{"email":"Admin@Alpha.example","password":"correct horse battery"}"#)
            #expect(login.status == 200)
            let setCookie = login.headers["Set-Cookie"].first ?? ""
            #expect(setCookie.contains("HttpOnly"))
            #expect(setCookie.contains("SameSite=Lax"))
            let cookie = String(setCookie.split(separator: ";")[0])

            let me = try await node.request(.GET, "/api/v1/me", host: "alpha.sb.test", headers: [("Cookie", cookie)])
            #expect(me.status == 200)
            #expect(me.json["credential"] as? String == "session")

            // The session is bound to its tenant: the same cookie on another tenant's host is no one.
            let elsewhere = try await node.request(.GET, "/api/v1/me", host: "beta.sb.test", headers: [("Cookie", cookie)])
            #expect(elsewhere.status == 401)

            // A cross-site form post with the cookie is refused.
            let forged = try await node.request(.POST, "/api/v1/api-keys", host: "alpha.sb.test",
                                                headers: [("Cookie", cookie), ("Content-Type", "application/x-www-form-urlencoded"), ("Origin", "http://evil.example")],
                                                body: "name=x&scopes=read")
            #expect(forged.status == 403)

            let logout = try await node.request(.POST, "/api/v1/auth/logout", host: "alpha.sb.test", headers: [("Cookie", cookie)], json: "{}")
            #expect(logout.status == 204)
            let after = try await node.request(.GET, "/api/v1/me", host: "alpha.sb.test", headers: [("Cookie", cookie)])
            #expect(after.status == 401)
        }
    }

    @Test("API keys are shown once, stored hashed, bounded by their agent, revocable")
    func apiKeys() async throws {
        try await Self.withTenants { node in
            let admin = [("Authorization", "Bearer \(Fixtures.adminKey)")]
            let created = try await node.request(.POST, "/api/v1/api-keys", host: "alpha.sb.test", headers: admin,
                                                 json: #"{"name":"reporting","scopes":["read"]}"#)
            #expect(created.status == 201)
            let secret = try #require(created.json["key"] as? String)
            let id = try #require((created.json["apiKey"] as? [String: Any])?["id"] as? Int)

            let list = try await node.request(.GET, "/api/v1/api-keys", host: "alpha.sb.test", headers: admin)
            #expect(list.status == 200)
            #expect(!list.body.contains(secret), "the secret is never listed")

            let readOnly = [("Authorization", "Bearer \(secret)")]
            let me = try await node.request(.GET, "/api/v1/me", host: "alpha.sb.test", headers: readOnly)
            #expect((me.json["agent"] as? [String: Any])?["scopes"] as? [String] == ["read"])
            // A read-only key cannot make keys.
            let escalate = try await node.request(.POST, "/api/v1/api-keys", host: "alpha.sb.test", headers: readOnly,
                                                  json: #"{"name":"more","scopes":["read","write","admin"]}"#)
            #expect(escalate.status == 403)

            let bad = try await node.request(.POST, "/api/v1/api-keys", host: "alpha.sb.test", headers: admin,
                                             json: #"{"name":"","scopes":["root"]}"#)
            #expect(bad.status == 422)
            let fields = (bad.json["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? []
            #expect(Set(fields) == ["name", "scopes"])

            let revoke = try await node.request(.DELETE, "/api/v1/api-keys/\(id)", host: "alpha.sb.test", headers: admin)
            #expect(revoke.status == 204)
            let revoked = try await node.request(.GET, "/api/v1/me", host: "alpha.sb.test", headers: readOnly)
            #expect(revoked.status == 401)
            // Another tenant cannot revoke alpha's keys, even knowing the id.
            let foreign = try await node.request(.DELETE, "/api/v1/api-keys/1", host: "beta.sb.test",
                                                 headers: [("Authorization", "Bearer \(Fixtures.otherKey)")])
            #expect(foreign.status == 404)
        }
    }

    @Test("a tenant adds a custom domain as pending and cannot take another tenant's")
    func tenantDomains() async throws {
        try await Self.withTenants { node in
            let admin = [("Authorization", "Bearer \(Fixtures.adminKey)")]
            let added = try await node.request(.POST, "/api/v1/domains", host: "alpha.sb.test", headers: admin,
                                               json: #"{"hostname":"Support.Alpha.Example"}"#)
            #expect(added.status == 201)
            #expect(added.json["verified"] as? Bool == false)
            #expect((added.json["verificationRecord"] as? String)?.hasPrefix("_switchboard-verify.support.alpha.example TXT sbv_") == true)
            // Pending domains do not route.
            let pending = try await node.request(.GET, "/healthz", host: "support.alpha.example")
            #expect(pending.status == 200)
            let unrouted = try await node.request(.GET, "/api/v1/me", host: "support.alpha.example", headers: admin)
            #expect(unrouted.status == 200, "the key still names its tenant")

            let taken = try await node.request(.POST, "/api/v1/domains", host: "beta.sb.test",
                                               headers: [("Authorization", "Bearer \(Fixtures.otherKey)")],
                                               json: #"{"hostname":"help.alpha.example"}"#)
            #expect(taken.status == 409)
            let invalid = try await node.request(.POST, "/api/v1/domains", host: "alpha.sb.test", headers: admin,
                                                 json: #"{"hostname":"not a domain"}"#)
            #expect(invalid.status == 422)
            let list = try await node.request(.GET, "/api/v1/domains", host: "alpha.sb.test", headers: admin)
            #expect(list.json["slugHostname"] as? String == "alpha.sb.test")
            #expect((list.json["domains"] as? [[String: Any]])?.count == 3)
        }
    }

    @Test("malformed requests get problem+json, never a crash")
    func malformedInput() async throws {
        try await Self.withTenants { node in
            let admin = [("Authorization", "Bearer \(Fixtures.adminKey)")]
            for body in ["{", "[]", #"{"name": 5}"#, "\u{0}\u{1}", String(repeating: "x", count: 10)] {
                let response = try await node.request(.POST, "/api/v1/api-keys", host: "alpha.sb.test", headers: admin, json: body)
                #expect(response.status == 400, "\(body)")
                #expect(response.headers["Content-Type"].first == "application/problem+json")
            }
            let huge = try await node.request(.POST, "/api/v1/api-keys", host: "alpha.sb.test", headers: admin,
                                              json: String(repeating: " ", count: 2 << 20))
            #expect(huge.status == 413)
            let unknownRoute = try await node.request(.GET, "/api/v1/nothing-here", host: "alpha.sb.test", headers: admin)
            #expect(unknownRoute.status == 404)
            let stillUp = try await node.request(.GET, "/healthz")
            #expect(stillUp.status == 200)
        }
    }
}

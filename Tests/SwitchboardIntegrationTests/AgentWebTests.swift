import AsyncHTTPClient
import Foundation
import NIOHTTP1
import Testing
import SwitchboardApp
import SwitchboardCore

/// The agent pages over real HTTP: sign-in with its lock and network allow-list, form tokens,
/// escaping, and the languages they render in.
@Suite("Agent web interface")
struct AgentWebTests {
    static let host = "web.sb.test"
    static let bearer = [("Authorization", "Bearer \(Fixtures.adminKey)")]

    static func withNode<T: Sendable>(_ body: @escaping @Sendable (TestNode) async throws -> T) async throws -> T {
        let config = try await TestEnvironment.migratedDatabase()
        try await Fixtures.apply(Fixtures.manifest(slug: "web", key: Fixtures.adminKey), config: config)
        return try await TestNode.run(config, body)
    }

    @Test("an agent signs in, lists a queue, opens a ticket, replies and resolves it; payloads stay text")
    func ticketFlow() async throws {
        try await Self.withNode { node in
            let payload = #"<script>alert("x")</script><img src=x onerror=alert(1)>"#
            _ = try await node.request(.POST, "/api/v1/custom-fields", host: Self.host, headers: Self.bearer, json: """
                {"entity":"ticket","key":"order","label":"Order \(Self.escaped(payload))","kind":"text"}
                """)
            let created = try await node.request(.POST, "/api/v1/tickets", host: Self.host, headers: Self.bearer, json: """
                {"subject":"Broken \(Self.escaped(payload))","body":"first","department":"Support",
                 "requester":{"email":"xss@example.com","name":"Eve \(Self.escaped(payload))"},"fields":{"order":"\(Self.escaped(payload))"}}
                """)
            #expect(created.status == 201, "\(created.body)")
            let ref = try #require(created.json["ref"] as? Int)

            let browser = WebClient(node: node, host: Self.host)
            #expect(try await browser.get("/agent/tickets").status == 303, "signed out: sent to sign in")
            try await browser.signIn(email: "admin@web.example", password: "correct horse battery")

            let list = try await browser.get("/agent/tickets?department=Support")
            #expect(list.status == 200)
            #expect(list.body.contains("/agent/tickets/\(ref)"))
            #expect(list.headers["Content-Security-Policy"].first?.contains("script-src 'self'") == true)
            #expect(list.headers["Cache-Control"].first == "no-store")

            let view = try await browser.get("/agent/tickets/\(ref)")
            #expect(view.status == 200)
            // Subject, customer name, custom field label and value: all shown as text.
            #expect(!view.body.contains("<script>alert"), "no payload reaches the page as markup")
            #expect(!view.body.contains("<img src=x"))
            #expect(view.body.components(separatedBy: "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;").count - 1 >= 4)

            // A reply and a resolve through the forms, with the page's token.
            let token = try #require(view.formToken)
            let version = try #require(view.hiddenValue("version"))
            let reply = try await browser.post("/agent/tickets/\(ref)/messages", ["_csrf": token, "kind": "reply", "body": "Fixed it for you."])
            #expect(reply.status == 303)
            let resolved = try await browser.post("/agent/tickets/\(ref)", ["_csrf": token, "version": version, "status": "resolved", "agent": ""])
            #expect(resolved.status == 303, "\(resolved.body)")
            let after = try await node.request(.GET, "/api/v1/tickets/\(ref)", host: Self.host, headers: Self.bearer)
            #expect((after.json["ticket"] as? [String: Any])?["status"] as? String == "resolved")
            #expect(after.body.contains("Fixed it for you."))
            let page = try await browser.get("/agent/tickets/\(ref)?notice=saved")
            #expect(page.body.contains("The ticket was saved."))

            // A stale version is refused with the page's explanation, not applied.
            let stale = try await browser.post("/agent/tickets/\(ref)", ["_csrf": token, "version": version, "status": "pending"])
            #expect(stale.status == 409)
            #expect(stale.body.contains("changed by someone else"))
        }
    }

    @Test("forms without the session's token, or posted from another site, change nothing")
    func crossSiteRequests() async throws {
        try await Self.withNode { node in
            let created = try await node.request(.POST, "/api/v1/tickets", host: Self.host, headers: Self.bearer,
                                                 json: #"{"subject":"csrf target","body":"first"}"#)
            let ref = try #require(created.json["ref"] as? Int)
            let browser = WebClient(node: node, host: Self.host)
            try await browser.signIn(email: "admin@web.example", password: "correct horse battery")

            let missing = try await browser.post("/agent/tickets/\(ref)/messages", ["kind": "reply", "body": "forged"])
            #expect(missing.status == 403)
            let wrong = try await browser.post("/agent/tickets/\(ref)/messages", ["_csrf": "guess", "kind": "reply", "body": "forged"])
            #expect(wrong.status == 403)
            let token = try #require(try await browser.get("/agent/tickets/\(ref)").formToken)
            let foreign = try await browser.post(
                "/agent/tickets/\(ref)/messages", ["_csrf": token, "kind": "reply", "body": "forged"], origin: "http://evil.example"
            )
            #expect(foreign.status == 403)
            // The login form's own token: a post without the matching cookie is refused.
            let anonymous = WebClient(node: node, host: Self.host)
            let forgedLogin = try await anonymous.post("/agent/login", ["_csrf": "x", "email": "admin@web.example", "password": "correct horse battery"])
            #expect(forgedLogin.status == 403)
            #expect(anonymous.cookies["sb_session"] == nil)

            let after = try await node.request(.GET, "/api/v1/tickets/\(ref)", host: Self.host, headers: Self.bearer)
            #expect(!after.body.contains("forged"))
        }
    }

    @Test("five failed sign-ins lock the account, for the pages and the API alike")
    func lockout() async throws {
        try await Self.withNode { node in
            let browser = WebClient(node: node, host: Self.host)
            for _ in 0..<5 {
                let failed = try await browser.signIn(email: "reader@web.example", password: "wrong", expecting: 401)
                #expect(failed.body.contains("The email address or password is incorrect."))
            }
            let locked = try await browser.signIn(email: "reader@web.example", password: "correct horse battery", expecting: 429)
            #expect(locked.body.contains("Too many failed sign-ins. Try again in 15 minutes."))
            let api = try await node.request(.POST, "/api/v1/auth/login", host: Self.host,
                                             json: #"{"email":"reader@web.example","password":"correct horse battery"}"#)
            #expect(api.status == 429)
            // Another account is not locked by them, and successes do not count.
            for _ in 0..<6 {
                try await WebClient(node: node, host: Self.host).signIn(email: "admin@web.example", password: "correct horse battery")
            }
        }
    }

    @Test("with an allow-list, agents sign in and use sessions only from the listed networks")
    func networkAllowList() async throws {
        try await Self.withNode { node in
            let browser = WebClient(node: node, host: Self.host)
            try await browser.signIn(email: "admin@web.example", password: "correct horse battery")
            let invalid = try await node.request(.PUT, "/api/v1/settings/security", host: Self.host, headers: Self.bearer,
                                                 json: #"{"agentNetworks":["10.0.0.0/33"]}"#)
            #expect(invalid.status == 422)

            let elsewhere = try await node.request(.PUT, "/api/v1/settings/security", host: Self.host, headers: Self.bearer,
                                                   json: #"{"agentNetworks":["10.0.0.0/8","2001:db8::/32"]}"#)
            #expect(elsewhere.status == 200)
            #expect(elsewhere.json["agentNetworks"] as? [String] == ["10.0.0.0/8", "2001:db8:0:0:0:0:0:0/32"])
            let refused = try await browser.get("/agent/tickets")
            #expect(refused.status == 403, "the session stops working at once")
            #expect(refused.body.contains("may not sign in from this network"))
            let fresh = WebClient(node: node, host: Self.host)
            let denied = try await fresh.signIn(email: "admin@web.example", password: "correct horse battery", expecting: 403)
            #expect(denied.body.contains("may not sign in from this network"))
            // API keys are not sessions: they keep working, so the list can be changed back.
            let loopback = try await node.request(.PUT, "/api/v1/settings/security", host: Self.host, headers: Self.bearer,
                                                  json: #"{"agentNetworks":["127.0.0.0/8","::1"]}"#)
            #expect(loopback.status == 200)
            #expect(try await browser.get("/agent/tickets").status == 200)
            // A signed-in administrator cannot lock themselves out.
            let selfLock = try await node.request(
                .PUT, "/api/v1/settings/security", host: Self.host,
                headers: [("Cookie", browser.cookieHeader), ("Origin", "http://\(Self.host)")], json: #"{"agentNetworks":["10.0.0.0/8"]}"#
            )
            #expect(selfLock.status == 422)
        }
    }

    @Test("a person's profile lists their tickets; ticked tickets change together; another tenant's person does not exist here")
    func profilesAndBulk() async throws {
        let config = try await TestEnvironment.migratedDatabase()
        try await Fixtures.apply(Fixtures.manifest(slug: "web", key: Fixtures.adminKey), config: config)
        try await Fixtures.apply(Fixtures.manifest(slug: "away", key: Fixtures.otherKey), config: config)
        try await TestNode.run(config) { node in
            var refs: [Int] = []
            for subject in ["Bulk one", "Bulk two"] {
                let created = try await node.request(.POST, "/api/v1/tickets", host: Self.host, headers: Self.bearer, json: """
                    {"subject":"\(subject)","body":"b","department":"Support","requester":{"email":"pat@example.com","name":"Pat"}}
                    """)
                refs.append(try #require(created.json["ref"] as? Int))
            }
            let person = try #require(((try await node.request(.GET, "/api/v1/tickets/\(refs[0])", host: Self.host, headers: Self.bearer))
                .json["ticket"] as? [String: Any])?["personID"] as? Int)
            let foreign = try await node.request(.POST, "/api/v1/people", host: "away.sb.test", headers: [("Authorization", "Bearer \(Fixtures.otherKey)")],
                                                 json: #"{"name":"Elsewhere","emails":["else@example.com"]}"#)
            let foreignID = try #require(foreign.json["id"] as? Int)

            let browser = WebClient(node: node, host: Self.host)
            try await browser.signIn(email: "admin@web.example", password: "correct horse battery")
            let view = try await browser.get("/agent/tickets/\(refs[0])")
            #expect(view.body.contains("href=\"/agent/people/\(person)\""))
            let profile = try await browser.get("/agent/people/\(person)")
            #expect(profile.status == 200)
            #expect(profile.body.contains("Bulk one") && profile.body.contains("Bulk two") && profile.body.contains("pat@example.com"))
            #expect(try await browser.get("/agent/people/\(foreignID)").status == 404)

            let list = try await browser.get("/agent/tickets")
            let token = try #require(list.formToken)
            let form = "_csrf=\(token)&ref=\(refs[0])&ref=\(refs[1])&status=pending&priority=&back=%2Fagent%2Ftickets"
            let changed = try await node.request(.POST, "/agent/tickets/bulk", host: Self.host, headers: [
                ("Cookie", browser.cookieHeader), ("Origin", "http://\(Self.host)"), ("Content-Type", "application/x-www-form-urlencoded"),
            ], body: form, client: WebClient.client)
            #expect(changed.status == 303)
            #expect(changed.headers["Location"].first == "/agent/tickets?updated=2")
            #expect(try await browser.get("/agent/tickets?updated=2").body.contains("2 tickets changed."))
            for ref in refs {
                let ticket = try await node.request(.GET, "/api/v1/tickets/\(ref)", host: Self.host, headers: Self.bearer)
                #expect((ticket.json["ticket"] as? [String: Any])?["status"] as? String == "pending")
            }
            let forged = try await node.request(.POST, "/agent/tickets/bulk", host: Self.host, headers: [
                ("Cookie", browser.cookieHeader), ("Origin", "http://\(Self.host)"), ("Content-Type", "application/x-www-form-urlencoded"),
            ], body: "ref=\(refs[0])&status=resolved", client: WebClient.client)
            #expect(forged.status == 403)
        }
    }

    @Test("the pages speak the reader's language: Korean, and Arabic right to left, with no message ids showing")
    func languages() async throws {
        try await Self.withNode { node in
            _ = try await node.request(.POST, "/api/v1/tickets", host: Self.host, headers: Self.bearer,
                                       json: #"{"subject":"환불 요청","body":"결제가 두 번 되었습니다"}"#)
            for (language, direction, heading) in [("ko", "ltr", "상담원 응답 대기"), ("ar", "rtl", "بانتظار الوكيل"), ("de", "ltr", "Wartet auf Agent")] {
                let browser = WebClient(node: node, host: Self.host, language: language)
                let login = try await browser.get("/agent/login")
                #expect(login.body.contains("<html lang=\"\(language)\" dir=\"\(direction)\">"))
                try await browser.signIn(email: "admin@web.example", password: "correct horse battery")
                let list = try await browser.get("/agent/tickets")
                #expect(list.body.contains(heading), "\(language)")
                let text = list.body.replacingOccurrences(of: #"<[^>]+>"#, with: " ", options: .regularExpression)
                #expect(text.range(of: #"\b(agent|web|ticket|error)\.[a-z_.]+\b"#, options: .regularExpression) == nil, "\(language): a raw key")
            }
        }
    }
}

/// A browser without JavaScript: cookies, forms and their tokens, redirects not followed.
final class WebClient: @unchecked Sendable {
    let node: TestNode
    let host: String
    let language: String
    var cookies: [String: String] = [:]

    init(node: TestNode, host: String, language: String = "en") {
        self.node = node
        self.host = host
        self.language = language
    }

    /// Redirects are answers the tests look at, not followed.
    static let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))

    var cookieHeader: String { cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }

    func get(_ path: String) async throws -> HTTPResult {
        try await send(.GET, path, body: nil, origin: nil)
    }

    func post(_ path: String, _ form: [String: String], origin: String? = nil) async throws -> HTTPResult {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let body = form.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
        return try await send(.POST, path, body: body, origin: origin ?? "http://\(host)")
    }

    /// Signs in through the form; throws unless the answer has `expecting`'s status (303: signed in).
    @discardableResult
    func signIn(email: String, password: String, expecting status: Int = 303) async throws -> HTTPResult {
        let form = try await get("/agent/login")
        let token = try #require(form.formToken)
        let result = try await post("/agent/login", ["_csrf": token, "email": email, "password": password])
        guard result.status == status else { throw TestFailure("sign-in gave \(result.status), not \(status): \(result.body.prefix(300))") }
        return result
    }

    private func send(_ method: HTTPMethod, _ path: String, body: String?, origin: String?) async throws -> HTTPResult {
        var headers = [("Accept-Language", language)]
        if !cookies.isEmpty { headers.append(("Cookie", cookieHeader)) }
        if body != nil {
            headers.append(("Content-Type", "application/x-www-form-urlencoded"))
            if let origin { headers.append(("Origin", origin)) }
        }
        let result = try await node.request(method, path, host: host, headers: headers, body: body, client: Self.client)
        for line in result.headers["Set-Cookie"] {
            let pair = line.split(separator: ";")[0].split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { continue }
            if pair[1].isEmpty { cookies[pair[0]] = nil } else { cookies[pair[0]] = pair[1] }
        }
        return result
    }
}

extension HTTPResult {
    /// The `_csrf` value of the page's first form.
    var formToken: String? { hiddenValue("_csrf") }

    func hiddenValue(_ name: String) -> String? {
        guard let match = body.range(of: #"name="\#(name)" value="[^"]*""#, options: .regularExpression) else { return nil }
        return body[match].split(separator: "\"").dropFirst(3).first.map(String.init)
    }
}

extension AgentWebTests {
    /// `text` inside a JSON string literal.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}

@Suite("Live updates")
struct LiveUpdateTests {
    static let host = "live.sb.test"

    @Test("a note on node A reaches the mentioned agent's page on node B, through Redis; strangers get no socket")
    func acrossNodes() async throws {
        let config = try await TestEnvironment.migratedDatabase()
        var manifest = Fixtures.manifest(slug: "live", key: Fixtures.adminKey)
        manifest.agents.append(.init(email: "kim@live.example", name: "Kim", password: "correct horse battery", permissions: [.read, .write], departments: ["Support"]))
        try await Fixtures.apply(manifest, config: config)
        try await TestNode.run(config) { a in
            try await TestNode.run(config) { b in
                let created = try await a.request(.POST, "/api/v1/tickets", host: Self.host, headers: AgentWebTests.bearer,
                                                  json: #"{"subject":"Live one","body":"first","department":"Support"}"#)
                let ref = try #require(created.json["ref"] as? Int)
                let kim = WebClient(node: b, host: Self.host)
                try await kim.signIn(email: "kim@live.example", password: "correct horse battery")
                let admin = WebClient(node: a, host: Self.host)
                try await admin.signIn(email: "admin@live.example", password: "correct horse battery")

                // No cookie, or a page of another site: no upgrade.
                try await LiveSession.open(port: b.port, host: Self.host, cookie: nil, origin: "http://\(Self.host)") { session in
                    try await eventually { session.status != nil }
                    #expect(session.status != 101)
                }
                try await LiveSession.open(port: b.port, host: Self.host, cookie: kim.cookieHeader, origin: "http://evil.example") { session in
                    try await eventually { session.status != nil }
                    #expect(session.status != 101)
                }

                try await LiveSession.open(port: b.port, host: Self.host, cookie: kim.cookieHeader, origin: "http://\(Self.host)") { session in
                    try await eventually { session.status == 101 }
                    let token = try #require(try await admin.get("/agent/tickets/\(ref)").formToken)
                    let note = try await admin.post("/agent/tickets/\(ref)/messages", ["_csrf": token, "kind": "note", "body": "@kim@live.example look"])
                    #expect(note.status == 303)
                    // Committed by now; the page hears of it as soon as Redis passes it on (the
                    // bound is generous because the whole suite shares two cores).
                    try await eventually(timeout: .seconds(5)) { session.messages.contains { $0.contains("\"notification\"") } }
                    let messages = session.messages
                    #expect(messages.contains(#"{"ref":"\#(ref)","type":"ticket"}"#))
                    #expect(messages.contains { $0.contains("You were mentioned on #\(ref): Live one") && $0.contains("/agent/tickets/\(ref)") })
                }
            }
        }
    }
}

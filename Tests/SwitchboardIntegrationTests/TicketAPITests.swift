import Foundation
import Testing
import SwitchboardApp

/// The first slice of the ticket core over HTTP: references per tenant, keyset pages,
/// optimistic concurrency, messages and the change log, and tenants kept apart.
@Suite("Tickets API")
struct TicketAPITests {
    static let admin = [("Authorization", "Bearer \(Fixtures.adminKey)")]
    static let beta = [("Authorization", "Bearer \(Fixtures.otherKey)")]

    static func withTenants<T: Sendable>(_ body: @escaping @Sendable (TestNode) async throws -> T) async throws -> T {
        let config = try await TestEnvironment.migratedDatabase()
        try await Fixtures.apply(Fixtures.manifest(slug: "alpha", key: Fixtures.adminKey), config: config)
        try await Fixtures.apply(Fixtures.manifest(slug: "beta", key: Fixtures.otherKey), config: config)
        return try await TestNode.run(config, body)
    }

    static func create(_ node: TestNode, _ subject: String, host: String = "alpha.sb.test", headers: [(String, String)] = admin) async throws -> HTTPResult {
        try await node.request(.POST, "/api/v1/tickets", host: host, headers: headers,
                               json: #"{"subject":"\#(subject)","body":"Hello","department":"Support","labels":["vip"]}"#)
    }

    @Test("tickets get per-tenant references and page by cursor without gaps or repeats")
    func createAndPage() async throws {
        try await Self.withTenants { node in
            var refs: [Int] = []
            for index in 1...7 {
                let created = try await Self.create(node, "Printer \(index) 프린터")
                #expect(created.status == 201, "\(created.body)")
                #expect(created.headers["ETag"].first == "\"1\"")
                refs.append(created.json["ref"] as? Int ?? 0)
            }
            #expect(refs == Array(1...7))
            let other = try await Self.create(node, "Other tenant's", host: "beta.sb.test", headers: Self.beta)
            #expect(other.json["ref"] as? Int == 1, "references count per tenant")

            var seen: [Int] = []
            var cursor: String?
            repeat {
                let path = "/api/v1/tickets?limit=3" + (cursor.map { "&cursor=\($0)" } ?? "")
                let page = try await node.request(.GET, path, host: "alpha.sb.test", headers: Self.admin)
                #expect(page.status == 200)
                seen += (page.json["tickets"] as? [[String: Any]] ?? []).compactMap { $0["ref"] as? Int }
                cursor = page.json["nextCursor"] as? String
            } while cursor != nil
            #expect(seen == Array((1...7).reversed()), "newest first, every ticket once")

            let filtered = try await node.request(.GET, "/api/v1/tickets?status=resolved", host: "alpha.sb.test", headers: Self.admin)
            #expect((filtered.json["tickets"] as? [[String: Any]])?.isEmpty == true)
            let badCursor = try await node.request(.GET, "/api/v1/tickets?cursor=!!", host: "alpha.sb.test", headers: Self.admin)
            #expect(badCursor.status == 400)
        }
    }

    @Test("a retried create with the same Idempotency-Key returns the first ticket instead of a second")
    func idempotentCreate() async throws {
        try await Self.withTenants { node in
            let body = #"{"subject":"Charged twice","body":"Please refund"}"#
            let headers = Self.admin + [("Idempotency-Key", "order-1234")]
            let first = try await node.request(.POST, "/api/v1/tickets", host: "alpha.sb.test", headers: headers, json: body)
            #expect(first.status == 201)
            let retry = try await node.request(.POST, "/api/v1/tickets", host: "alpha.sb.test", headers: headers, json: body)
            #expect(retry.status == 201)
            #expect(retry.headers["Idempotent-Replayed"].first == "true")
            #expect(retry.headers["ETag"].first == first.headers["ETag"].first, "the replay keeps the ETag")
            #expect(retry.json["ref"] as? Int == first.json["ref"] as? Int)
            let different = try await node.request(.POST, "/api/v1/tickets", host: "alpha.sb.test", headers: headers,
                                                   json: #"{"subject":"Something else","body":"x"}"#)
            #expect(different.status == 422)
            // The same key from another tenant's caller is a different key.
            let elsewhere = try await node.request(.POST, "/api/v1/tickets", host: "beta.sb.test",
                                                   headers: Self.beta + [("Idempotency-Key", "order-1234")], json: body)
            #expect(elsewhere.status == 201)
            #expect(elsewhere.headers["Idempotent-Replayed"].first == nil)

            // Concurrent retries: exactly one ticket.
            let racing = Self.admin + [("Idempotency-Key", "race-1")]
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<8 {
                    group.addTask { try await node.request(.POST, "/api/v1/tickets", host: "alpha.sb.test", headers: racing, json: body).status }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == 201 || $0 == 409 }, "\(statuses)")
            let list = try await node.request(.GET, "/api/v1/tickets", host: "alpha.sb.test", headers: Self.admin)
            #expect((list.json["tickets"] as? [[String: Any]])?.count == 2, "one for order-1234, one for race-1")
        }
    }

    @Test("an agent editing holds a lock: others see who and cannot change the ticket until it is released")
    func editLocks() async throws {
        let config = try await TestEnvironment.migratedDatabase()
        var manifest = Fixtures.manifest(slug: "alpha", key: Fixtures.adminKey)
        manifest.agents.append(.init(email: "writer@alpha.example", name: "Writer", password: nil, permissions: [.read, .write], departments: ["Support"]))
        let writerKey = "sbk_" + String(repeating: "w", count: 40)
        manifest.apiKeys.append(.init(name: "writer", agentEmail: "writer@alpha.example", permissions: [.read, .write], secret: writerKey))
        try await Fixtures.apply(manifest, config: config)
        try await TestNode.run(config) { node in
            let writer = [("Authorization", "Bearer \(writerKey)")]
            _ = try await Self.create(node, "Shared ticket")
            let taken = try await node.request(.POST, "/api/v1/tickets/1/lock", host: "alpha.sb.test", headers: Self.admin, json: "{}")
            #expect(taken.status == 200, "\(taken.body)")
            let fence = try #require(taken.json["fence"] as? Int)
            let admin = try #require(taken.json["holder"] as? Int)

            let refused = try await node.request(.POST, "/api/v1/tickets/1/lock", host: "alpha.sb.test", headers: writer, json: "{}")
            #expect(refused.status == 409)
            #expect(refused.json["detail"] as? String == "agent \(admin) is editing this ticket")
            let blocked = try await node.request(.PATCH, "/api/v1/tickets/1", host: "alpha.sb.test", headers: writer + [("If-Match", "\"1\"")],
                                                 json: #"{"status":"pending"}"#)
            #expect(blocked.status == 409)
            #expect(blocked.json["type"] as? String == "/problems/ticket-locked")
            let allowed = try await node.request(.PATCH, "/api/v1/tickets/1", host: "alpha.sb.test", headers: Self.admin + [("If-Match", "\"1\"")],
                                                 json: #"{"status":"pending"}"#)
            #expect(allowed.status == 200)

            let renewed = try await node.request(.POST, "/api/v1/tickets/1/lock", host: "alpha.sb.test", headers: Self.admin, json: "{}")
            #expect(renewed.json["fence"] as? Int == fence, "renewing keeps the fence")
            // Only the holder can release it.
            #expect(try await node.request(.DELETE, "/api/v1/tickets/1/lock", host: "alpha.sb.test", headers: writer).status == 204)
            #expect(try await node.request(.POST, "/api/v1/tickets/1/lock", host: "alpha.sb.test", headers: writer, json: "{}").status == 409)
            #expect(try await node.request(.DELETE, "/api/v1/tickets/1/lock", host: "alpha.sb.test", headers: Self.admin).status == 204)
            let next = try await node.request(.POST, "/api/v1/tickets/1/lock", host: "alpha.sb.test", headers: writer, json: "{}")
            #expect(next.status == 200)
            #expect((next.json["fence"] as? Int ?? 0) > fence)
            let missing = try await node.request(.POST, "/api/v1/tickets/99/lock", host: "alpha.sb.test", headers: writer, json: "{}")
            #expect(missing.status == 404)
        }
    }

    @Test("seeding fills a tenant with tickets in every status, continues the references, and touches no other tenant")
    func seed() async throws {
        let config = try await TestEnvironment.migratedDatabase()
        try await Fixtures.apply(Fixtures.manifest(slug: "alpha", key: Fixtures.adminKey), config: config)
        try await Fixtures.apply(Fixtures.manifest(slug: "beta", key: Fixtures.otherKey), config: config)
        #expect(try await Commands.seed(tenant: "alpha", tickets: 600, config: config) == 600)
        try await TestNode.run(config) { node in
            let next = try await Self.create(node, "After the seed")
            #expect(next.json["ref"] as? Int == 601)
            var statuses: Set<String> = []
            var cursor: String?
            var count = 0
            repeat {
                let page = try await node.request(.GET, "/api/v1/tickets?limit=200" + (cursor.map { "&cursor=\($0)" } ?? ""),
                                                  host: "alpha.sb.test", headers: Self.admin)
                let tickets = page.json["tickets"] as? [[String: Any]] ?? []
                count += tickets.count
                statuses.formUnion(tickets.compactMap { $0["status"] as? String })
                cursor = page.json["nextCursor"] as? String
            } while cursor != nil
            #expect(count == 601)
            #expect(statuses.count == 5)
            let other = try await node.request(.GET, "/api/v1/tickets", host: "beta.sb.test", headers: Self.beta)
            #expect((other.json["tickets"] as? [[String: Any]])?.isEmpty == true)
        }
        await #expect(throws: (any Error).self) { try await Commands.seed(tenant: "nobody", tickets: 1, config: config) }
    }

    @Test("changes need the current version; stale ones get 409 and every change is logged")
    func optimisticConcurrency() async throws {
        try await Self.withTenants { node in
            _ = try await Self.create(node, "Login fails")
            let unversioned = try await node.request(.PATCH, "/api/v1/tickets/1", host: "alpha.sb.test", headers: Self.admin,
                                                     json: #"{"status":"pending"}"#)
            #expect(unversioned.status == 428)
            let first = try await node.request(.PATCH, "/api/v1/tickets/1", host: "alpha.sb.test", headers: Self.admin + [("If-Match", "\"1\"")],
                                               json: #"{"status":"pending","urgency":7}"#)
            #expect(first.status == 200, "\(first.body)")
            #expect(first.headers["ETag"].first == "\"2\"")
            let stale = try await node.request(.PATCH, "/api/v1/tickets/1", host: "alpha.sb.test", headers: Self.admin + [("If-Match", "\"1\"")],
                                               json: #"{"status":"resolved"}"#)
            #expect(stale.status == 409)
            #expect(stale.headers["ETag"].first == "\"2\"")
            let invalid = try await node.request(.PATCH, "/api/v1/tickets/1", host: "alpha.sb.test", headers: Self.admin,
                                                 json: #"{"urgency":11,"version":2}"#)
            #expect(invalid.status == 422)

            let note = try await node.request(.POST, "/api/v1/tickets/1/messages", host: "alpha.sb.test", headers: Self.admin,
                                              json: #"{"kind":"note","body":"Checked the logs"}"#)
            #expect(note.status == 201)
            let detail = try await node.request(.GET, "/api/v1/tickets/1", host: "alpha.sb.test", headers: Self.admin)
            #expect((detail.json["messages"] as? [[String: Any]])?.map { $0["kind"] as? String } == ["reply", "note"])
            #expect(detail.headers["ETag"].first == "\"2\"")

            let log = try await node.request(.GET, "/api/v1/tickets/1/log", host: "alpha.sb.test", headers: Self.admin)
            let fields = (log.json["log"] as? [[String: Any]])?.compactMap { $0["field"] as? String }
            #expect(fields == ["created", "status", "urgency"])
            let status = (log.json["log"] as? [[String: Any]])?.first { $0["field"] as? String == "status" }
            #expect(status?["oldValue"] as? String == "awaiting_agent")
            #expect(status?["newValue"] as? String == "pending")
        }
    }

    @Test("another tenant's key sees, changes and answers none of these tickets; read-only keys cannot write")
    func isolationAndPermissions() async throws {
        try await Self.withTenants { node in
            _ = try await Self.create(node, "Private matter")
            let probes: [(HTTPMethodName, String, String?)] = [
                (.GET, "/api/v1/tickets/1", nil),
                (.GET, "/api/v1/tickets/1/log", nil),
                (.POST, "/api/v1/tickets/1/messages", #"{"body":"sneaky"}"#),
            ]
            for (method, path, json) in probes {
                let response = try await node.request(.init(rawValue: method.rawValue), path, host: "beta.sb.test", headers: Self.beta, json: json)
                #expect(response.status == 404, "\(method) \(path)")
                #expect(!response.body.contains("Private matter"))
            }
            let patch = try await node.request(.PATCH, "/api/v1/tickets/1", host: "beta.sb.test", headers: Self.beta + [("If-Match", "\"1\"")],
                                               json: #"{"subject":"hijacked"}"#)
            #expect(patch.status == 404)
            let list = try await node.request(.GET, "/api/v1/tickets", host: "beta.sb.test", headers: Self.beta)
            #expect((list.json["tickets"] as? [[String: Any]])?.isEmpty == true)
            let onAlpha = try await node.request(.GET, "/api/v1/tickets/1", host: "alpha.sb.test", headers: Self.admin)
            #expect((onAlpha.json["ticket"] as? [String: Any])?["subject"] as? String == "Private matter")

            // A read-only key of alpha's reader.
            let key = try await node.request(.POST, "/api/v1/api-keys", host: "alpha.sb.test", headers: Self.admin,
                                             json: #"{"name":"reader","scopes":["read"]}"#)
            let reader = [("Authorization", "Bearer \(key.json["key"] as? String ?? "")")]
            #expect(try await Self.create(node, "Nope", headers: reader).status == 403)
            #expect(try await node.request(.GET, "/api/v1/tickets/1", host: "alpha.sb.test", headers: reader).status == 200)

            let invalid = try await node.request(.POST, "/api/v1/tickets", host: "alpha.sb.test", headers: Self.admin,
                                                 json: #"{"subject":"","body":"","department":"Nowhere"}"#)
            #expect(invalid.status == 422)
            let unknownDepartment = try await node.request(.POST, "/api/v1/tickets", host: "alpha.sb.test", headers: Self.admin,
                                                           json: #"{"subject":"Fine","body":"Fine","department":"Nowhere"}"#)
            #expect(unknownDepartment.status == 422)
            #expect(unknownDepartment.body.contains("department"))
            let all = try await node.request(.GET, "/api/v1/tickets", host: "alpha.sb.test", headers: Self.admin)
            #expect((all.json["tickets"] as? [[String: Any]])?.count == 1, "the refused ticket was not stored")
        }
    }

    @Test("search finds tickets by words of subjects and messages in Korean, Japanese and English, with filters, per tenant")
    func search() async throws {
        try await Self.withTenants { node in
            let host = "alpha.sb.test"
            func create(_ subject: String, _ body: String) async throws -> Int {
                let created = try await node.request(.POST, "/api/v1/tickets", host: host, headers: Self.admin,
                                                     json: #"{"subject":"\#(subject)","body":"\#(body)"}"#)
                #expect(created.status == 201, "\(created.body)")
                return created.json["ref"] as? Int ?? 0
            }
            func search(_ query: String, _ extra: String = "", host: String = "alpha.sb.test", headers: [(String, String)] = Self.admin) async throws -> [Int] {
                let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                let page = try await node.request(.GET, "/api/v1/tickets?q=\(encoded)\(extra)", host: host, headers: headers)
                #expect(page.status == 200, "\(page.body)")
                return (page.json["tickets"] as? [[String: Any]] ?? []).compactMap { $0["ref"] as? Int }
            }
            let korean = try await create("비밀번호를 재설정할 수 없습니다", "로그인이 안 됩니다")
            let japanese = try await create("請求書の住所を変更したい", "東京都に引っ越しました")
            let english = try await create("Invoice shows the wrong VAT number", "Please correct the invoices")
            #expect(try await search("비밀번호") == [korean], "a Korean word finds the word with its particle")
            #expect(try await search("로그인이") == [korean], "message words are searched too")
            #expect(try await search("東京") == [japanese], "Japanese words are found without spaces")
            #expect(try await search("請求書") == [japanese])
            #expect(try await search("invoice VAT") == [english])
            #expect(try await search("INVOICES") == [english])
            #expect(try await search("invoice printer").isEmpty, "every word must match")
            #expect(try await search("!!!").isEmpty)
            // A reply adds its words; a new subject adds its words.
            #expect(try await node.request(.POST, "/api/v1/tickets/\(english)/messages", host: host, headers: Self.admin,
                                           json: #"{"body":"Refund processed"}"#).status == 201)
            #expect(try await search("refund") == [english])
            #expect(try await node.request(.PATCH, "/api/v1/tickets/\(korean)", host: host, headers: Self.admin,
                                           json: #"{"subject":"계정 잠김","version":1}"#).status == 200)
            #expect(try await search("계정") == [korean])
            // Filters combine with search.
            #expect(try await search("invoice", "&status=resolved").isEmpty)
            #expect(try await search("invoice", "&status=awaiting_agent") == [english])
            #expect(try await search("invoice", "&created_after=2000-01-01T00:00:00Z") == [english])
            #expect(try await search("invoice", "&created_before=2000-01-01T00:00:00Z").isEmpty)
            let badDate = try await node.request(.GET, "/api/v1/tickets?created_after=yesterday", host: host, headers: Self.admin)
            #expect(badDate.status == 400)
            // Another tenant's search sees none of it, and its own words stay its own.
            #expect(try await search("invoice", host: "beta.sb.test", headers: Self.beta).isEmpty)
            let betaRef = try await node.request(.POST, "/api/v1/tickets", host: "beta.sb.test", headers: Self.beta,
                                                 json: #"{"subject":"Invoice it's wrong","body":"back\\slash"}"#).json["ref"] as? Int
            #expect(try await search("invoice", host: "beta.sb.test", headers: Self.beta) == [betaRef ?? -1])
            #expect(try await search("invoice") == [english])
            #expect(try await search("it's", host: "beta.sb.test", headers: Self.beta) == [betaRef ?? -1])
        }
    }

    @Test("a ticket is opened for a customer by id or by address, creating the person once")
    func requester() async throws {
        try await Self.withTenants { node in
            func create(_ extra: String) async throws -> HTTPResult {
                try await node.request(.POST, "/api/v1/tickets", host: "alpha.sb.test", headers: Self.admin,
                                       json: #"{"subject":"Hello","body":"Help",\#(extra)}"#)
            }
            let first = try await create(#""requester":{"email":"Kim@Customer.example","name":"김민지"}"#)
            #expect(first.status == 201, "\(first.body)")
            let personID = try #require(first.json["personID"] as? Int)
            let second = try await create(#""requester":{"email":"kim@customer.example"}"#)
            #expect(second.json["personID"] as? Int == personID, "the same address is the same person")
            let third = try await create(#""person":\#(personID)"#)
            #expect(third.json["personID"] as? Int == personID)
            let person = try await node.request(.GET, "/api/v1/people/\(personID)", host: "alpha.sb.test", headers: Self.admin)
            #expect(person.json["name"] as? String == "김민지")
            let history = try await node.request(.GET, "/api/v1/people/\(personID)/tickets", host: "alpha.sb.test", headers: Self.admin)
            #expect((history.json["tickets"] as? [[String: Any]])?.count == 3)
            #expect(try await create(#""requester":{"email":"not an address"}"#).status == 422)
            #expect(try await create(#""person":999999"#).status == 422)
        }
    }
}

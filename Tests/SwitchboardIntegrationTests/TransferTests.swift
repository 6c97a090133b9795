import Foundation
import Testing
import SwitchboardApp

/// Export and import: a tenant's records as newline-delimited JSON, read back into another
/// tenant intact, with bad lines reported one by one and nothing else lost.
@Suite("Import and export")
struct TransferTests {
    static let alpha = "alpha.sb.test"
    static let beta = "beta.sb.test"
    static let admin = PermissionProbeTests.admin

    static func lines(_ body: String) -> [[String: Any]] {
        body.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// Tickets as an export shows them, without what an import renumbers.
    static func tickets(_ records: [[String: Any]]) -> [String] {
        records.filter { $0["type"] as? String == "ticket" }.map { record in
            var record = record
            record["ref"] = nil
            let data = try? JSONSerialization.data(withJSONObject: record, options: [.sortedKeys])
            return String(decoding: data ?? Data(), as: UTF8.self)
        }.sorted()
    }

    @Test("an export read into another tenant gives back the same tickets, people and settings")
    func roundTrip() async throws {
        try await PermissionProbeTests.withTenants { node in
            func post(_ path: String, _ json: String) async throws -> HTTPResult {
                let result = try await node.request(.POST, path, host: Self.alpha, headers: Self.admin, json: json)
                #expect((200..<300).contains(result.status), "\(path): \(result.body)")
                return result
            }
            _ = try await post("/api/v1/departments", #"{"name":"Billing"}"#)
            let substatus = try await post("/api/v1/statuses", #"{"status":"pending","name":"Waiting for parts"}"#)
            _ = try await post("/api/v1/custom-fields", #"{"entity":"ticket","key":"plan","label":"Plan","kind":"choice","choices":["free","pro"]}"#)
            _ = try await post("/api/v1/custom-fields", #"{"entity":"person","key":"tier","label":"Tier","kind":"text"}"#)
            let agent = try await post("/api/v1/agents", #"{"email":"mina@alpha.example","name":"민아","scopes":["read","write"]}"#)
            let agentID = try #require(agent.json["id"] as? Int)
            #expect(try await node.request(.PUT, "/api/v1/agents/\(agentID)/departments", host: Self.alpha, headers: Self.admin,
                                           json: #"{"departments":{"Billing":"full"}}"#).status == 200)
            let team = try await post("/api/v1/teams", #"{"name":"Tier 2","members":[\#(agentID)]}"#)
            _ = try await post("/api/v1/organisations", #"{"name":"Acme","fields":{}}"#)
            let person = try await post("/api/v1/people", #"{"name":"Kim","emails":["kim@acme.example"],"fields":{"tier":"gold"}}"#)
            _ = try await node.request(.PUT, "/api/v1/people/\(person.json["id"] as? Int ?? 0)/organisations", host: Self.alpha, headers: Self.admin,
                                       json: #"{"organisations":[],"primary":null}"#)
            let first = try await post("/api/v1/tickets", #"{"subject":"비밀번호를 잊어버렸어요","body":"로그인이 안 됩니다","department":"Billing","person":\#(person.json["id"] as? Int ?? 0),"labels":["login"],"fields":{"plan":"pro"}}"#)
            let ref = try #require(first.json["ref"] as? Int)
            _ = try await post("/api/v1/tickets/\(ref)/messages", #"{"kind":"note","body":"Reset sent"}"#)
            let version = first.json["version"] as? Int ?? 1
            let changed = try await node.request(.PATCH, "/api/v1/tickets/\(ref)", host: Self.alpha, headers: Self.admin + [("If-Match", "\"\(version)\"")],
                                                 json: #"{"status":"pending","substatus":\#(substatus.json["id"] as? Int ?? 0),"team":\#(team.json["id"] as? Int ?? 0),"agent":\#(agentID)}"#)
            #expect(changed.status == 200, "\(changed.body)")
            for index in 0..<3 { _ = try await post("/api/v1/tickets", #"{"subject":"Printer \#(index)","body":"Jammed again"}"#) }

            let exported = try await node.request(.GET, "/api/v1/export", host: Self.alpha, headers: Self.admin)
            #expect(exported.status == 200)
            #expect(exported.headers["Content-Type"].first?.hasPrefix("application/x-ndjson") == true)
            let records = Self.lines(exported.body)
            #expect(records.last?["type"] as? String == "end")
            #expect(records.last?["records"] as? Int == records.count - 1)
            let types = records.compactMap { $0["type"] as? String }
            // What tickets refer to comes before them.
            #expect(types.firstIndex(of: "ticket")! > types.lastIndex(of: "person")!)
            #expect(types.firstIndex(of: "person")! > types.lastIndex(of: "team")!)
            #expect(Self.tickets(records).count == 4)

            // Another tenant takes it in whole; a second time adds the tickets again but
            // nothing else.
            let imported = try await node.request(.POST, "/api/v1/import", host: Self.beta, headers: PermissionProbeTests.beta, json: exported.body)
            #expect(imported.status == 200, "\(imported.body)")
            #expect(imported.json["failed"] as? Int == 0, "\(imported.body)")
            let back = try await node.request(.GET, "/api/v1/export", host: Self.beta, headers: PermissionProbeTests.beta)
            let backRecords = Self.lines(back.body)
            #expect(Self.tickets(backRecords) == Self.tickets(records))
            let person2 = backRecords.first { $0["type"] as? String == "person" }
            #expect(person2?["emails"] as? [String] == ["kim@acme.example"])
            #expect((person2?["fields"] as? [String: Any])?["tier"] as? String == "gold")
            let search = try await node.request(.GET, "/api/v1/tickets?q=비밀번호", host: Self.beta, headers: PermissionProbeTests.beta)
            #expect((search.json["tickets"] as? [[String: Any]])?.count == 1, "\(search.body)")
            let again = try await node.request(.POST, "/api/v1/import", host: Self.beta, headers: PermissionProbeTests.beta, json: exported.body)
            #expect(again.json["created"] as? Int == 4, "\(again.body)")

            // Administrators only.
            #expect(try await node.request(.GET, "/api/v1/export", host: Self.alpha, headers: PermissionProbeTests.limited).status == 403)
            #expect(try await node.request(.POST, "/api/v1/import", host: Self.alpha, headers: PermissionProbeTests.limited, json: "{}").status == 403)
        }
    }

    @Test("bad lines are reported by number and field, store nothing, and stop nothing after them")
    func badLines() async throws {
        try await PermissionProbeTests.withTenants { node in
            let file = [
                #"{"type":"person","name":"Ann","emails":["ann@example.com"]}"#,
                #"{"type":"ticket","subject":"Broken"#,
                #"{"type":"spaceship","name":"x"}"#,
                "",
                #"{"type":"ticket","subject":"Nowhere","department":"Atlantis","messages":[{"body":"hi"}]}"#,
                #"{"type":"ticket","messages":[{"body":"no subject"}]}"#,
                #"{"type":"ticket","subject":"Empty","messages":[]}"#,
                #"{"type":"ticket","subject":"Hello","person":"ann@example.com","createdAt":"2024-03-01T09:30:00Z","messages":[{"body":"first"},{"kind":"note","body":"second","agent":"admin@alpha.example","createdAt":"2024-03-02T10:00:00.123456Z"}]}"#,
            ].joined(separator: "\n")
            let result = try await node.request(.POST, "/api/v1/import", host: Self.alpha, headers: Self.admin, json: file)
            #expect(result.status == 200, "\(result.body)")
            #expect(result.json["created"] as? Int == 2)
            #expect(result.json["failed"] as? Int == 5)
            let failures = try #require(result.json["failures"] as? [[String: Any]])
            #expect(failures.compactMap { $0["line"] as? Int } == [2, 3, 5, 6, 7])
            let fields = failures.map { ($0["errors"] as? [[String: Any]])?.first?["field"] as? String }
            #expect(fields[1] == "type")
            #expect(fields[2] == "department")
            #expect(fields[3] == "subject")
            #expect(fields[4] == "messages")

            let list = try await node.request(.GET, "/api/v1/tickets", host: Self.alpha, headers: Self.admin)
            let tickets = try #require(list.json["tickets"] as? [[String: Any]])
            #expect(tickets.compactMap { $0["subject"] as? String } == ["Hello"])
            let ref = try #require(tickets.first?["ref"] as? Int)
            let detail = try await node.request(.GET, "/api/v1/tickets/\(ref)", host: Self.alpha, headers: Self.admin)
            let ticket = try #require(detail.json["ticket"] as? [String: Any])
            #expect(ticket["createdAt"] as? String == "2024-03-01T09:30:00Z")
            let messages = try #require(detail.json["messages"] as? [[String: Any]])
            #expect(messages.map { $0["kind"] as? String } == ["reply", "note"])
            #expect(messages.first?["authorPersonID"] as? Int == ticket["personID"] as? Int)
            #expect(messages.last?["authorAgentID"] != nil)
            let log = try await node.request(.GET, "/api/v1/tickets/\(ref)/log", host: Self.alpha, headers: Self.admin)
            #expect(log.body.contains(#""field":"imported""#))
            // A file with no records at all is refused as a whole.
            #expect(try await node.request(.POST, "/api/v1/import", host: Self.alpha, headers: Self.admin, json: "\n \n").status == 422)
        }
    }
}

import Foundation
import Testing
import SwitchboardApp

/// Merging and splitting with history kept, and problems that group tickets and change together.
@Suite("Merge, split and problems")
struct TicketMergeTests {
    static let host = "alpha.sb.test"
    static let admin = PermissionProbeTests.admin
    static let limited = PermissionProbeTests.limited

    static func create(_ node: TestNode, _ subject: String, _ department: String = "Support", labels: String = "[]") async throws -> Int {
        let created = try await node.request(.POST, "/api/v1/tickets", host: host, headers: admin,
                                             json: #"{"subject":"\#(subject)","body":"\#(subject) first","department":"\#(department)","labels":\#(labels)}"#)
        return created.json["ref"] as? Int ?? 0
    }

    static func get(_ node: TestNode, _ ref: Int) async throws -> [String: Any] {
        try await node.request(.GET, "/api/v1/tickets/\(ref)", host: host, headers: admin).json
    }

    @Test("a merge moves messages, labels and search words, closes the source and logs both")
    func merge() async throws {
        try await PermissionProbeTests.withTenants { node in
            let target = try await Self.create(node, "Printer broken", labels: #"["a"]"#)
            let source = try await Self.create(node, "Scanner broken too", labels: #"["b"]"#)
            let hidden = try await Self.create(node, "Salary", "Restricted")
            let merged = try await node.request(.POST, "/api/v1/tickets/\(target)/merge", host: Self.host, headers: Self.limited,
                                                json: #"{"from":\#(source)}"#)
            #expect(merged.status == 200, "\(merged.body)")
            #expect(merged.json["labels"] as? [String] == ["a", "b"])
            let detail = try await Self.get(node, target)
            #expect((detail["messages"] as? [[String: Any]])?.count == 2)
            let old = try await Self.get(node, source)
            #expect((old["ticket"] as? [String: Any])?["status"] as? String == "closed")
            #expect((old["ticket"] as? [String: Any])?["mergedIntoID"] as? Int != nil)
            let search = try await node.request(.GET, "/api/v1/tickets?q=scanner&status=awaiting_agent", host: Self.host, headers: Self.admin)
            #expect((search.json["tickets"] as? [[String: Any]])?.compactMap { $0["ref"] as? Int } == [target])
            let log = try await node.request(.GET, "/api/v1/tickets/\(source)/log", host: Self.host, headers: Self.admin)
            #expect(log.body.contains("merged into"))
            // Not twice, not into itself, not across a department the agent cannot see.
            #expect(try await node.request(.POST, "/api/v1/tickets/\(target)/merge", host: Self.host, headers: Self.admin,
                                           json: #"{"from":\#(source)}"#).status == 422)
            #expect(try await node.request(.POST, "/api/v1/tickets/\(target)/merge", host: Self.host, headers: Self.admin,
                                           json: #"{"from":\#(target)}"#).status == 422)
            #expect(try await node.request(.POST, "/api/v1/tickets/\(target)/merge", host: Self.host, headers: Self.limited,
                                           json: #"{"from":\#(hidden)}"#).status == 404)
        }
    }

    @Test("a split opens a new ticket with the chosen messages, and both logs say so")
    func split() async throws {
        try await PermissionProbeTests.withTenants { node in
            let ref = try await Self.create(node, "Two issues")
            let second = try await node.request(.POST, "/api/v1/tickets/\(ref)/messages", host: Self.host, headers: Self.admin,
                                                json: #"{"body":"Also my keyboard is dead"}"#)
            let messageID = try #require(second.json["id"] as? Int)
            let split = try await node.request(.POST, "/api/v1/tickets/\(ref)/split", host: Self.host, headers: Self.limited,
                                               json: #"{"messages":[\#(messageID)],"subject":"Keyboard dead"}"#)
            #expect(split.status == 201, "\(split.body)")
            let newRef = try #require(split.json["ref"] as? Int)
            #expect((try await Self.get(node, newRef)["messages"] as? [[String: Any]])?.count == 1)
            #expect((try await Self.get(node, ref)["messages"] as? [[String: Any]])?.count == 1)
            let search = try await node.request(.GET, "/api/v1/tickets?q=keyboard", host: Self.host, headers: Self.admin)
            #expect((search.json["tickets"] as? [[String: Any]])?.compactMap { $0["ref"] as? Int }.contains(newRef) == true)
            // Every message cannot go; messages of other tickets cannot be taken.
            let firstID = try #require(((try await Self.get(node, ref))["messages"] as? [[String: Any]])?.first?["id"] as? Int)
            #expect(try await node.request(.POST, "/api/v1/tickets/\(ref)/split", host: Self.host, headers: Self.admin,
                                           json: #"{"messages":[\#(firstID)],"subject":"All"}"#).status == 422)
            #expect(try await node.request(.POST, "/api/v1/tickets/\(ref)/split", host: Self.host, headers: Self.admin,
                                           json: #"{"messages":[\#(messageID)],"subject":"Not mine"}"#).status == 422)
        }
    }

    @Test("a problem groups tickets, shows only those the agent may see, and changes them all at once")
    func problems() async throws {
        try await PermissionProbeTests.withTenants { node in
            let a = try await Self.create(node, "VPN down")
            let b = try await Self.create(node, "VPN down here too")
            let hidden = try await Self.create(node, "VPN down for payroll", "Restricted")
            let created = try await node.request(.POST, "/api/v1/problems", host: Self.host, headers: Self.admin,
                                                 json: #"{"title":"VPN outage","refs":[\#(a),\#(hidden)]}"#)
            #expect(created.status == 201, "\(created.body)")
            let id = try #require(created.json["id"] as? Int)
            #expect(try await node.request(.PUT, "/api/v1/tickets/\(b)/problem", host: Self.host, headers: Self.limited,
                                           json: #"{"problem":\#(id)}"#).status == 204)
            let seen = try await node.request(.GET, "/api/v1/problems/\(id)", host: Self.host, headers: Self.limited)
            #expect(seen.json["tickets"] as? [Int] == [a, b])
            let resolved = try await node.request(.POST, "/api/v1/tickets/bulk", host: Self.host, headers: Self.admin,
                                                  json: #"{"criteria":{"problem":\#(id)},"change":{"status":"resolved"}}"#)
            #expect(resolved.json["updated"] as? Int == 3, "\(resolved.body)")
            #expect(try await node.request(.PUT, "/api/v1/tickets/\(b)/problem", host: Self.host, headers: Self.limited,
                                           json: #"{"problem":999999}"#).status == 422)
            #expect(try await node.request(.GET, "/api/v1/problems/\(id)", host: "beta.sb.test", headers: PermissionProbeTests.beta).status == 404)
        }
    }
}

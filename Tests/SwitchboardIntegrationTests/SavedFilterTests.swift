import Foundation
import Testing
import SwitchboardApp

/// Saved filters and queues: own and shared filters, their tickets, and live counts that follow
/// every create, status change and department move within the agent's access.
@Suite("Saved filters and queues")
struct SavedFilterTests {
    static let admin = PermissionProbeTests.admin
    static let limited = PermissionProbeTests.limited

    static func counts(_ node: TestNode, headers: [(String, String)] = admin) async throws -> (statuses: [String: Int], filters: [String: Int]) {
        let queues = try await node.request(.GET, "/api/v1/queues", host: "alpha.sb.test", headers: headers)
        #expect(queues.status == 200, "\(queues.body)")
        var statuses: [String: Int] = [:]
        for entry in queues.json["statuses"] as? [[String: Any]] ?? [] {
            statuses[entry["status"] as? String ?? ""] = entry["count"] as? Int
        }
        var filters: [String: Int] = [:]
        for entry in queues.json["savedFilters"] as? [[String: Any]] ?? [] {
            filters[entry["name"] as? String ?? ""] = entry["count"] as? Int
        }
        return (statuses, filters)
    }

    @Test("queues count per status and per saved filter, live, within department access")
    func liveCounts() async throws {
        try await PermissionProbeTests.withTenants { node in
            let host = "alpha.sb.test"
            func create(_ subject: String, _ department: String) async throws -> Int {
                let created = try await node.request(.POST, "/api/v1/tickets", host: host, headers: Self.admin,
                                                     json: #"{"subject":"\#(subject)","body":"text","department":"\#(department)"}"#)
                #expect(created.status == 201)
                return created.json["ref"] as? Int ?? 0
            }
            let printer = try await create("Printer jammed", "Support")
            _ = try await create("Printer offline", "Support")
            _ = try await create("Salary printer", "Restricted")

            let shared = try await node.request(.POST, "/api/v1/saved-filters", host: host, headers: Self.admin,
                                                json: #"{"name":"Printers","shared":true,"criteria":{"q":"printer"}}"#)
            #expect(shared.status == 201, "\(shared.body)")
            let mine = try await node.request(.POST, "/api/v1/saved-filters", host: host, headers: Self.limited,
                                              json: #"{"name":"Support pending","criteria":{"department":"Support","status":"pending"}}"#)
            #expect(mine.status == 201, "\(mine.body)")
            // Sharing is for administrators.
            #expect(try await node.request(.POST, "/api/v1/saved-filters", host: host, headers: Self.limited,
                                           json: #"{"name":"x","shared":true,"criteria":{}}"#).status == 403)
            let invalid = try await node.request(.POST, "/api/v1/saved-filters", host: host, headers: Self.limited,
                                                 json: #"{"name":"","criteria":{"status":"lost"}}"#)
            #expect(invalid.status == 400 || invalid.status == 422)

            var admin = try await Self.counts(node)
            #expect(admin.statuses["awaiting_agent"] == 3)
            #expect(admin.filters == ["Printers": 3], "the admin sees shared filters, not others' own")
            var limited = try await Self.counts(node, headers: Self.limited)
            #expect(limited.statuses["awaiting_agent"] == 2, "the Restricted ticket is not counted for an agent without access")
            #expect(limited.filters == ["Printers": 2, "Support pending": 0])

            // A status change moves the counts at once.
            #expect(try await node.request(.PATCH, "/api/v1/tickets/\(printer)", host: host, headers: Self.admin,
                                           json: #"{"status":"pending","version":1}"#).status == 200)
            limited = try await Self.counts(node, headers: Self.limited)
            #expect(limited.statuses["awaiting_agent"] == 1)
            #expect(limited.statuses["pending"] == 1)
            #expect(limited.filters["Support pending"] == 1)
            // So does a move to a department the agent cannot see.
            #expect(try await node.request(.PATCH, "/api/v1/tickets/\(printer)", host: host, headers: Self.admin,
                                           json: #"{"department":"Restricted","version":2}"#).status == 200)
            limited = try await Self.counts(node, headers: Self.limited)
            #expect(limited.statuses["pending"] == 0)
            admin = try await Self.counts(node)
            #expect(admin.statuses["pending"] == 1)

            // A saved filter's tickets page like the list.
            let id = try #require(shared.json["id"] as? Int)
            let page = try await node.request(.GET, "/api/v1/saved-filters/\(id)/tickets?limit=2", host: host, headers: Self.limited)
            #expect((page.json["tickets"] as? [[String: Any]])?.count == 1, "\(page.body)")
            // Own filters are private; shared ones are changed by administrators only.
            let mineID = try #require(mine.json["id"] as? Int)
            #expect(try await node.request(.GET, "/api/v1/saved-filters/\(mineID)", host: host, headers: Self.admin).status == 404)
            #expect(try await node.request(.DELETE, "/api/v1/saved-filters/\(id)", host: host, headers: Self.limited).status == 403)
            let renamed = try await node.request(.PUT, "/api/v1/saved-filters/\(mineID)", host: host, headers: Self.limited,
                                                 json: #"{"name":"Pending","criteria":{"status":"pending"}}"#)
            #expect(renamed.status == 200)
            #expect(try await node.request(.DELETE, "/api/v1/saved-filters/\(mineID)", host: host, headers: Self.limited).status == 204)
            let list = try await node.request(.GET, "/api/v1/saved-filters", host: host, headers: Self.limited)
            #expect((list.json["savedFilters"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["Printers"])
        }
    }
}

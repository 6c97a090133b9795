import Foundation
import Testing
import SwitchboardApp

/// Mass actions: one change to a selection or a filter, in one transaction, each ticket checked
/// and reported on its own.
@Suite("Ticket mass actions")
struct TicketBulkTests {
    static let admin = PermissionProbeTests.admin
    static let viewer = PermissionProbeTests.viewer

    @Test("a change to a selection reports per ticket: updated, unchanged, forbidden, locked, not found")
    func selection() async throws {
        try await PermissionProbeTests.withTenants { node in
            let host = "alpha.sb.test"
            func create(_ subject: String, _ department: String) async throws -> Int {
                let created = try await node.request(.POST, "/api/v1/tickets", host: host, headers: Self.admin,
                                                     json: #"{"subject":"\#(subject)","body":"text","department":"\#(department)","labels":["old"]}"#)
                return created.json["ref"] as? Int ?? 0
            }
            let a = try await create("First", "Support")
            let b = try await create("Second", "Support")
            let restricted = try await create("Third", "Restricted")
            let locked = try await create("Fourth", "Support")
            #expect(try await node.request(.POST, "/api/v1/tickets/\(locked)/lock", host: host, headers: Self.admin).status == 200)
            // b already has the status.
            #expect(try await node.request(.PATCH, "/api/v1/tickets/\(b)", host: host, headers: Self.admin,
                                           json: #"{"status":"pending","version":1}"#).status == 200)

            let body = #"{"refs":[\#(a),\#(b),\#(restricted),\#(locked),999,\#(a)],"change":{"status":"pending"}}"#
            let result = try await node.request(.POST, "/api/v1/tickets/bulk", host: host, headers: Self.viewer, json: body)
            #expect(result.status == 200, "\(result.body)")
            let outcomes = (result.json["results"] as? [[String: Any]] ?? []).map { "\($0["ref"] as? Int ?? 0):\($0["outcome"] as? String ?? "")" }
            #expect(outcomes == ["\(a):updated", "\(b):unchanged", "\(restricted):forbidden", "\(locked):locked", "999:not_found"])
            #expect(result.json["updated"] as? Int == 1)
            // The change is logged like any other.
            let log = try await node.request(.GET, "/api/v1/tickets/\(a)/log", host: host, headers: Self.admin)
            #expect(log.body.contains(#""field":"status""#))
        }
    }

    @Test("a change to every ticket a filter selects, labels added and removed, within access")
    func byCriteria() async throws {
        try await PermissionProbeTests.withTenants { node in
            let host = "alpha.sb.test"
            for subject in ["Printer one", "Printer two", "Scanner"] {
                _ = try await node.request(.POST, "/api/v1/tickets", host: host, headers: Self.admin,
                                           json: #"{"subject":"\#(subject)","body":"text","department":"Support","labels":["old"]}"#)
            }
            _ = try await node.request(.POST, "/api/v1/tickets", host: host, headers: Self.admin,
                                       json: #"{"subject":"Printer secret","body":"text","department":"Restricted"}"#)
            let result = try await node.request(.POST, "/api/v1/tickets/bulk", host: host, headers: PermissionProbeTests.limited,
                                                json: #"{"criteria":{"q":"printer"},"change":{"addLabels":["hardware"],"removeLabels":["old"],"priority":"high"}}"#)
            #expect(result.status == 200, "\(result.body)")
            #expect(result.json["updated"] as? Int == 2, "only the two printers the agent may see")
            let list = try await node.request(.GET, "/api/v1/tickets?q=printer", host: host, headers: PermissionProbeTests.limited)
            for ticket in list.json["tickets"] as? [[String: Any]] ?? [] {
                #expect(ticket["labels"] as? [String] == ["hardware"])
                #expect(ticket["priority"] as? String == "high")
            }
            // Nothing to change, both selections, or neither: refused whole.
            for bad in [#"{"refs":[1],"change":{}}"#, #"{"refs":[1],"criteria":{},"change":{"status":"closed"}}"#,
                        #"{"change":{"status":"closed"}}"#, #"{"refs":[],"change":{"status":"closed"}}"#,
                        #"{"refs":[1],"change":{"department":"Nowhere"}}"#] {
                #expect(try await node.request(.POST, "/api/v1/tickets/bulk", host: host, headers: Self.admin, json: bad).status == 422, "\(bad)")
            }
        }
    }
}

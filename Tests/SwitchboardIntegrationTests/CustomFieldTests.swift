import Foundation
import Testing
import SwitchboardApp

/// Custom fields: definitions, validation that names the field, required fields per
/// department, changes logged, list filters, and many fields at once.
@Suite("Custom fields")
struct CustomFieldTests {
    static let host = "alpha.sb.test"
    static let admin = PermissionProbeTests.admin

    static func define(_ node: TestNode, _ json: String, headers: [(String, String)] = admin) async throws -> HTTPResult {
        try await node.request(.POST, "/api/v1/custom-fields", host: host, headers: headers, json: json)
    }

    @Test("values are checked per kind, required per department, logged, and filter lists")
    func ticketFields() async throws {
        try await PermissionProbeTests.withTenants { node in
            for json in [
                #"{"entity":"ticket","key":"order_number","label":"Order","kind":"text","required":true,"pattern":"[A-Z]{2}-[0-9]{4}","departments":["Support"]}"#,
                #"{"entity":"ticket","key":"plan","label":"Plan","kind":"choice","choices":["free","pro"]}"#,
                #"{"entity":"ticket","key":"tags","label":"Tags","kind":"multi_choice","choices":["a","b","c"]}"#,
                #"{"entity":"ticket","key":"seats","label":"Seats","kind":"number"}"#,
                #"{"entity":"ticket","key":"renewal","label":"Renewal","kind":"date"}"#,
                #"{"entity":"ticket","key":"vip","label":"VIP","kind":"checkbox"}"#,
                #"{"entity":"ticket","key":"internal","label":"Internal","kind":"multiline","agentOnly":true}"#,
            ] {
                let defined = try await Self.define(node, json)
                #expect(defined.status == 201, "\(defined.body)")
            }
            // Definitions are checked and belong to administrators.
            #expect(try await Self.define(node, #"{"entity":"ticket","key":"x","label":"X","kind":"text"}"#, headers: PermissionProbeTests.limited).status == 403)
            for bad in [#"{"entity":"ticket","key":"Bad Key","label":"X","kind":"text"}"#,
                        #"{"entity":"ticket","key":"c","label":"X","kind":"choice"}"#,
                        #"{"entity":"ticket","key":"r","label":"X","kind":"text","pattern":"(["}"#,
                        #"{"entity":"ticket","key":"plan","label":"Again","kind":"text"}"#,
                        #"{"entity":"person","key":"p","label":"X","kind":"text","departments":["Support"]}"#] {
                #expect(try await Self.define(node, bad).status == 422, "\(bad)")
            }

            func create(_ department: String, _ fields: String) async throws -> HTTPResult {
                try await node.request(.POST, "/api/v1/tickets", host: Self.host, headers: Self.admin,
                                       json: #"{"subject":"Upgrade","body":"text","department":"\#(department)","fields":\#(fields)}"#)
            }
            let missing = try await create("Support", "{}")
            #expect(missing.status == 422)
            #expect(missing.body.contains("fields.order_number"))
            let wrong = try await create("Support", #"{"order_number":"12345","plan":"gold","seats":"many","renewal":"2026-02-30","vip":"yes","nope":1}"#)
            #expect(wrong.status == 422)
            for key in ["order_number", "plan", "seats", "renewal", "vip", "nope"] { #expect(wrong.body.contains("fields.\(key)"), "\(key)") }
            // Not required outside its department.
            #expect(try await create("Restricted", #"{"plan":"free"}"#).status == 201)

            let created = try await create("Support", #"{"order_number":"AB-1234","plan":"pro","tags":["a","c","a"],"seats":5,"renewal":"2027-01-31","vip":true}"#)
            #expect(created.status == 201, "\(created.body)")
            let fields = try #require(created.json["fields"] as? [String: Any])
            #expect(fields["tags"] as? [String] == ["a", "c"])
            #expect(fields["seats"] as? Int == 5)
            let ref = try #require(created.json["ref"] as? Int)

            // Changes are checked, logged, and cannot empty a required field.
            let emptied = try await node.request(.PATCH, "/api/v1/tickets/\(ref)", host: Self.host, headers: Self.admin,
                                                 json: #"{"fields":{"order_number":null},"version":1}"#)
            #expect(emptied.status == 422)
            let changed = try await node.request(.PATCH, "/api/v1/tickets/\(ref)", host: Self.host, headers: Self.admin,
                                                 json: #"{"fields":{"plan":"free","vip":null},"version":1}"#)
            #expect(changed.status == 200, "\(changed.body)")
            #expect((changed.json["fields"] as? [String: Any])?["vip"] == nil)
            let log = try await node.request(.GET, "/api/v1/tickets/\(ref)/log", host: Self.host, headers: Self.admin)
            #expect(log.body.contains("fields.plan"))

            func listed(_ query: String) async throws -> [Int] {
                let page = try await node.request(.GET, "/api/v1/tickets?\(query)", host: Self.host, headers: Self.admin)
                #expect(page.status == 200)
                return (page.json["tickets"] as? [[String: Any]] ?? []).compactMap { $0["ref"] as? Int }
            }
            #expect(try await listed("field.order_number=AB-1234") == [ref])
            #expect(try await listed("field.seats=5&field.tags=c") == [ref])
            #expect(try await listed("field.plan=free").count == 2)
            #expect(try await listed("field.seats=lots").isEmpty)
            #expect(try await listed("field.unknown=1").isEmpty)

            // Another tenant has none of it.
            let other = try await node.request(.GET, "/api/v1/custom-fields", host: "beta.sb.test", headers: PermissionProbeTests.beta)
            #expect((other.json["customFields"] as? [[String: Any]])?.isEmpty == true)
        }
    }

    @Test("a hundred fields on one ticket are stored, read and checked together")
    func manyFields() async throws {
        try await PermissionProbeTests.withTenants { node in
            for index in 0..<100 {
                let defined = try await Self.define(node, #"{"entity":"ticket","key":"f\#(index)","label":"Field \#(index)","kind":"number"}"#)
                #expect(defined.status == 201)
            }
            let values = (0..<100).map { #""f\#($0)":\#($0)"# }.joined(separator: ",")
            let created = try await node.request(.POST, "/api/v1/tickets", host: Self.host, headers: Self.admin,
                                                 json: #"{"subject":"Many","body":"text","fields":{\#(values)}}"#)
            #expect(created.status == 201)
            #expect((created.json["fields"] as? [String: Any])?.count == 100)
            let list = try await node.request(.GET, "/api/v1/custom-fields?entity=ticket", host: Self.host, headers: Self.admin)
            #expect((list.json["customFields"] as? [[String: Any]])?.count == 100)
        }
    }
}

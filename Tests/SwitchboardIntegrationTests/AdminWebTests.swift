import Foundation
import Testing
import SwitchboardApp
import SwitchboardCore

/// The admin pages and the audit log behind them.
@Suite("Admin interface and audit log")
struct AdminWebTests {
    static let host = "adm.sb.test"
    static let bearer = [("Authorization", "Bearer \(Fixtures.adminKey)")]

    @Test("an admin adds a department and a custom field through the pages; the audit log shows both with who, where and what")
    func departmentFieldAndLog() async throws {
        let config = try await TestEnvironment.migratedDatabase()
        try await Fixtures.apply(Fixtures.manifest(slug: "adm", key: Fixtures.adminKey), config: config)
        try await TestNode.run(config) { node in
            let admin = WebClient(node: node, host: Self.host)
            try await admin.signIn(email: "admin@adm.example", password: "correct horse battery")
            let page = try await admin.get("/admin/departments")
            #expect(page.status == 200)
            let token = try #require(page.formToken)

            let added = try await admin.post("/admin/departments", ["_csrf": token, "name": "Returns & <Refunds>"])
            #expect(added.status == 303)
            let listed = try await admin.get("/admin/departments?notice=department")
            #expect(listed.body.contains("Returns &amp; &lt;Refunds&gt;"))
            #expect(listed.body.contains("The department was added."))
            let duplicate = try await admin.post("/admin/departments", ["_csrf": token, "name": "Returns & <Refunds>"])
            #expect(duplicate.status == 409 || duplicate.status == 422)
            #expect(duplicate.body.contains("id=\"form-error\""))

            let badKey = try await admin.post("/admin/custom-fields", [
                "_csrf": token, "entity": "ticket", "label": "Order number", "key": "Order Number!", "kind": "text",
            ])
            #expect(badKey.status == 422)
            #expect(badKey.body.contains("id=\"form-error\""))
            #expect(badKey.body.contains("value=\"Order number\""), "what was typed is kept")
            let field = try await admin.post("/admin/custom-fields", [
                "_csrf": token, "entity": "ticket", "label": "Order number", "key": "order_number", "kind": "text", "required": "on",
            ])
            #expect(field.status == 303)
            let fields = try await node.request(.GET, "/api/v1/custom-fields?entity=ticket", host: Self.host, headers: Self.bearer)
            #expect(fields.body.contains("\"order_number\""))

            // No token, no change.
            let forged = try await admin.post("/admin/departments", ["name": "Forged"])
            #expect(forged.status == 403)

            let log = try await admin.get("/admin/audit")
            #expect(log.status == 200)
            let rows = log.body.components(separatedBy: "<tr data-audit-object=").dropFirst()
            let department = try #require(rows.first { $0.hasPrefix("\"departments\"") && $0.contains("Returns &amp; &lt;Refunds&gt;") })
            #expect(department.contains("Admin adm") && department.contains("127.0.0.1") && department.contains("Created"))
            let customField = try #require(rows.first { $0.hasPrefix("\"custom_fields\"") })
            #expect(customField.contains("order_number") && customField.contains("Admin adm"))
            #expect(!log.body.contains("Forged"))

            // The API tells the same, with the row before and after a change.
            let id = try #require(((try await node.request(.GET, "/api/v1/departments", host: Self.host, headers: Self.bearer)).json["departments"]
                as? [[String: Any]])?.first { $0["name"] as? String == "Returns & <Refunds>" }?["id"] as? Int)
            _ = try await node.request(.PUT, "/api/v1/departments/\(id)", host: Self.host, headers: Self.bearer, json: #"{"name":"Returns"}"#)
            let api = try await node.request(.GET, "/api/v1/audit-log?limit=5", host: Self.host, headers: Self.bearer)
            let newest = try #require((api.json["entries"] as? [[String: Any]])?.first)
            #expect(newest["object"] as? String == "departments")
            #expect(newest["action"] as? String == "change")
            #expect((newest["before"] as? [String: Any])?["name"] as? String == "Returns & <Refunds>")
            #expect((newest["after"] as? [String: Any])?["name"] as? String == "Returns")
        }
    }

    @Test("secrets never reach the log; agents who are not administrators get no admin page; tenants see only their own log")
    func secretsAccessAndIsolation() async throws {
        let config = try await TestEnvironment.migratedDatabase()
        try await Fixtures.apply(Fixtures.manifest(slug: "adm", key: Fixtures.adminKey), config: config)
        try await Fixtures.apply(Fixtures.manifest(slug: "other", key: Fixtures.otherKey), config: config)
        try await TestNode.run(config) { node in
            let agent = try await node.request(.POST, "/api/v1/agents", host: Self.host, headers: Self.bearer,
                                               json: #"{"email":"new@adm.example","name":"New","password":"a long secret phrase","scopes":["read"]}"#)
            #expect(agent.status == 201, "\(agent.body)")
            let key = try await node.request(.POST, "/api/v1/api-keys", host: Self.host, headers: Self.bearer, json: #"{"name":"robot","scopes":["read"]}"#)
            #expect(key.status == 201)
            let log = try await node.request(.GET, "/api/v1/audit-log?limit=200", host: Self.host, headers: Self.bearer)
            #expect(log.body.contains("\"object\":\"agents\"") && log.body.contains("\"object\":\"api_keys\""))
            for secret in ["password_hash", "key_hash", "token_hash", try #require(key.json["key"] as? String)] {
                #expect(!log.body.contains(secret))
            }

            let reader = WebClient(node: node, host: Self.host)
            try await reader.signIn(email: "reader@adm.example", password: "correct horse battery")
            #expect(try await reader.get("/admin/audit").status == 403)
            #expect(try await reader.get("/admin/departments").status == 403)
            #expect(try await node.request(.GET, "/api/v1/audit-log", host: Self.host,
                                           headers: [("Cookie", reader.cookieHeader)]).status == 403)

            let other = try await node.request(.GET, "/api/v1/audit-log?limit=200", host: "other.sb.test",
                                               headers: [("Authorization", "Bearer \(Fixtures.otherKey)")])
            #expect(other.status == 200)
            #expect(!other.body.contains("adm.example") && !other.body.contains("robot"))
        }
    }
}

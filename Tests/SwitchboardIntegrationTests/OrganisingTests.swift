import Foundation
import Testing
import SwitchboardApp

/// How a tenant organises its work: departments, teams, sub-statuses, the agents themselves
/// (added, changed, removed or turned into people) and custom fields on people and
/// organisations.
@Suite("Departments, teams, statuses, agents and profile fields")
struct OrganisingTests {
    static let host = "alpha.sb.test"
    static let admin = PermissionProbeTests.admin
    static let limited = PermissionProbeTests.limited

    static func ticket(_ node: TestNode, _ subject: String, department: String = "Support") async throws -> Int {
        let created = try await node.request(.POST, "/api/v1/tickets", host: host, headers: admin,
                                             json: #"{"subject":"\#(subject)","body":"text","department":"\#(department)"}"#)
        return try #require(created.json["ref"] as? Int, "\(created.body)")
    }

    static func patch(_ node: TestNode, _ ref: Int, _ json: String, headers: [(String, String)] = admin) async throws -> HTTPResult {
        let current = try await node.request(.GET, "/api/v1/tickets/\(ref)", host: host, headers: admin)
        let version = (current.json["ticket"] as? [String: Any])?["version"] as? Int ?? 0
        return try await node.request(.PATCH, "/api/v1/tickets/\(ref)", host: host, headers: headers + [("If-Match", "\"\(version)\"")], json: json)
    }

    static func refs(_ result: HTTPResult) -> [Int] {
        (result.json["tickets"] as? [[String: Any]])?.compactMap { $0["ref"] as? Int } ?? []
    }

    static func agentID(_ node: TestNode, _ email: String) async throws -> Int {
        let agents = try await node.request(.GET, "/api/v1/agents", host: host, headers: admin)
        return try #require((agents.json["agents"] as? [[String: Any]])?.first { $0["email"] as? String == email }?["id"] as? Int)
    }

    @Test("departments are created, renamed and deleted only by moving their tickets to another")
    func departments() async throws {
        try await PermissionProbeTests.withTenants { node in
            let created = try await node.request(.POST, "/api/v1/departments", host: Self.host, headers: Self.admin, json: #"{"name":"Billing"}"#)
            #expect(created.status == 201, "\(created.body)")
            let id = try #require(created.json["id"] as? Int)
            #expect(try await node.request(.POST, "/api/v1/departments", host: Self.host, headers: Self.admin, json: #"{"name":"Billing"}"#).status == 422)
            #expect(try await node.request(.POST, "/api/v1/departments", host: Self.host, headers: Self.limited, json: #"{"name":"Mine"}"#).status == 403)
            let renamed = try await node.request(.PUT, "/api/v1/departments/\(id)", host: Self.host, headers: Self.admin, json: #"{"name":"Accounts"}"#)
            #expect(renamed.json["name"] as? String == "Accounts")
            let listed = try await node.request(.GET, "/api/v1/departments", host: Self.host, headers: Self.limited)
            #expect(listed.body.contains("Accounts"))

            let ref = try await Self.ticket(node, "Invoice wrong", department: "Accounts")
            let refused = try await node.request(.DELETE, "/api/v1/departments/\(id)", host: Self.host, headers: Self.admin)
            #expect(refused.status == 409, "\(refused.body)")
            let support = try #require((listed.json["departments"] as? [[String: Any]])?.first { $0["name"] as? String == "Support" }?["id"] as? Int)
            #expect(try await node.request(.DELETE, "/api/v1/departments/\(id)?move_to=\(id)", host: Self.host, headers: Self.admin).status == 422)
            let deleted = try await node.request(.DELETE, "/api/v1/departments/\(id)?move_to=\(support)", host: Self.host, headers: Self.admin)
            #expect(deleted.status == 200, "\(deleted.body)")
            #expect(deleted.json["moved"] as? Int == 1)
            let ticket = try await node.request(.GET, "/api/v1/tickets/\(ref)", host: Self.host, headers: Self.admin)
            #expect((ticket.json["ticket"] as? [String: Any])?["departmentID"] as? Int == support)
            let log = try await node.request(.GET, "/api/v1/tickets/\(ref)/log", host: Self.host, headers: Self.admin)
            #expect(log.body.contains(#""field":"department""#))
            #expect(try await node.request(.GET, "/api/v1/departments/\(id)", host: Self.host, headers: Self.admin).status == 404)
        }
    }

    @Test("tickets are assigned to teams, listed by team, and lose the team when it goes")
    func teams() async throws {
        try await PermissionProbeTests.withTenants { node in
            let limitedID = try await Self.agentID(node, "limited@alpha.example")
            let created = try await node.request(.POST, "/api/v1/teams", host: Self.host, headers: Self.admin,
                                                 json: #"{"name":"Tier 2","members":[\#(limitedID),\#(limitedID)]}"#)
            #expect(created.status == 201, "\(created.body)")
            #expect(created.json["members"] as? [Int] == [limitedID])
            let team = try #require(created.json["id"] as? Int)
            #expect(try await node.request(.POST, "/api/v1/teams", host: Self.host, headers: Self.admin, json: #"{"name":"tier 2"}"#).status == 422)
            let unknown = try await node.request(.POST, "/api/v1/teams", host: Self.host, headers: Self.admin, json: #"{"name":"X","members":[999999]}"#)
            #expect(unknown.status == 422)
            #expect(unknown.body.contains("members"))

            let ref = try await Self.ticket(node, "Escalate me")
            let other = try await Self.ticket(node, "Stay put")
            let assigned = try await Self.patch(node, ref, #"{"team":\#(team)}"#, headers: Self.limited)
            #expect(assigned.status == 200, "\(assigned.body)")
            #expect(assigned.json["teamID"] as? Int == team)
            #expect(try await Self.patch(node, other, #"{"team":999999}"#).status == 422)
            let listed = try await node.request(.GET, "/api/v1/tickets?team=\(team)", host: Self.host, headers: Self.admin)
            #expect(Self.refs(listed) == [ref])
            let bulk = try await node.request(.POST, "/api/v1/tickets/bulk", host: Self.host, headers: Self.admin,
                                              json: #"{"refs":[\#(other)],"change":{"team":\#(team)}}"#)
            #expect(bulk.json["updated"] as? Int == 1, "\(bulk.body)")
            #expect(Set(Self.refs(try await node.request(.GET, "/api/v1/tickets?team=\(team)", host: Self.host, headers: Self.admin))) == [ref, other])

            #expect(try await node.request(.DELETE, "/api/v1/teams/\(team)", host: Self.host, headers: Self.admin).status == 204)
            let after = try await node.request(.GET, "/api/v1/tickets/\(ref)", host: Self.host, headers: Self.admin)
            #expect((after.json["ticket"] as? [String: Any])?["teamID"] == nil)
        }
    }

    @Test("a sub-status belongs to its status: set, filtered, cleared by a new status, refused for another")
    func substatuses() async throws {
        try await PermissionProbeTests.withTenants { node in
            let escalated = try await node.request(.POST, "/api/v1/statuses", host: Self.host, headers: Self.admin,
                                                   json: #"{"status":"awaiting_agent","name":"Escalated","position":1}"#)
            #expect(escalated.status == 201, "\(escalated.body)")
            let escalatedID = try #require(escalated.json["id"] as? Int)
            let parts = try await node.request(.POST, "/api/v1/statuses", host: Self.host, headers: Self.admin,
                                               json: #"{"status":"pending","name":"Waiting for parts"}"#)
            let partsID = try #require(parts.json["id"] as? Int)
            #expect(try await node.request(.POST, "/api/v1/statuses", host: Self.host, headers: Self.admin,
                                           json: #"{"status":"awaiting_agent","name":"escalated"}"#).status == 422)
            #expect(try await node.request(.POST, "/api/v1/statuses", host: Self.host, headers: Self.admin, json: #"{"name":"No status"}"#).status == 422)
            let statuses = try await node.request(.GET, "/api/v1/statuses", host: Self.host, headers: Self.limited)
            let entries = try #require(statuses.json["statuses"] as? [[String: Any]])
            #expect(entries.map { $0["status"] as? String } == ["awaiting_agent", "awaiting_user", "pending", "resolved", "closed"])
            #expect((entries[0]["substatuses"] as? [[String: Any]])?.first?["name"] as? String == "Escalated")

            let ref = try await Self.ticket(node, "Needs a specialist")
            let wrong = try await Self.patch(node, ref, #"{"substatus":\#(partsID)}"#)
            #expect(wrong.status == 422)
            #expect(wrong.body.contains("substatus"))
            let set = try await Self.patch(node, ref, #"{"substatus":\#(escalatedID)}"#)
            #expect(set.json["substatusID"] as? Int == escalatedID, "\(set.body)")
            #expect(Self.refs(try await node.request(.GET, "/api/v1/tickets?substatus=\(escalatedID)", host: Self.host, headers: Self.admin)) == [ref])
            // Moving to pending with its sub-status in one change; then a plain status change clears it.
            let moved = try await Self.patch(node, ref, #"{"status":"pending","substatus":\#(partsID)}"#)
            #expect(moved.json["substatusID"] as? Int == partsID, "\(moved.body)")
            let resolved = try await Self.patch(node, ref, #"{"status":"resolved"}"#)
            #expect(resolved.status == 200)
            #expect(resolved.json["substatusID"] == nil)
            let log = try await node.request(.GET, "/api/v1/tickets/\(ref)/log", host: Self.host, headers: Self.admin)
            #expect(log.body.components(separatedBy: #""field":"substatus""#).count - 1 == 3)

            let back = try await Self.patch(node, ref, #"{"status":"awaiting_agent","substatus":\#(escalatedID)}"#)
            #expect(back.json["substatusID"] as? Int == escalatedID)
            #expect(try await node.request(.DELETE, "/api/v1/statuses/\(escalatedID)", host: Self.host, headers: Self.limited).status == 403)
            #expect(try await node.request(.DELETE, "/api/v1/statuses/\(escalatedID)", host: Self.host, headers: Self.admin).status == 204)
            let after = try await node.request(.GET, "/api/v1/tickets/\(ref)", host: Self.host, headers: Self.admin)
            #expect((after.json["ticket"] as? [String: Any])?["substatusID"] == nil)
            #expect((after.json["ticket"] as? [String: Any])?["status"] as? String == "awaiting_agent")
        }
    }

    @Test("administrators add agents, deactivate them, and remove or convert them, handing their tickets on")
    func agents() async throws {
        try await PermissionProbeTests.withTenants { node in
            let weak = try await node.request(.POST, "/api/v1/agents", host: Self.host, headers: Self.admin,
                                              json: #"{"email":"new@alpha.example","name":"New","password":"short"}"#)
            #expect(weak.status == 422)
            #expect(weak.body.contains("password"))
            let created = try await node.request(.POST, "/api/v1/agents", host: Self.host, headers: Self.admin,
                                                 json: #"{"email":"New@Alpha.example","name":"New Agent","scopes":["read","write"],"password":"correct horse battery"}"#)
            #expect(created.status == 201, "\(created.body)")
            let newID = try #require(created.json["id"] as? Int)
            #expect(try await node.request(.PUT, "/api/v1/agents/\(newID)/departments", host: Self.host, headers: Self.admin,
                                           json: #"{"departments":{"Support":"full","Restricted":"full"}}"#).status == 200)
            #expect(created.json["email"] as? String == "new@alpha.example")
            #expect(try await node.request(.POST, "/api/v1/agents", host: Self.host, headers: Self.admin,
                                           json: #"{"email":"new@alpha.example","name":"Again"}"#).status == 422)
            #expect(try await node.request(.POST, "/api/v1/agents", host: Self.host, headers: Self.limited,
                                           json: #"{"email":"sneaky@alpha.example","name":"Sneaky"}"#).status == 403)
            let login = #"{"email":"new@alpha.example","password":"correct horse battery"}"#
            #expect(try await node.request(.POST, "/api/v1/auth/login", host: Self.host, json: login).status == 200)

            // Deactivated: no sign-in.
            let deactivated = try await node.request(.PATCH, "/api/v1/agents/\(newID)", host: Self.host, headers: Self.admin, json: #"{"active":false}"#)
            #expect(deactivated.json["isActive"] as? Bool == false, "\(deactivated.body)")
            #expect(try await node.request(.POST, "/api/v1/auth/login", host: Self.host, json: login).status == 401)
            _ = try await node.request(.PATCH, "/api/v1/agents/\(newID)", host: Self.host, headers: Self.admin, json: #"{"active":true,"name":"Renamed"}"#)

            // The last active administrator stays one; nobody removes themselves.
            let adminID = try await Self.agentID(node, "admin@alpha.example")
            let demote = try await node.request(.PATCH, "/api/v1/agents/\(adminID)", host: Self.host, headers: Self.admin, json: #"{"scopes":["read","write"]}"#)
            #expect(demote.status == 409, "\(demote.body)")
            #expect(try await node.request(.DELETE, "/api/v1/agents/\(adminID)", host: Self.host, headers: Self.admin).status == 409)

            // Removing hands tickets on: to an agent who may see them, else unassigned.
            let limitedID = try await Self.agentID(node, "limited@alpha.example")
            let visible = try await Self.ticket(node, "Support ticket")
            let hidden = try await Self.ticket(node, "Restricted ticket", department: "Restricted")
            for ref in [visible, hidden] {
                #expect(try await Self.patch(node, ref, #"{"agent":\#(newID)}"#).status == 200)
            }
            #expect(try await node.request(.DELETE, "/api/v1/agents/\(newID)?reassign_to=\(newID)", host: Self.host, headers: Self.admin).status == 422)
            let removed = try await node.request(.DELETE, "/api/v1/agents/\(newID)?reassign_to=\(limitedID)", host: Self.host, headers: Self.admin)
            #expect(removed.status == 200, "\(removed.body)")
            #expect(removed.json["reassigned"] as? Int == 1)
            #expect(removed.json["unassigned"] as? Int == 1)
            let visibleTicket = try await node.request(.GET, "/api/v1/tickets/\(visible)", host: Self.host, headers: Self.admin)
            #expect((visibleTicket.json["ticket"] as? [String: Any])?["agentID"] as? Int == limitedID)
            let hiddenTicket = try await node.request(.GET, "/api/v1/tickets/\(hidden)", host: Self.host, headers: Self.admin)
            #expect((hiddenTicket.json["ticket"] as? [String: Any])?["agentID"] == nil)
            #expect(try await node.request(.GET, "/api/v1/agents/\(newID)", host: Self.host, headers: Self.admin).status == 404)
            #expect(try await node.request(.POST, "/api/v1/auth/login", host: Self.host, json: login).status == 401)

            // Converting: the agent becomes a person with the same address; its key stops working.
            let converted = try await node.request(.POST, "/api/v1/agents/\(limitedID)/convert", host: Self.host, headers: Self.admin)
            #expect(converted.status == 200, "\(converted.body)")
            #expect(converted.json["unassigned"] as? Int == 1)
            let personID = try #require(converted.json["person"] as? Int)
            let person = try await node.request(.GET, "/api/v1/people/\(personID)", host: Self.host, headers: Self.admin)
            #expect(person.json["emails"] as? [String] == ["limited@alpha.example"])
            #expect(try await node.request(.GET, "/api/v1/tickets", host: Self.host, headers: Self.limited).status == 401)
        }
    }

    @Test("people and organisations carry custom field values, checked and named like ticket fields")
    func profileFields() async throws {
        try await PermissionProbeTests.withTenants { node in
            for json in [
                #"{"entity":"person","key":"tier","label":"Tier","kind":"choice","choices":["gold","silver"],"required":true}"#,
                #"{"entity":"person","key":"birthday","label":"Birthday","kind":"date"}"#,
                #"{"entity":"organisation","key":"seats","label":"Seats","kind":"number"}"#,
            ] {
                let defined = try await node.request(.POST, "/api/v1/custom-fields", host: Self.host, headers: Self.admin, json: json)
                #expect(defined.status == 201, "\(defined.body)")
            }
            let missing = try await node.request(.POST, "/api/v1/people", host: Self.host, headers: Self.admin, json: #"{"name":"Ann"}"#)
            #expect(missing.status == 422)
            #expect(missing.body.contains("fields.tier"))
            let wrong = try await node.request(.POST, "/api/v1/people", host: Self.host, headers: Self.admin,
                                               json: #"{"name":"Ann","fields":{"tier":"bronze","birthday":"1990-02-30","shoe":1}}"#)
            for key in ["tier", "birthday", "shoe"] { #expect(wrong.body.contains("fields.\(key)"), "\(key): \(wrong.body)") }
            let created = try await node.request(.POST, "/api/v1/people", host: Self.host, headers: Self.admin,
                                                 json: #"{"name":"Ann","fields":{"tier":"gold","birthday":"1990-02-28"}}"#)
            #expect(created.status == 201, "\(created.body)")
            let id = try #require(created.json["id"] as? Int)
            #expect((created.json["fields"] as? [String: Any])?["tier"] as? String == "gold")
            let cleared = try await node.request(.PATCH, "/api/v1/people/\(id)", host: Self.host, headers: Self.admin, json: #"{"fields":{"birthday":null}}"#)
            #expect((cleared.json["fields"] as? [String: Any])?.keys.sorted() == ["tier"], "\(cleared.body)")
            let emptied = try await node.request(.PATCH, "/api/v1/people/\(id)", host: Self.host, headers: Self.admin, json: #"{"fields":{"tier":null}}"#)
            #expect(emptied.status == 422)
            #expect(emptied.body.contains("fields.tier"))
            let renamed = try await node.request(.PATCH, "/api/v1/people/\(id)", host: Self.host, headers: Self.admin, json: #"{"name":"Ann B"}"#)
            #expect((renamed.json["fields"] as? [String: Any])?["tier"] as? String == "gold")

            let organisation = try await node.request(.POST, "/api/v1/organisations", host: Self.host, headers: Self.admin,
                                                      json: #"{"name":"Acme","fields":{"seats":25}}"#)
            #expect(organisation.status == 201, "\(organisation.body)")
            #expect((organisation.json["fields"] as? [String: Any])?["seats"] as? Int == 25)
            let orgID = try #require(organisation.json["id"] as? Int)
            let bad = try await node.request(.PATCH, "/api/v1/organisations/\(orgID)", host: Self.host, headers: Self.admin,
                                             json: #"{"name":"Acme","fields":{"seats":"many"}}"#)
            #expect(bad.status == 422)
            #expect(bad.body.contains("fields.seats"))
            let kept = try await node.request(.PATCH, "/api/v1/organisations/\(orgID)", host: Self.host, headers: Self.admin, json: #"{"name":"Acme Ltd"}"#)
            #expect((kept.json["fields"] as? [String: Any])?["seats"] as? Int == 25)

            // Tickets are found by their customer's organisation.
            #expect(try await node.request(.PUT, "/api/v1/people/\(id)/organisations", host: Self.host, headers: Self.admin,
                                           json: #"{"organisations":[\#(orgID)]}"#).status == 200)
            let theirs = try await node.request(.POST, "/api/v1/tickets", host: Self.host, headers: Self.admin,
                                                json: #"{"subject":"From Acme","body":"text","person":\#(id)}"#)
            _ = try await Self.ticket(node, "From nobody")
            let listed = try await node.request(.GET, "/api/v1/tickets?organisation=\(orgID)", host: Self.host, headers: Self.admin)
            #expect(Self.refs(listed) == [theirs.json["ref"] as? Int ?? 0])
        }
    }
}

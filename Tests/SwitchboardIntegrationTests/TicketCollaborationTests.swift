import Foundation
import Testing
import SwitchboardApp

/// Followers, @mentions and notifications, private stars, tasks and links.
@Suite("Ticket collaboration")
struct TicketCollaborationTests {
    static let host = "alpha.sb.test"
    static let admin = PermissionProbeTests.admin
    static let limited = PermissionProbeTests.limited
    static let viewer = PermissionProbeTests.viewer
    static let grouped = PermissionProbeTests.grouped

    static func agentID(_ node: TestNode, _ headers: [(String, String)]) async throws -> Int {
        let me = try await node.request(.GET, "/api/v1/me", host: host, headers: headers)
        return (me.json["agent"] as? [String: Any])?["id"] as? Int ?? 0
    }

    static func create(_ node: TestNode, _ subject: String, _ department: String) async throws -> Int {
        let created = try await node.request(.POST, "/api/v1/tickets", host: host, headers: admin,
                                             json: #"{"subject":"\#(subject)","body":"text","department":"\#(department)"}"#)
        return created.json["ref"] as? Int ?? 0
    }

    static func notifications(_ node: TestNode, _ headers: [(String, String)], unread: Bool = false) async throws -> [[String: Any]] {
        let response = try await node.request(.GET, "/api/v1/notifications\(unread ? "?unread=true" : "")", host: host, headers: headers)
        return response.json["notifications"] as? [[String: Any]] ?? []
    }

    @Test("followers and agents @mentioned in notes are notified, only where they may see the ticket")
    func mentionsAndFollowers() async throws {
        try await PermissionProbeTests.withTenants { node in
            let ref = try await Self.create(node, "Printer", "Support")
            let limitedID = try await Self.agentID(node, Self.limited)
            #expect(try await node.request(.PUT, "/api/v1/tickets/\(ref)/followers/\(limitedID)", host: Self.host, headers: Self.limited).status == 204)
            let followers = try await node.request(.GET, "/api/v1/tickets/\(ref)/followers", host: Self.host, headers: Self.admin)
            #expect(followers.json["followers"] as? [Int] == [limitedID])
            // Adding someone else takes full access; an unknown agent is refused.
            #expect(try await node.request(.PUT, "/api/v1/tickets/\(ref)/followers/999999", host: Self.host, headers: Self.admin).status == 422)

            let note = #"{"kind":"note","body":"@viewer@alpha.example and @grouped@alpha.example, please look."}"#
            #expect(try await node.request(.POST, "/api/v1/tickets/\(ref)/messages", host: Self.host, headers: Self.admin, json: note).status == 201)
            let viewerNews = try await Self.notifications(node, Self.viewer)
            #expect(viewerNews.map { $0["kind"] as? String } == ["mention"])
            #expect(viewerNews.first?["ticketRef"] as? Int == ref)
            #expect(try await Self.notifications(node, Self.grouped).isEmpty, "no access to Support, so no notification")
            #expect(try await Self.notifications(node, Self.limited).map { $0["kind"] as? String } == ["followed_update"])
            #expect(try await Self.notifications(node, Self.admin).isEmpty, "nobody hears of their own")

            let id = try #require(viewerNews.first?["id"] as? Int)
            #expect(try await node.request(.POST, "/api/v1/notifications/\(id)/read", host: Self.host, headers: Self.limited).status == 404)
            #expect(try await node.request(.POST, "/api/v1/notifications/\(id)/read", host: Self.host, headers: Self.viewer).status == 204)
            #expect(try await Self.notifications(node, Self.viewer, unread: true).isEmpty)

            // Unfollowing stops the news.
            #expect(try await node.request(.DELETE, "/api/v1/tickets/\(ref)/followers/\(limitedID)", host: Self.host, headers: Self.limited).status == 204)
            _ = try await node.request(.POST, "/api/v1/tickets/\(ref)/messages", host: Self.host, headers: Self.admin, json: #"{"body":"Fixed"}"#)
            #expect(try await Self.notifications(node, Self.limited).count == 1)
        }
    }

    @Test("stars are private to their agent and filter lists")
    func stars() async throws {
        try await PermissionProbeTests.withTenants { node in
            let first = try await Self.create(node, "One", "Support")
            _ = try await Self.create(node, "Two", "Support")
            #expect(try await node.request(.PUT, "/api/v1/tickets/\(first)/star", host: Self.host, headers: Self.limited).status == 204)
            func starred(_ headers: [(String, String)]) async throws -> [Int] {
                let page = try await node.request(.GET, "/api/v1/tickets?starred=true", host: Self.host, headers: headers)
                return (page.json["tickets"] as? [[String: Any]] ?? []).compactMap { $0["ref"] as? Int }
            }
            #expect(try await starred(Self.limited) == [first])
            #expect(try await starred(Self.viewer).isEmpty)
            #expect(try await node.request(.DELETE, "/api/v1/tickets/\(first)/star", host: Self.host, headers: Self.limited).status == 204)
            #expect(try await starred(Self.limited).isEmpty)
        }
    }

    @Test("tasks are created, assigned, completed and logged; view-only agents cannot add them")
    func tasks() async throws {
        try await PermissionProbeTests.withTenants { node in
            let ref = try await Self.create(node, "Refund", "Support")
            let viewerID = try await Self.agentID(node, Self.viewer)
            let created = try await node.request(.POST, "/api/v1/tickets/\(ref)/tasks", host: Self.host, headers: Self.limited,
                                                 json: #"{"title":"Call the bank","assignee":\#(viewerID),"dueAt":"2030-01-31T09:00:00Z"}"#)
            #expect(created.status == 201, "\(created.body)")
            let id = try #require(created.json["id"] as? Int)
            let done = try await node.request(.PATCH, "/api/v1/tickets/\(ref)/tasks/\(id)", host: Self.host, headers: Self.limited,
                                              json: #"{"done":true,"assignee":null}"#)
            #expect(done.status == 200)
            #expect(done.json["doneAt"] != nil)
            #expect(done.json["assigneeID"] == nil)
            let list = try await node.request(.GET, "/api/v1/tickets/\(ref)/tasks", host: Self.host, headers: Self.viewer)
            #expect((list.json["tasks"] as? [[String: Any]])?.count == 1)
            let log = try await node.request(.GET, "/api/v1/tickets/\(ref)/log", host: Self.host, headers: Self.admin)
            #expect(log.body.contains("task done"))
            #expect(try await node.request(.POST, "/api/v1/tickets/\(ref)/tasks", host: Self.host, headers: Self.limited,
                                           json: #"{"title":" "}"#).status == 422)
            #expect(try await node.request(.POST, "/api/v1/tickets/\(ref)/tasks", host: Self.host, headers: Self.limited,
                                           json: #"{"title":"x","assignee":999999}"#).status == 422)
            let restricted = try await Self.create(node, "Salary", "Restricted")
            #expect(try await node.request(.POST, "/api/v1/tickets/\(restricted)/tasks", host: Self.host, headers: Self.viewer,
                                           json: #"{"title":"x"}"#).status == 403)
            #expect(try await node.request(.DELETE, "/api/v1/tickets/\(ref)/tasks/\(id)", host: Self.host, headers: Self.limited).status == 204)
        }
    }

    @Test("links join two tickets both ways; tickets the caller cannot see are neither linked nor shown")
    func links() async throws {
        try await PermissionProbeTests.withTenants { node in
            let a = try await Self.create(node, "Outage", "Support")
            let b = try await Self.create(node, "Outage too", "Support")
            let hidden = try await Self.create(node, "Outage, payroll", "Restricted")
            #expect(try await node.request(.POST, "/api/v1/tickets/\(a)/links", host: Self.host, headers: Self.limited,
                                           json: #"{"ref":\#(b)}"#).status == 204)
            #expect(try await node.request(.POST, "/api/v1/tickets/\(a)/links", host: Self.host, headers: Self.admin,
                                           json: #"{"ref":\#(hidden)}"#).status == 204)
            let fromB = try await node.request(.GET, "/api/v1/tickets/\(b)/links", host: Self.host, headers: Self.limited)
            #expect(fromB.json["links"] as? [Int] == [a])
            let fromA = try await node.request(.GET, "/api/v1/tickets/\(a)/links", host: Self.host, headers: Self.limited)
            #expect(fromA.json["links"] as? [Int] == [b], "the Restricted ticket is not shown")
            #expect(try await node.request(.POST, "/api/v1/tickets/\(b)/links", host: Self.host, headers: Self.limited,
                                           json: #"{"ref":\#(hidden)}"#).status == 404)
            #expect(try await node.request(.POST, "/api/v1/tickets/\(a)/links", host: Self.host, headers: Self.limited,
                                           json: #"{"ref":\#(a)}"#).status == 422)
            #expect(try await node.request(.DELETE, "/api/v1/tickets/\(b)/links/\(a)", host: Self.host, headers: Self.limited).status == 204)
            let after = try await node.request(.GET, "/api/v1/tickets/\(a)/links", host: Self.host, headers: Self.admin)
            #expect(after.json["links"] as? [Int] == [hidden])
        }
    }

    @Test("tickets are assigned to agents who may see them, unassigned, logged, and listed per assignee")
    func assignment() async throws {
        try await PermissionProbeTests.withTenants { node in
            let ref = try await Self.create(node, "Printer", "Support")
            let limitedID = try await Self.agentID(node, Self.limited)
            let groupedID = try await Self.agentID(node, Self.grouped)
            let assigned = try await node.request(.PATCH, "/api/v1/tickets/\(ref)", host: Self.host, headers: Self.admin,
                                                  json: #"{"agent":\#(limitedID),"version":1}"#)
            #expect(assigned.status == 200, "\(assigned.body)")
            #expect(assigned.json["agentID"] as? Int == limitedID)
            let mine = try await node.request(.GET, "/api/v1/tickets?agent=\(limitedID)", host: Self.host, headers: Self.limited)
            #expect((mine.json["tickets"] as? [[String: Any]])?.compactMap { $0["ref"] as? Int } == [ref])
            // Not to an agent who cannot see the department, nor to nobody that exists.
            #expect(try await node.request(.PATCH, "/api/v1/tickets/\(ref)", host: Self.host, headers: Self.admin,
                                           json: #"{"agent":\#(groupedID),"version":2}"#).status == 422)
            #expect(try await node.request(.PATCH, "/api/v1/tickets/\(ref)", host: Self.host, headers: Self.admin,
                                           json: #"{"agent":999999,"version":2}"#).status == 422)
            let unassigned = try await node.request(.PATCH, "/api/v1/tickets/\(ref)", host: Self.host, headers: Self.admin,
                                                    json: #"{"agent":null,"version":2}"#)
            #expect(unassigned.status == 200)
            #expect(unassigned.json["agentID"] == nil)
            let log = try await node.request(.GET, "/api/v1/tickets/\(ref)/log", host: Self.host, headers: Self.admin)
            #expect(log.body.contains(#""field":"agent""#))
        }
    }
}

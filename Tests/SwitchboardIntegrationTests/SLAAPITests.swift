import Foundation
import Testing
import SwitchboardApp
import SwitchboardCore
import SwitchboardPostgres

/// SLA policies through the API, and a ticket's SLA states as its history unfolds.
@Suite("SLA policies")
struct SLAAPITests {
    static let host = "alpha.sb.test"
    static let admin = PermissionProbeTests.admin

    @Test("policies are checked field by field, held to tickets, and report met, paused and running targets")
    func policies() async throws {
        try await PermissionProbeTests.withTenants { node in
            func post(_ json: String) async throws -> HTTPResult {
                try await node.request(.POST, "/api/v1/sla-policies", host: Self.host, headers: Self.admin, json: json)
            }
            let bad = try await post(#"{"name":"Bad","calendar":999999,"targets":{"first_reply":{"failureMinutes":60},"resolution":{"warningMinutes":90,"failureMinutes":60}}}"#)
            #expect(bad.status == 422)
            #expect(bad.body.contains("targets.first_reply"))
            #expect(bad.body.contains("targets.resolution.warningMinutes"))
            #expect(try await post(#"{"name":"Empty","targets":{}}"#).status == 422)
            #expect(try await post(#"{"name":"Ghost calendar","calendar":999999,"targets":{"resolution":{"failureMinutes":60}}}"#).status == 422)
            #expect(try await node.request(.POST, "/api/v1/sla-policies", host: Self.host, headers: PermissionProbeTests.limited,
                                           json: #"{"name":"Mine","targets":{"resolution":{"failureMinutes":60}}}"#).status == 403)
            // No calendar anywhere: around the clock, so the times are plain arithmetic.
            let created = try await post(#"{"name":"Standard","targets":{"first_response":{"warningMinutes":30,"failureMinutes":60},"resolution":{"failureMinutes":480}}}"#)
            #expect(created.status == 201, "\(created.body)")
            let policy = try #require(created.json["id"] as? Int)
            #expect(try await post(#"{"name":"standard","targets":{"resolution":{"failureMinutes":60}}}"#).status == 422)

            let ticket = try await node.request(.POST, "/api/v1/tickets", host: Self.host, headers: Self.admin,
                                                json: #"{"subject":"Slow","body":"text","requester":{"email":"ann@example.com"}}"#)
            let ref = try #require(ticket.json["ref"] as? Int)
            #expect(try await node.request(.PUT, "/api/v1/tickets/\(ref)/slas", host: Self.host, headers: Self.admin,
                                           json: #"{"policies":[999999]}"#).status == 422)
            let held = try await node.request(.PUT, "/api/v1/tickets/\(ref)/slas", host: Self.host, headers: Self.admin,
                                              json: #"{"policies":[\#(policy),\#(policy)]}"#)
            #expect(held.status == 200, "\(held.body)")
            func statuses(_ result: HTTPResult) -> [String: [String: Any]] {
                let statuses = ((result.json["slas"] as? [[String: Any]])?.first?["statuses"] as? [[String: Any]]) ?? []
                return Dictionary(uniqueKeysWithValues: statuses.compactMap { status in (status["target"] as? String).map { ($0, status) } })
            }
            let running = statuses(held)
            #expect(running["first_response"]?["phase"] as? String == "running")
            let createdAt = try #require(ISO8601DateFormatter().date(from: (ticket.json["createdAt"] as? String) ?? ""))
            let due = try #require(ISO8601DateFormatter().date(from: (running["first_response"]?["failureAt"] as? String) ?? ""))
            #expect(abs(due.timeIntervalSince(createdAt) - 3600) < 5)

            // A reply meets the first response; waiting on the customer pauses resolution.
            _ = try await node.request(.POST, "/api/v1/tickets/\(ref)/messages", host: Self.host, headers: Self.admin, json: #"{"body":"On it"}"#)
            let version = (try await node.request(.GET, "/api/v1/tickets/\(ref)", host: Self.host, headers: Self.admin).json["ticket"] as? [String: Any])?["version"] as? Int ?? 0
            _ = try await node.request(.PATCH, "/api/v1/tickets/\(ref)", host: Self.host, headers: Self.admin + [("If-Match", "\"\(version)\"")],
                                       json: #"{"status":"awaiting_user"}"#)
            let later = statuses(try await node.request(.GET, "/api/v1/tickets/\(ref)/slas", host: Self.host, headers: Self.admin))
            #expect(later["first_response"]?["phase"] as? String == "met")
            #expect(later["resolution"]?["phase"] as? String == "paused")
            #expect(later["resolution"]?["failureAt"] == nil)

            #expect(try await node.request(.DELETE, "/api/v1/sla-policies/\(policy)", host: Self.host, headers: Self.admin).status == 204)
            let none = try await node.request(.GET, "/api/v1/tickets/\(ref)/slas", host: Self.host, headers: Self.admin)
            #expect((none.json["slas"] as? [[String: Any]])?.isEmpty == true)
        }
    }

    @Test("amber and red tickets are listed as such: states are kept after each change and looked at again when due")
    func listsByPhase() async throws {
        try await PermissionProbeTests.withTenants { node in
            let policy = try await node.request(.POST, "/api/v1/sla-policies", host: Self.host, headers: Self.admin,
                                                json: #"{"name":"Fast","targets":{"first_response":{"warningMinutes":30,"failureMinutes":60}}}"#)
            let policyID = try #require(policy.json["id"] as? Int)
            var refs: [Int] = []
            for subject in ["Late", "Answered", "Fresh"] {
                let created = try await node.request(.POST, "/api/v1/tickets", host: Self.host, headers: Self.admin, json: #"{"subject":"\#(subject)","body":"text"}"#)
                let ref = try #require(created.json["ref"] as? Int)
                refs.append(ref)
                #expect(try await node.request(.PUT, "/api/v1/tickets/\(ref)/slas", host: Self.host, headers: Self.admin,
                                               json: #"{"policies":[\#(policyID)]}"#).status == 200)
            }
            // A reply is a change: the background refresh records the first response as met.
            _ = try await node.request(.POST, "/api/v1/tickets/\(refs[1])/messages", host: Self.host, headers: Self.admin, json: #"{"body":"Done"}"#)
            var met: [Int] = []
            let deadline = Date().addingTimeInterval(10)
            while met != [refs[1]], Date() < deadline {
                try await Task.sleep(for: .milliseconds(100))
                met = OrganisingTests.refs(try await node.request(.GET, "/api/v1/tickets?sla=met", host: Self.host, headers: Self.admin))
            }
            #expect(met == [refs[1]])
            // Each running ticket has a look booked for its amber time.
            let jobs = try await node.request(.GET, "/api/v1/jobs?state=queued", host: Self.host, headers: Self.admin)
            #expect(((jobs.json["jobs"] as? [[String: Any]]) ?? []).filter { $0["kind"] as? String == "ticket.sla_refresh" }.count >= 2, "\(jobs.body)")

            // An hour and a bit later (the clock injected), the first is red, the third amber;
            // the first's agent hears of it once, however often it is looked at.
            let me = try await node.request(.GET, "/api/v1/me", host: Self.host, headers: Self.admin)
            let adminID = try #require((me.json["agent"] as? [String: Any])?["id"] as? Int)
            #expect(try await Self.patch(node, refs[0], #"{"agent":\#(adminID)}"#).status == 200)
            // The refresh that change books (with the real clock) runs first, so that it cannot
            // undo the injected one below.
            try await eventually {
                let jobs = try await node.request(.GET, "/api/v1/jobs", host: Self.host, headers: Self.admin)
                return !((jobs.json["jobs"] as? [[String: Any]]) ?? []).contains { job in
                    job["kind"] as? String == "ticket.sla_refresh"
                        && (ISO8601DateFormatter().date(from: job["runAt"] as? String ?? "") ?? .distantPast) <= Date()
                }
            }
            let database = Database(configuration: node.config.database, logger: TestEnvironment.logger)
            let (lateRef, freshRef) = (Int64(refs[0]), Int64(refs[2]))
            try await Fixtures.withRunning(database) {
                let tenant = try #require(try await database.directory.tenant(slug: "alpha")).id
                try await database.tenant(tenant).transaction { transaction in
                    let late = try #require(try await transaction.ticket(ref: lateRef))
                    try await transaction.refreshSLAs(ticket: late, now: late.createdAt.addingTimeInterval(61 * 60))
                    try await transaction.refreshSLAs(ticket: late, now: late.createdAt.addingTimeInterval(62 * 60))
                    let fresh = try #require(try await transaction.ticket(ref: freshRef))
                    try await transaction.refreshSLAs(ticket: fresh, now: fresh.createdAt.addingTimeInterval(45 * 60))
                }
            }
            #expect(OrganisingTests.refs(try await node.request(.GET, "/api/v1/tickets?sla=failed", host: Self.host, headers: Self.admin)) == [refs[0]])
            #expect(OrganisingTests.refs(try await node.request(.GET, "/api/v1/tickets?sla=warning", host: Self.host, headers: Self.admin)) == [refs[2]])
            #expect(try await node.request(.GET, "/api/v1/tickets?sla=orange", host: Self.host, headers: Self.admin).status == 400)
            let notifications = try await node.request(.GET, "/api/v1/notifications", host: Self.host, headers: Self.admin)
            let sla = ((notifications.json["notifications"] as? [[String: Any]]) ?? []).filter { ($0["kind"] as? String)?.hasPrefix("sla_") == true }
            #expect(sla.map { $0["kind"] as? String } == ["sla_failed"], "\(notifications.body)")
            #expect(sla.first?["note"] as? String == "Fast: first_response")
            #expect(sla.first?["ticketRef"] as? Int == refs[0])
        }
    }

    static func patch(_ node: TestNode, _ ref: Int, _ json: String) async throws -> HTTPResult {
        try await OrganisingTests.patch(node, ref, json)
    }
}

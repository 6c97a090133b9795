import Foundation
import NIOHTTP1
import Testing
import SwitchboardApp
import SwitchboardCore
import SwitchboardHTTP
import SwitchboardICU

/// Department permissions, permission groups, and a probe generated from the router itself:
/// every route is called with one tenant's key against another tenant's objects, and with
/// agents lacking a department's permission against its tickets. Nothing may leak or change.
@Suite("Permissions and the leak probe")
struct PermissionProbeTests {
    static let limitedKey = "sbk_" + String(repeating: "l", count: 40)
    static let viewerKey = "sbk_" + String(repeating: "v", count: 40)
    static let groupKey = "sbk_" + String(repeating: "g", count: 40)
    static let admin = [("Authorization", "Bearer \(Fixtures.adminKey)")]
    static let beta = [("Authorization", "Bearer \(Fixtures.otherKey)")]
    static let limited = [("Authorization", "Bearer \(limitedKey)")]
    static let viewer = [("Authorization", "Bearer \(viewerKey)")]
    static let grouped = [("Authorization", "Bearer \(groupKey)")]

    /// Alpha has a Restricted department: `limited` has no access, `viewer` may only read it,
    /// `grouped` works on it through a permission group.
    static func alphaManifest() -> TenantManifest {
        var manifest = Fixtures.manifest(slug: "alpha", key: Fixtures.adminKey)
        manifest.departments.append(.init(name: "Restricted"))
        manifest.agents += [
            .init(email: "limited@alpha.example", name: "Limited", password: nil, permissions: .agent, departments: ["Support"]),
            .init(email: "viewer@alpha.example", name: "Viewer", password: nil, permissions: .agent, departments: ["Support"],
                  viewDepartments: ["Restricted"]),
            .init(email: "grouped@alpha.example", name: "Grouped", password: nil, permissions: .agent, departments: []),
        ]
        manifest.permissionGroups = [.init(name: "Restricted team", departments: ["Restricted"], members: ["grouped@alpha.example"])]
        manifest.apiKeys += [
            .init(name: "limited", agentEmail: "limited@alpha.example", permissions: .agent, secret: limitedKey),
            .init(name: "viewer", agentEmail: "viewer@alpha.example", permissions: .agent, secret: viewerKey),
            .init(name: "grouped", agentEmail: "grouped@alpha.example", permissions: .agent, secret: groupKey),
        ]
        return manifest
    }

    static func withTenants<T: Sendable>(_ body: @escaping @Sendable (TestNode) async throws -> T) async throws -> T {
        let config = try await TestEnvironment.migratedDatabase()
        try await Fixtures.apply(alphaManifest(), config: config)
        try await Fixtures.apply(Fixtures.manifest(slug: "beta", key: Fixtures.otherKey), config: config)
        return try await TestNode.run(config, body)
    }

    /// Every route the application serves under `/api/v1`, as the router knows them.
    static func apiRoutes(_ config: AppConfig) throws -> [(method: HTTPMethod, path: String)] {
        let pages = try WebPages(packs: try LanguagePacks(directory: config.localizationDirectory))
        let router = try Switchboard.buildRouter(node: SwitchboardNode(config: config, logger: TestEnvironment.logger), pages: pages)
        return router.routes.map { (HTTPMethod(rawValue: $0.method.rawValue), $0.path.description) }
            .filter { $0.path.hasPrefix("/api/v1/") }
    }

    /// A body that is plausible for any write, so probes reach the permission checks.
    static let probeBody = #"""
        {"subject":"probe","body":"probe","status":"resolved","version":1,"name":"probe","department":"Support","title":"probe","ref":1,"from":2,"messages":[1],
         "departments":{"Support":"full"},"members":[],"labels":["probe"],"hostname":"probe.example","scopes":["read"]}
        """#

    static func fill(_ path: String, _ values: [String: String]) -> String {
        var filled = path
        for (name, value) in values {
            filled = filled.replacingOccurrences(of: "{\(name)}", with: value).replacingOccurrences(of: ":\(name)", with: value)
        }
        return filled
    }

    @Test("department access: none hides tickets, view reads only, full (own or by group) works; admins see all")
    func departmentAccess() async throws {
        try await Self.withTenants { node in
            let host = "alpha.sb.test"
            let secret = try await node.request(.POST, "/api/v1/tickets", host: host, headers: Self.admin,
                                                json: #"{"subject":"Salary review","body":"confidential","department":"Restricted"}"#)
            #expect(secret.status == 201)
            let open = try await node.request(.POST, "/api/v1/tickets", host: host, headers: Self.limited,
                                              json: #"{"subject":"Printer","body":"jammed","department":"Support"}"#)
            #expect(open.status == 201)
            let ref = try #require(secret.json["ref"] as? Int)

            // No access: the ticket does not exist, in lists or by reference.
            let hidden = try await node.request(.GET, "/api/v1/tickets", host: host, headers: Self.limited)
            #expect((hidden.json["tickets"] as? [[String: Any]])?.compactMap { $0["ref"] as? Int } == [open.json["ref"] as? Int ?? 0])
            #expect(try await node.request(.GET, "/api/v1/tickets/\(ref)", host: host, headers: Self.limited).status == 404)
            let refused = try await node.request(.POST, "/api/v1/tickets", host: host, headers: Self.limited,
                                                 json: #"{"subject":"x","body":"y","department":"Restricted"}"#)
            #expect(refused.status == 403)

            // View only: readable, not changeable, not claimable.
            let seen = try await node.request(.GET, "/api/v1/tickets/\(ref)", host: host, headers: Self.viewer)
            #expect(seen.status == 200)
            let viewerList = try await node.request(.GET, "/api/v1/tickets?department=Restricted", host: host, headers: Self.viewer)
            #expect((viewerList.json["tickets"] as? [[String: Any]])?.count == 1)
            #expect(try await node.request(.PATCH, "/api/v1/tickets/\(ref)", host: host, headers: Self.viewer,
                                           json: #"{"status":"resolved","version":1}"#).status == 403)
            #expect(try await node.request(.POST, "/api/v1/tickets/\(ref)/messages", host: host, headers: Self.viewer,
                                           json: #"{"body":"me too"}"#).status == 403)
            #expect(try await node.request(.POST, "/api/v1/tickets/\(ref)/lock", host: host, headers: Self.viewer).status == 403)
            // Nor may a ticket be moved into a department the agent only views.
            let moved = try await node.request(.PATCH, "/api/v1/tickets/\(open.json["ref"] as? Int ?? 0)", host: host, headers: Self.viewer,
                                               json: #"{"department":"Restricted","version":1}"#)
            #expect(moved.status == 403)

            // Full access through a permission group.
            let changed = try await node.request(.PATCH, "/api/v1/tickets/\(ref)", host: host, headers: Self.grouped,
                                                 json: #"{"status":"pending","version":1}"#)
            #expect(changed.status == 200, "\(changed.body)")
            // Taking the agent out of the group takes the access away at once.
            let groups = try await node.request(.GET, "/api/v1/permission-groups", host: host, headers: Self.admin)
            let group = try #require((groups.json["permissionGroups"] as? [[String: Any]])?.first)
            #expect(group["departments"] as? [String: String] == ["Restricted": "full"])
            #expect(group["members"] as? [String] == ["grouped@alpha.example"])
            let emptied = try await node.request(.PUT, "/api/v1/permission-groups/\(group["id"] as? Int ?? 0)", host: host,
                                                 headers: Self.admin, json: #"{"name":"Restricted team","departments":{"Restricted":"view"}}"#)
            #expect(emptied.status == 200, "\(emptied.body)")
            #expect(try await node.request(.GET, "/api/v1/tickets/\(ref)", host: host, headers: Self.grouped).status == 404)

            // Only administrators manage groups; names and departments are checked.
            #expect(try await node.request(.POST, "/api/v1/permission-groups", host: host, headers: Self.limited,
                                           json: #"{"name":"Mine"}"#).status == 403)
            let unknown = try await node.request(.POST, "/api/v1/permission-groups", host: host, headers: Self.admin,
                                                 json: #"{"name":"Ghosts","departments":{"Nowhere":"full"}}"#)
            #expect(unknown.status == 422)
            #expect(unknown.body.contains("departments.Nowhere"))
            let duplicate = try await node.request(.POST, "/api/v1/permission-groups", host: host, headers: Self.admin,
                                                   json: #"{"name":"Restricted team"}"#)
            #expect(duplicate.status == 422)
        }
    }

    @Test("administrators set an agent's own department access through the API; it applies at once")
    func agentGrants() async throws {
        try await Self.withTenants { node in
            let host = "alpha.sb.test"
            let created = try await node.request(.POST, "/api/v1/tickets", host: host, headers: Self.admin,
                                                 json: #"{"subject":"Salary","body":"x","department":"Restricted"}"#)
            let ref = try #require(created.json["ref"] as? Int)
            let agents = try await node.request(.GET, "/api/v1/agents", host: host, headers: Self.limited)
            let limited = try #require((agents.json["agents"] as? [[String: Any]])?.first { $0["email"] as? String == "limited@alpha.example" })
            #expect(limited["departments"] as? [String: String] == ["Support": "full"])
            let id = try #require(limited["id"] as? Int)
            #expect(try await node.request(.GET, "/api/v1/tickets/\(ref)", host: host, headers: Self.limited).status == 404)
            #expect(try await node.request(.PUT, "/api/v1/agents/\(id)/departments", host: host, headers: Self.limited,
                                           json: #"{"departments":{"Restricted":"view"}}"#).status == 403)
            let granted = try await node.request(.PUT, "/api/v1/agents/\(id)/departments", host: host, headers: Self.admin,
                                                 json: #"{"departments":{"Support":"full","Restricted":"view"}}"#)
            #expect(granted.status == 200, "\(granted.body)")
            #expect(granted.json["departments"] as? [String: String] == ["Restricted": "view", "Support": "full"])
            #expect(try await node.request(.GET, "/api/v1/tickets/\(ref)", host: host, headers: Self.limited).status == 200)
            let unknown = try await node.request(.PUT, "/api/v1/agents/\(id)/departments", host: host, headers: Self.admin,
                                                 json: #"{"departments":{"Nowhere":"full"}}"#)
            #expect(unknown.status == 422)
            #expect(try await node.request(.GET, "/api/v1/tickets/\(ref)", host: host, headers: Self.limited).status == 200, "nothing changed")
            #expect(try await node.request(.PUT, "/api/v1/agents/999999/departments", host: host, headers: Self.admin,
                                           json: #"{"departments":{}}"#).status == 404)
        }
    }

    @Test("every API route, called with tenant A's key on tenant B's objects, leaks and changes nothing")
    func crossTenantProbe() async throws {
        let config = try await TestEnvironment.migratedDatabase()
        try await Fixtures.apply(Self.alphaManifest(), config: config)
        try await Fixtures.apply(Fixtures.manifest(slug: "beta", key: Fixtures.otherKey), config: config)
        let routes = try Self.apiRoutes(config)
        #expect(routes.count >= 25, "\(routes)")
        try await TestNode.run(config) { node in
            let marker = "BETA-SECRET"
            let betaHost = "beta.sb.test"
            // Beta's objects, each carrying the marker.
            let ticket = try await node.request(.POST, "/api/v1/tickets", host: betaHost, headers: Self.beta,
                                                json: #"{"subject":"\#(marker) ticket","body":"\#(marker) body","department":"Support"}"#)
            #expect(ticket.status == 201)
            let group = try await node.request(.POST, "/api/v1/permission-groups", host: betaHost, headers: Self.beta,
                                               json: #"{"name":"\#(marker) group","departments":{"Support":"view"}}"#)
            #expect(group.status == 201)
            let calendar = try await node.request(.POST, "/api/v1/business-hours", host: betaHost, headers: Self.beta,
                                                  json: BusinessHoursAPITests.office.replacingOccurrences(of: "London office", with: "\(marker) hours"))
            #expect(calendar.status == 201)
            let key = try await node.request(.POST, "/api/v1/api-keys", host: betaHost, headers: Self.beta,
                                             json: #"{"name":"\#(marker) key","scopes":["read"]}"#)
            #expect(key.status == 201, "\(key.body)")
            let domain = try await node.request(.POST, "/api/v1/domains", host: betaHost, headers: Self.beta,
                                                json: #"{"hostname":"beta-secret.example"}"#)
            #expect(domain.status == 201, "\(domain.body)")
            let organisation = try await node.request(.POST, "/api/v1/organisations", host: betaHost, headers: Self.beta,
                                                      json: #"{"name":"\#(marker) organisation"}"#)
            #expect(organisation.status == 201, "\(organisation.body)")
            let organisationID = organisation.json["id"] as? Int ?? 0
            let usergroup = try await node.request(.POST, "/api/v1/usergroups", host: betaHost, headers: Self.beta,
                                                   json: #"{"name":"\#(marker) usergroup"}"#)
            #expect(usergroup.status == 201, "\(usergroup.body)")
            let rule = try await node.request(.POST, "/api/v1/crm-rules", host: betaHost, headers: Self.beta,
                                              json: #"{"domain":"beta-secret.example","organisation":\#(organisationID)}"#)
            #expect(rule.status == 201, "\(rule.body)")
            let person = try await node.request(.POST, "/api/v1/people", host: betaHost, headers: Self.beta,
                                                json: #"{"name":"\#(marker) person","emails":["secret@beta-secret.example"],"usergroups":[\#(usergroup.json["id"] as? Int ?? 0)]}"#)
            #expect(person.status == 201, "\(person.body)")
            let merged = try await node.request(.POST, "/api/v1/people", host: betaHost, headers: Self.beta,
                                                json: #"{"name":"\#(marker) duplicate","emails":["duplicate@beta-secret.example"]}"#)
            #expect(try await node.request(.POST, "/api/v1/people/\(person.json["id"] as? Int ?? 0)/merge", host: betaHost, headers: Self.beta,
                                           json: #"{"from":\#(merged.json["id"] as? Int ?? 0)}"#).status == 200)
            let ban = try await node.request(.POST, "/api/v1/bans", host: betaHost, headers: Self.beta,
                                             json: #"{"pattern":"*@beta-secret.example","reason":"\#(marker) ban"}"#)
            #expect(ban.status == 201, "\(ban.body)")
            let team = try await node.request(.POST, "/api/v1/teams", host: betaHost, headers: Self.beta, json: #"{"name":"\#(marker) team"}"#)
            #expect(team.status == 201, "\(team.body)")
            let substatus = try await node.request(.POST, "/api/v1/statuses", host: betaHost, headers: Self.beta,
                                                   json: #"{"status":"pending","name":"\#(marker) substatus"}"#)
            #expect(substatus.status == 201, "\(substatus.body)")
            let department = try await node.request(.POST, "/api/v1/departments", host: betaHost, headers: Self.beta,
                                                    json: #"{"name":"\#(marker) department"}"#)
            #expect(department.status == 201, "\(department.body)")
            let followUp = try await node.request(.POST, "/api/v1/tickets/\(ticket.json["ref"] as? Int ?? 0)/follow-ups", host: betaHost,
                                                  headers: Self.beta, json: #"{"inMinutes":600,"note":"\#(marker) follow-up"}"#)
            #expect(followUp.status == 201, "\(followUp.body)")
            let slaPolicy = try await node.request(.POST, "/api/v1/sla-policies", host: betaHost, headers: Self.beta,
                                                   json: #"{"name":"\#(marker) SLA","targets":{"resolution":{"failureMinutes":60}}}"#)
            #expect(slaPolicy.status == 201, "\(slaPolicy.body)")
            #expect(try await node.request(.PUT, "/api/v1/tickets/\(ticket.json["ref"] as? Int ?? 0)/slas", host: betaHost, headers: Self.beta,
                                           json: #"{"policies":[\#(slaPolicy.json["id"] as? Int ?? 0)]}"#).status == 200)
            let trigger = try await node.request(.POST, "/api/v1/triggers", host: betaHost, headers: Self.beta,
                                                 json: #"{"name":"\#(marker) trigger","events":["created"],"actions":[{"type":"add_labels","labels":["x"]}]}"#)
            #expect(trigger.status == 201, "\(trigger.body)")
            let escalation = try await node.request(.POST, "/api/v1/escalations", host: betaHost, headers: Self.beta,
                                                    json: #"{"name":"\#(marker) escalation","state":"pending","afterMinutes":600,"actions":[{"type":"add_labels","labels":["x"]}]}"#)
            #expect(escalation.status == 201, "\(escalation.body)")
            let macro = try await node.request(.POST, "/api/v1/macros", host: betaHost, headers: Self.beta,
                                               json: #"{"name":"\#(marker) macro","actions":[{"type":"add_labels","labels":["x"]}]}"#)
            #expect(macro.status == 201, "\(macro.body)")
            let snippet = try await node.request(.POST, "/api/v1/snippets", host: betaHost, headers: Self.beta,
                                                 json: #"{"name":"\#(marker) snippet","texts":{"en":"\#(marker) text"}}"#)
            #expect(snippet.status == 201, "\(snippet.body)")
            let attachment = try await node.upload(Array("\(marker) file".utf8), query: "filename=\(marker).txt", host: betaHost, headers: Self.beta)
            #expect(attachment.status == 201, "\(attachment.body)")
            #expect(try await node.request(.POST, "/api/v1/tickets/\(ticket.json["ref"] as? Int ?? 0)/messages", host: betaHost, headers: Self.beta,
                                           json: #"{"body":"attached","attachments":[\#(attachment.json["id"] as? Int ?? 0)]}"#).status == 201)

            let personPath = "/api/v1/people/\(person.json["id"] as? Int ?? 0)"
            let snapshotPaths = ["/api/v1/tickets", "/api/v1/tickets/1", "/api/v1/tickets/1/log", "/api/v1/tickets/1/follow-ups", "/api/v1/permission-groups",
                                 "/api/v1/business-hours", "/api/v1/api-keys", "/api/v1/domains", "/api/v1/tenant", "/api/v1/settings/formats",
                                 "/api/v1/people", personPath, personPath + "/log", "/api/v1/organisations", "/api/v1/usergroups",
                                 "/api/v1/crm-rules", "/api/v1/bans", "/api/v1/teams", "/api/v1/statuses", "/api/v1/departments", "/api/v1/agents", "/api/v1/jobs", "/api/v1/sla-policies",
                                 "/api/v1/triggers", "/api/v1/escalations", "/api/v1/macros", "/api/v1/snippets"]
            func snapshot() async throws -> [String] {
                var bodies: [String] = []
                for path in snapshotPaths {
                    bodies.append(try await node.request(.GET, path, host: betaHost, headers: Self.beta).canonicalBody)
                }
                return bodies
            }
            let before = try await snapshot()
            #expect(before.filter { $0.contains(marker) }.count >= 18)

            // Every parameter takes each of beta's identifiers in turn.
            let ids = [group.json["id"], calendar.json["id"], (key.json["apiKey"] as? [String: Any])?["id"], person.json["id"], organisation.json["id"],
                       usergroup.json["id"], rule.json["id"], ban.json["id"], team.json["id"], substatus.json["id"],
                       department.json["id"], attachment.json["id"], followUp.json["id"],
                       slaPolicy.json["id"], trigger.json["id"], escalation.json["id"], macro.json["id"], snippet.json["id"]].compactMap { $0 as? Int }.map(String.init)
            #expect(ids.count == 18, "\(key.body)")
            let betaAgent = try await node.request(.GET, "/api/v1/me", host: betaHost, headers: Self.beta)
            let betaAgentID = String((betaAgent.json["agent"] as? [String: Any])?["id"] as? Int ?? 0)
            let candidates: [String: [String]] = [
                "ref": [String(ticket.json["ref"] as? Int ?? 1)], "id": ids, "hostname": ["beta-secret.example", betaHost],
                "slug": ["beta"], "agent": [betaAgentID], "other": [String(ticket.json["ref"] as? Int ?? 1)],
            ]
            var probes = 0
            var leaks: [String] = []
            for route in routes {
                let names = candidates.keys.filter { route.path.contains("{\($0)}") || route.path.contains(":\($0)") }
                let combinations = names.reduce([[String: String]()]) { partial, name in
                    partial.flatMap { values in candidates[name, default: []].map { values.merging([name: $0]) { $1 } } }
                }
                for values in combinations {
                    let path = Self.fill(route.path, values)
                    let write = [.POST, .PUT, .PATCH].contains(route.method)
                    // Tenant A's own host with beta's identifiers, then beta's host with A's key.
                    for (host, credentials) in [("alpha.sb.test", Self.admin), (betaHost, Self.admin)] {
                        let response = try await node.request(route.method, path, host: host, headers: credentials,
                                                              json: write ? Self.probeBody : nil)
                        probes += 1
                        if response.body.contains(marker) || response.status >= 500 {
                            leaks.append("\(route.method) \(path) on \(host): \(response.status) \(response.body.prefix(200))")
                        }
                        let isPublic = path.hasPrefix("/api/v1/auth/") || path == "/api/v1/openapi.json"
                        if host == betaHost, (200..<300).contains(response.status), !isPublic {
                            leaks.append("\(route.method) \(path) on \(host) answered \(response.status) to tenant A's key")
                        }
                    }
                }
            }
            #expect(probes >= 60)
            #expect(leaks.isEmpty, "\(leaks.joined(separator: "\n"))")
            let after = try await snapshot()
            for (index, path) in snapshotPaths.enumerated() where after[index] != before[index] {
                Issue.record("beta's \(path) changed:\n\(before[index])\n\(after[index])")
            }
        }
    }

    @Test("every ticket route, called by agents without the department's permission, leaks and changes nothing")
    func departmentProbe() async throws {
        let config = try await TestEnvironment.migratedDatabase()
        try await Fixtures.apply(Self.alphaManifest(), config: config)
        // Ticket routes, and attachment routes, which answer for the ticket an attachment is on.
        let ticketRoutes = try Self.apiRoutes(config).filter {
            $0.path.contains("{ref}") || $0.path.contains(":ref") || $0.path.hasPrefix("/api/v1/attachments/")
        }
        #expect(ticketRoutes.count >= 5)
        try await TestNode.run(config) { node in
            let host = "alpha.sb.test"
            let marker = "RESTRICTED-SECRET"
            let created = try await node.request(.POST, "/api/v1/tickets", host: host, headers: Self.admin,
                                                 json: #"{"subject":"\#(marker)","body":"\#(marker) body","department":"Restricted"}"#)
            let ref = String(try #require(created.json["ref"] as? Int))
            let task = try await node.request(.POST, "/api/v1/tickets/\(ref)/tasks", host: host, headers: Self.admin, json: #"{"title":"\#(marker) task"}"#)
            let upload = try await node.upload(Array("\(marker) file".utf8), query: "filename=\(marker).txt", host: host, headers: Self.admin)
            let attachmentID = String(upload.json["id"] as? Int ?? 0)
            #expect(try await node.request(.POST, "/api/v1/tickets/\(ref)/messages", host: host, headers: Self.admin,
                                           json: #"{"body":"attached","attachments":[\#(attachmentID)]}"#).status == 201)
            let me = try await node.request(.GET, "/api/v1/me", host: host, headers: Self.admin)
            let values = [
                "ref": ref, "id": String(task.json["id"] as? Int ?? 0), "other": ref,
                "agent": String((me.json["agent"] as? [String: Any])?["id"] as? Int ?? 0),
            ]
            func state() async throws -> [String] {
                var bodies: [String] = []
                for part in ["", "/log", "/tasks", "/links", "/followers", "/attachments/\(attachmentID)"] {
                    bodies.append(try await node.request(.GET, "/api/v1/tickets/\(ref)\(part)", host: host, headers: Self.admin).canonicalBody)
                }
                return bodies
            }
            let before = try await state()
            #expect(before[2].contains(marker))
            var leaks: [String] = []
            for route in ticketRoutes {
                let path = Self.fill(route.path, route.path.contains("attachments/") ? values.merging(["id": attachmentID]) { $1 } : values)
                let write = [.POST, .PUT, .PATCH].contains(route.method)
                let body = write ? Self.probeBody : nil
                let hidden = try await node.request(route.method, path, host: host, headers: Self.limited, json: body)
                // Releasing a lock one does not hold is a no-op that says nothing.
                let harmless = route.method == .DELETE && route.path.hasSuffix("/lock")
                if hidden.body.contains(marker) || hidden.status >= 500 || ((200..<300).contains(hidden.status) && !harmless) {
                    leaks.append("no access: \(route.method) \(path): \(hidden.status) \(hidden.body.prefix(200))")
                }
                // Viewing allows reading, and one's own star; every other change is refused.
                let viewed = try await node.request(route.method, path, host: host, headers: Self.viewer, json: body)
                let ownOnly = route.path.hasSuffix("/star") || harmless
                if route.method != .GET && !ownOnly && viewed.status != 403 {
                    leaks.append("view only: \(route.method) \(path): \(viewed.status) \(viewed.body.prefix(200))")
                }
            }
            let list = try await node.request(.GET, "/api/v1/tickets?limit=200", host: host, headers: Self.limited)
            if list.body.contains(marker) { leaks.append("listed to an agent without access") }
            #expect(leaks.isEmpty, "\(leaks.joined(separator: "\n"))")
            let after = try await state()
            #expect(after == before, "the restricted ticket changed:\n\(before)\n\(after)")
        }
    }
}

extension HTTPResult {
    /// The JSON body with its keys sorted, for comparing responses.
    var canonicalBody: String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)),
              let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        else { return body }
        return String(decoding: data, as: UTF8.self)
    }
}

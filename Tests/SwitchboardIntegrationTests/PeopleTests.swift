import Foundation
import NIOHTTP1
import Testing
import SwitchboardApp
import SwitchboardCore
import SwitchboardPostgres

/// People, organisations, usergroups, CRM rules, bans and merges through the API, in alpha,
/// with beta next door.
@Suite("People and organisations")
struct PeopleTests {
    static let admin = PermissionProbeTests.admin
    static let limited = PermissionProbeTests.limited
    static let beta = PermissionProbeTests.beta
    static let reader = [("Authorization", "Bearer \(Fixtures.readOnlyKey)")]
    static let host = "alpha.sb.test"

    /// Alpha (with a read-only key) and beta; `body` gets the node, a database handle and
    /// alpha's tenant.
    static func withPeople(_ body: @escaping @Sendable (TestNode, Database, Tenant.ID) async throws -> Void) async throws {
        let config = try await TestEnvironment.migratedDatabase()
        var alpha = PermissionProbeTests.alphaManifest()
        alpha.apiKeys.append(.init(name: "reader", agentEmail: "reader@alpha.example", permissions: [.read], secret: Fixtures.readOnlyKey))
        let report = try await Fixtures.apply(alpha, config: config)
        try await Fixtures.apply(Fixtures.manifest(slug: "beta", key: Fixtures.otherKey), config: config)
        let database = Database(configuration: config.database, logger: TestEnvironment.logger)
        try await Fixtures.withRunning(database) {
            try await TestNode.run(config) { node in try await body(node, database, Tenant.ID(report.tenantID)) }
        }
    }

    static func create(_ node: TestNode, _ json: String, headers: [(String, String)] = admin) async throws -> [String: Any] {
        let created = try await node.request(.POST, "/api/v1/people", host: host, headers: headers, json: json)
        #expect(created.status == 201, "\(created.body)")
        return created.json
    }

    static func organisation(_ node: TestNode, _ name: String) async throws -> Int {
        let created = try await node.request(.POST, "/api/v1/organisations", host: host, headers: admin, json: #"{"name":"\#(name)"}"#)
        #expect(created.status == 201, "\(created.body)")
        return try #require(created.json["id"] as? Int)
    }

    static func names(_ result: HTTPResult, _ key: String = "people") -> [String] {
        (result.json[key] as? [[String: Any]])?.compactMap { $0["name"] as? String } ?? []
    }

    static func fields(_ result: HTTPResult) -> [String] {
        (result.json["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? []
    }

    @Test("people are created, found by name or address prefix, paged, changed and deleted")
    func lifecycle() async throws {
        try await Self.withPeople { node, _, _ in
            let ada = try await Self.create(node, #"""
                {"name":"Ada Lovelace","emails":["Ada@Example.com","ada@analytical.example"],"phone":"+44 20 7946 0000",
                 "identities":[{"kind":"Twitter","value":"@ada"}],"locale":"en-GB","timeZone":"Europe/London"}
                """#)
            #expect(ada["emails"] as? [String] == ["ada@example.com", "ada@analytical.example"])
            #expect(ada["primaryEmail"] as? String == "ada@example.com")
            #expect((ada["identities"] as? [[String: String]]) == [["kind": "twitter", "value": "@ada"]])
            _ = try await Self.create(node, #"{"name":"Charles Babbage","emails":["charles@engine.example"]}"#)
            _ = try await Self.create(node, #"{"name":"Grace Hopper"}"#)
            let id = try #require(ada["id"] as? Int)

            let byName = try await node.request(.GET, "/api/v1/people?q=ada", host: Self.host, headers: Self.admin)
            #expect(Self.names(byName) == ["Ada Lovelace"])
            let byEmail = try await node.request(.GET, "/api/v1/people?q=CHARLES@", host: Self.host, headers: Self.reader)
            #expect(Self.names(byEmail) == ["Charles Babbage"])
            let wildcard = try await node.request(.GET, "/api/v1/people?q=%25", host: Self.host, headers: Self.admin)
            #expect(Self.names(wildcard).isEmpty, "LIKE wildcards are matched literally")

            // Keyset pages, newest first.
            let first = try await node.request(.GET, "/api/v1/people?limit=2", host: Self.host, headers: Self.admin)
            #expect(Self.names(first) == ["Grace Hopper", "Charles Babbage"])
            let cursor = try #require(first.json["nextCursor"] as? String)
            let second = try await node.request(.GET, "/api/v1/people?limit=2&cursor=\(cursor)", host: Self.host, headers: Self.admin)
            #expect(Self.names(second) == ["Ada Lovelace"])
            #expect(second.json["nextCursor"] == nil)
            #expect(try await node.request(.GET, "/api/v1/people?cursor=nope", host: Self.host, headers: Self.admin).status == 400)

            // A change keeps what it does not name; "" clears.
            let changed = try await node.request(.PATCH, "/api/v1/people/\(id)", host: Self.host, headers: Self.admin,
                                                 json: #"{"emails":["ada@analytical.example","ada@example.com"],"phone":""}"#)
            #expect(changed.status == 200, "\(changed.body)")
            #expect(changed.json["primaryEmail"] as? String == "ada@analytical.example")
            #expect(changed.json["phone"] == nil)
            #expect(changed.json["locale"] as? String == "en-GB")
            #expect(changed.json["name"] as? String == "Ada Lovelace")

            // Every bad field is named.
            let invalid = try await node.request(.POST, "/api/v1/people", host: Self.host, headers: Self.admin, json: #"""
                {"name":"  ","emails":["ok@example.com","not an address"],"locale":"english!","timeZone":"Mars/Olympus","phone":"call me",
                 "identities":[{"kind":"a b","value":"x"}]}
                """#)
            #expect(invalid.status == 422)
            #expect(Set(Self.fields(invalid)) == ["name", "emails[1]", "locale", "timeZone", "phone", "identities[0].kind"])
            let nul = try await node.request(.POST, "/api/v1/people", host: Self.host, headers: Self.admin, json: #"{"name":"A\u0000B"}"#)
            #expect(nul.status == 422 && Self.fields(nul) == ["name"], "\(nul.body)")
            let long = try await node.request(.POST, "/api/v1/people", host: Self.host, headers: Self.admin,
                                              json: #"{"name":"\#(String(repeating: "한", count: 201))"}"#)
            #expect(Self.fields(long) == ["name"])

            #expect(try await node.request(.DELETE, "/api/v1/people/\(id)", host: Self.host, headers: Self.admin).status == 204)
            #expect(try await node.request(.GET, "/api/v1/people/\(id)", host: Self.host, headers: Self.admin).status == 404)
            // The address is free again once its person is gone.
            _ = try await Self.create(node, #"{"name":"Ada again","emails":["ada@example.com"]}"#)
        }
    }

    @Test("an address belongs to one person: a taken one is a 422 naming it")
    func duplicateEmail() async throws {
        try await Self.withPeople { node, _, _ in
            let first = try await Self.create(node, #"{"name":"First","emails":["shared@example.com"]}"#)
            let second = try await Self.create(node, #"{"name":"Second","emails":["second@example.com"]}"#)
            let taken = try await node.request(.POST, "/api/v1/people", host: Self.host, headers: Self.admin,
                                               json: #"{"name":"Third","emails":["third@example.com","SHARED@example.com"]}"#)
            #expect(taken.status == 422)
            #expect(Self.fields(taken) == ["emails[1]"])
            let stolen = try await node.request(.PATCH, "/api/v1/people/\(second["id"] as? Int ?? 0)", host: Self.host, headers: Self.admin,
                                                json: #"{"emails":["shared@example.com"]}"#)
            #expect(stolen.status == 422 && Self.fields(stolen) == ["emails[0]"])
            // Keeping one's own address is no conflict.
            let kept = try await node.request(.PATCH, "/api/v1/people/\(first["id"] as? Int ?? 0)", host: Self.host, headers: Self.admin,
                                              json: #"{"name":"First again","emails":["shared@example.com"]}"#)
            #expect(kept.status == 200, "\(kept.body)")
        }
    }

    @Test("agents read people; only write creates, changes, merges or deletes; only admin manages rules, bans and usergroups")
    func permissions() async throws {
        try await Self.withPeople { node, _, _ in
            let person = try await Self.create(node, #"{"name":"Someone","emails":["someone@example.com"]}"#)
            let id = person["id"] as? Int ?? 0
            let organisation = try await Self.organisation(node, "Acme")
            #expect(try await node.request(.GET, "/api/v1/people/\(id)", host: Self.host, headers: Self.reader).status == 200)
            #expect(try await node.request(.GET, "/api/v1/organisations/\(organisation)", host: Self.host, headers: Self.reader).status == 200)
            let refused: [(HTTPMethod, String, String?)] = [
                (.POST, "/api/v1/people", #"{"name":"Nope"}"#),
                (.PATCH, "/api/v1/people/\(id)", #"{"name":"Nope"}"#),
                (.PUT, "/api/v1/people/\(id)/organisations", #"{"organisations":[\#(organisation)]}"#),
                (.POST, "/api/v1/people/\(id)/merge", #"{"from":\#(id)}"#),
                (.DELETE, "/api/v1/people/\(id)", nil),
                (.POST, "/api/v1/organisations", #"{"name":"Nope"}"#),
                (.PATCH, "/api/v1/organisations/\(organisation)", #"{"name":"Nope"}"#),
                (.DELETE, "/api/v1/organisations/\(organisation)", nil),
            ]
            for (method, path, body) in refused {
                let response = try await node.request(method, path, host: Self.host, headers: Self.reader, json: body)
                #expect(response.status == 403, "\(method) \(path)")
            }
            // An agent with write (not admin) works on people but not on rules, bans or usergroups.
            #expect(try await node.request(.POST, "/api/v1/people", host: Self.host, headers: Self.limited, json: #"{"name":"Fine"}"#).status == 201)
            for (path, body) in [("/api/v1/crm-rules", #"{"domain":"acme.example","organisation":\#(organisation)}"#),
                                 ("/api/v1/bans", #"{"pattern":"*@spam.example"}"#), ("/api/v1/usergroups", #"{"name":"VIP"}"#)] {
                #expect(try await node.request(.POST, path, host: Self.host, headers: Self.limited, json: body).status == 403, "\(path)")
            }
            #expect(try await node.request(.GET, "/api/v1/bans", host: Self.host, headers: Self.limited).status == 403)
            #expect(try await node.request(.GET, "/api/v1/people", host: Self.host).status == 401)
        }
    }

    @Test("a person belongs to several organisations, one primary; lists filter by organisation")
    func organisations() async throws {
        try await Self.withPeople { node, _, _ in
            let acme = try await Self.organisation(node, "Acme")
            let globex = try await Self.organisation(node, "Globex")
            let taken = try await node.request(.POST, "/api/v1/organisations", host: Self.host, headers: Self.admin, json: #"{"name":"ACME"}"#)
            #expect(taken.status == 422 && Self.fields(taken) == ["name"])
            let person = try await Self.create(node, #"{"name":"Member"}"#)
            _ = try await Self.create(node, #"{"name":"Outsider"}"#)
            let id = person["id"] as? Int ?? 0
            let joined = try await node.request(.PUT, "/api/v1/people/\(id)/organisations", host: Self.host, headers: Self.admin,
                                                json: #"{"organisations":[\#(acme),\#(globex)],"primary":\#(globex)}"#)
            #expect(joined.status == 200, "\(joined.body)")
            let memberships = joined.json["organisations"] as? [[String: Any]] ?? []
            #expect(memberships.compactMap { $0["name"] as? String } == ["Globex", "Acme"])
            #expect(memberships.compactMap { $0["primary"] as? Bool } == [true, false])
            let badPrimary = try await node.request(.PUT, "/api/v1/people/\(id)/organisations", host: Self.host, headers: Self.admin,
                                                    json: #"{"organisations":[\#(acme)],"primary":\#(globex)}"#)
            #expect(badPrimary.status == 422 && Self.fields(badPrimary) == ["primary"])
            let unknown = try await node.request(.PUT, "/api/v1/people/\(id)/organisations", host: Self.host, headers: Self.admin,
                                                 json: #"{"organisations":[999999999]}"#)
            #expect(unknown.status == 422 && Self.fields(unknown) == ["organisations"])

            let members = try await node.request(.GET, "/api/v1/people?organisation=\(acme)", host: Self.host, headers: Self.admin)
            #expect(Self.names(members) == ["Member"])
            let listed = try await node.request(.GET, "/api/v1/organisations?q=glo", host: Self.host, headers: Self.admin)
            #expect(Self.names(listed, "organisations") == ["Globex"])
            #expect((listed.json["organisations"] as? [[String: Any]])?.first?["memberCount"] as? Int == 1)
            let renamed = try await node.request(.PATCH, "/api/v1/organisations/\(acme)", host: Self.host, headers: Self.admin,
                                                 json: #"{"name":"Acme Ltd"}"#)
            #expect(renamed.json["name"] as? String == "Acme Ltd")

            // Deleting the primary organisation makes the remaining one primary.
            #expect(try await node.request(.DELETE, "/api/v1/organisations/\(globex)", host: Self.host, headers: Self.admin).status == 204)
            let after = try await node.request(.GET, "/api/v1/people/\(id)", host: Self.host, headers: Self.admin)
            let remaining = after.json["organisations"] as? [[String: Any]] ?? []
            #expect(remaining.count == 1 && remaining.first?["name"] as? String == "Acme Ltd" && remaining.first?["primary"] as? Bool == true)
        }
    }

    @Test("a CRM rule links people created with, or gaining, an address at its domain")
    func crmRules() async throws {
        try await Self.withPeople { node, _, _ in
            let acme = try await Self.organisation(node, "Acme")
            let rule = try await node.request(.POST, "/api/v1/crm-rules", host: Self.host, headers: Self.admin,
                                              json: #"{"domain":"ACME.example","organisation":\#(acme)}"#)
            #expect(rule.status == 201, "\(rule.body)")
            #expect(rule.json["domain"] as? String == "acme.example")
            let again = try await node.request(.POST, "/api/v1/crm-rules", host: Self.host, headers: Self.admin,
                                               json: #"{"domain":"acme.example","organisation":\#(acme)}"#)
            #expect(again.status == 422 && Self.fields(again) == ["domain"])
            let nowhere = try await node.request(.POST, "/api/v1/crm-rules", host: Self.host, headers: Self.admin,
                                                 json: #"{"domain":"other.example","organisation":999999999}"#)
            #expect(nowhere.status == 422 && Self.fields(nowhere) == ["organisation"])

            let employee = try await Self.create(node, #"{"name":"Employee","emails":["wile@acme.example"]}"#)
            let memberships = employee["organisations"] as? [[String: Any]] ?? []
            #expect(memberships.count == 1 && memberships.first?["id"] as? Int == acme && memberships.first?["primary"] as? Bool == true)

            let outsider = try await Self.create(node, #"{"name":"Outsider","emails":["road@runner.example"]}"#)
            #expect((outsider["organisations"] as? [Any])?.isEmpty == true)
            let hired = try await node.request(.PATCH, "/api/v1/people/\(outsider["id"] as? Int ?? 0)", host: Self.host, headers: Self.admin,
                                               json: #"{"emails":["road@runner.example","road@acme.example"]}"#)
            #expect((hired.json["organisations"] as? [[String: Any]])?.first?["id"] as? Int == acme, "\(hired.body)")

            let rules = try await node.request(.GET, "/api/v1/crm-rules", host: Self.host, headers: Self.reader)
            let listed = rules.json["crmRules"] as? [[String: Any]] ?? []
            #expect(listed.count == 1 && listed.first?["organisationName"] as? String == "Acme")
            let ruleID = rule.json["id"] as? Int ?? 0
            #expect(try await node.request(.DELETE, "/api/v1/crm-rules/\(ruleID)", host: Self.host, headers: Self.admin).status == 204)
            let later = try await Self.create(node, #"{"name":"Later","emails":["late@acme.example"]}"#)
            #expect((later["organisations"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("merging moves addresses, organisations, usergroups and tickets to the target, deletes the other and logs it")
    func merge() async throws {
        try await Self.withPeople { node, database, tenant in
            let acme = try await Self.organisation(node, "Acme")
            let group = try await node.request(.POST, "/api/v1/usergroups", host: Self.host, headers: Self.admin, json: #"{"name":"VIP"}"#)
            let groupID = try #require(group.json["id"] as? Int)
            let target = try await Self.create(node, #"{"name":"Jane Doe","emails":["jane@example.com"]}"#)
            let duplicate = try await Self.create(node, #"""
                {"name":"J. Doe","emails":["jdoe@work.example"],"phone":"555 0100","usergroups":[\#(groupID)]}
                """#)
            let targetID = try #require(target["id"] as? Int)
            let duplicateID = try #require(duplicate["id"] as? Int)
            #expect(try await node.request(.PUT, "/api/v1/people/\(duplicateID)/organisations", host: Self.host, headers: Self.admin,
                                           json: #"{"organisations":[\#(acme)]}"#).status == 200)
            // Tickets arrive with a person from mail and chat; here they are attached directly.
            var refs: [Int] = []
            for subject in ["First", "Second"] {
                let ticket = try await node.request(.POST, "/api/v1/tickets", host: Self.host, headers: Self.admin,
                                                    json: #"{"subject":"\#(subject)","body":"text","department":"Support"}"#)
                refs.append(try #require(ticket.json["ref"] as? Int))
            }
            _ = try await database.tenant(tenant).transaction { transaction in
                try await transaction.query("UPDATE tickets SET person_id = \(Int64(duplicateID)) WHERE ref = ANY(\(refs.map(Int64.init))::int8[])")
            }

            let same = try await node.request(.POST, "/api/v1/people/\(targetID)/merge", host: Self.host, headers: Self.admin,
                                              json: #"{"from":\#(targetID)}"#)
            #expect(same.status == 422 && Self.fields(same) == ["from"])
            let merged = try await node.request(.POST, "/api/v1/people/\(targetID)/merge", host: Self.host, headers: Self.admin,
                                                json: #"{"from":\#(duplicateID)}"#)
            #expect(merged.status == 200, "\(merged.body)")
            #expect(merged.json["emails"] as? [String] == ["jane@example.com", "jdoe@work.example"])
            #expect(merged.json["primaryEmail"] as? String == "jane@example.com")
            #expect(merged.json["phone"] as? String == "555 0100")
            #expect((merged.json["organisations"] as? [[String: Any]])?.first?["id"] as? Int == acme)
            #expect((merged.json["usergroups"] as? [[String: Any]])?.first?["id"] as? Int == groupID)
            #expect(try await node.request(.GET, "/api/v1/people/\(duplicateID)", host: Self.host, headers: Self.admin).status == 404)

            let history = try await node.request(.GET, "/api/v1/people/\(targetID)/tickets", host: Self.host, headers: Self.admin)
            #expect((history.json["tickets"] as? [[String: Any]])?.compactMap { $0["ref"] as? Int }.sorted() == refs)
            let log = try await node.request(.GET, "/api/v1/people/\(targetID)/log", host: Self.host, headers: Self.reader)
            let entry = try #require((log.json["entries"] as? [[String: Any]])?.first)
            #expect(entry["action"] as? String == "merge")
            #expect(entry["agentID"] as? Int != nil)
            let record = entry["merged"] as? [String: Any] ?? [:]
            #expect(record["id"] as? Int == duplicateID && record["name"] as? String == "J. Doe" && record["tickets"] as? Int == 2)
            #expect(record["emails"] as? [String] == ["jdoe@work.example"])
            // The merged-away person cannot be merged again.
            let gone = try await node.request(.POST, "/api/v1/people/\(targetID)/merge", host: Self.host, headers: Self.admin,
                                              json: #"{"from":\#(duplicateID)}"#)
            #expect(gone.status == 422)
        }
    }

    @Test("a person's ticket history pages their tickets within the agent's department access")
    func ticketHistory() async throws {
        try await Self.withPeople { node, database, tenant in
            let person = try await Self.create(node, #"{"name":"Customer"}"#)
            let id = try #require(person["id"] as? Int)
            var refs: [Int] = []
            for (subject, department) in [("One", "Support"), ("Two", "Support"), ("Secret", "Restricted"), ("Three", "Support")] {
                let ticket = try await node.request(.POST, "/api/v1/tickets", host: Self.host, headers: Self.admin,
                                                    json: #"{"subject":"\#(subject)","body":"text","department":"\#(department)"}"#)
                refs.append(try #require(ticket.json["ref"] as? Int))
            }
            _ = try await node.request(.POST, "/api/v1/tickets", host: Self.host, headers: Self.admin,
                                       json: #"{"subject":"Someone else's","body":"text","department":"Support"}"#)
            _ = try await database.tenant(tenant).transaction { transaction in
                try await transaction.query("UPDATE tickets SET person_id = \(Int64(id)) WHERE ref = ANY(\(refs.map(Int64.init))::int8[])")
            }
            let first = try await node.request(.GET, "/api/v1/people/\(id)/tickets?limit=2", host: Self.host, headers: Self.limited)
            let cursor = try #require(first.json["nextCursor"] as? String, "\(first.body)")
            let second = try await node.request(.GET, "/api/v1/people/\(id)/tickets?limit=2&cursor=\(cursor)", host: Self.host, headers: Self.limited)
            let seen = ((first.json["tickets"] as? [[String: Any]] ?? []) + (second.json["tickets"] as? [[String: Any]] ?? []))
                .compactMap { $0["subject"] as? String }
            #expect(Set(seen) == ["One", "Two", "Three"], "the Restricted ticket stays hidden from an agent without access")
            let all = try await node.request(.GET, "/api/v1/people/\(id)/tickets", host: Self.host, headers: Self.admin)
            #expect((all.json["tickets"] as? [Any])?.count == 4)
            #expect(try await node.request(.GET, "/api/v1/people/999999999/tickets", host: Self.host, headers: Self.admin).status == 404)
        }
    }

    @Test("usergroups are managed by administrators; people join them through their profile")
    func usergroups() async throws {
        try await Self.withPeople { node, _, _ in
            let group = try await node.request(.POST, "/api/v1/usergroups", host: Self.host, headers: Self.admin, json: #"{"name":"Partners"}"#)
            #expect(group.status == 201)
            let groupID = try #require(group.json["id"] as? Int)
            let duplicate = try await node.request(.POST, "/api/v1/usergroups", host: Self.host, headers: Self.admin, json: #"{"name":"Partners"}"#)
            #expect(duplicate.status == 422 && Self.fields(duplicate) == ["name"])
            let person = try await Self.create(node, #"{"name":"Partner"}"#)
            _ = try await Self.create(node, #"{"name":"Not a partner"}"#)
            let joined = try await node.request(.PATCH, "/api/v1/people/\(person["id"] as? Int ?? 0)", host: Self.host, headers: Self.admin,
                                                json: #"{"usergroups":[\#(groupID)]}"#)
            #expect((joined.json["usergroups"] as? [[String: Any]])?.first?["name"] as? String == "Partners")
            let unknown = try await node.request(.PATCH, "/api/v1/people/\(person["id"] as? Int ?? 0)", host: Self.host, headers: Self.admin,
                                                 json: #"{"usergroups":[999999999]}"#)
            #expect(unknown.status == 422 && Self.fields(unknown) == ["usergroups"])
            let members = try await node.request(.GET, "/api/v1/people?usergroup=\(groupID)", host: Self.host, headers: Self.reader)
            #expect(Self.names(members) == ["Partner"])
            let list = try await node.request(.GET, "/api/v1/usergroups", host: Self.host, headers: Self.reader)
            #expect(Self.names(list, "usergroups") == ["Partners"])
            #expect(try await node.request(.DELETE, "/api/v1/usergroups/\(groupID)", host: Self.host, headers: Self.limited).status == 403)
            #expect(try await node.request(.DELETE, "/api/v1/usergroups/\(groupID)", host: Self.host, headers: Self.admin).status == 204)
        }
    }

    @Test("bans match exact addresses, wildcard domains and networks, in the API and in isBanned")
    func bans() async throws {
        try await Self.withPeople { node, database, tenant in
            for pattern in ["troll@example.com", "*@spam.example", "*@*.spam.example", "203.0.113.0/24", "2001:db8::/32", "198.51.100.7"] {
                let created = try await node.request(.POST, "/api/v1/bans", host: Self.host, headers: Self.admin,
                                                     json: #"{"pattern":"\#(pattern)","reason":"abuse"}"#)
                #expect(created.status == 201, "\(pattern): \(created.body)")
            }
            let again = try await node.request(.POST, "/api/v1/bans", host: Self.host, headers: Self.admin, json: #"{"pattern":"*@SPAM.example"}"#)
            #expect(again.status == 422 && Self.fields(again) == ["pattern"])
            let everyone = try await node.request(.POST, "/api/v1/bans", host: Self.host, headers: Self.admin, json: #"{"pattern":"*@*"}"#)
            #expect(everyone.status == 422 && Self.fields(everyone) == ["pattern"])
            let listed = try await node.request(.GET, "/api/v1/bans", host: Self.host, headers: Self.admin)
            let bans = listed.json["bans"] as? [[String: Any]] ?? []
            #expect(bans.count == 6)
            #expect(bans.first { $0["pattern"] as? String == "203.0.113.0/24" }?["kind"] as? String == "ip")

            let checks: [(String?, String?, Bool)] = [
                ("troll@example.com", nil, true), ("TROLL@Example.com", nil, true), ("friend@example.com", nil, false),
                ("anyone@spam.example", nil, true), ("anyone@mail.spam.example", nil, true), ("anyone@notspam.example", nil, false),
                ("anyone@spam.example.org", nil, false), (nil, "203.0.113.99", true), (nil, "203.0.114.1", false),
                (nil, "2001:db8::1", true), (nil, "2001:db9::1", false), (nil, "198.51.100.7", true), (nil, "198.51.100.8", false),
                ("friend@example.com", "203.0.113.5", true), (nil, "not an ip", false), (nil, nil, false),
            ]
            for (email, ip, expected) in checks {
                let banned = try await database.tenant(tenant).transaction { try await $0.isBanned(email: email, ip: ip) }
                #expect(banned == expected, "\(email ?? "-") \(ip ?? "-")")
            }
            // Lifting a ban lets the sender in again.
            let id = try #require(bans.first { $0["pattern"] as? String == "*@spam.example" }?["id"] as? Int)
            #expect(try await node.request(.DELETE, "/api/v1/bans/\(id)", host: Self.host, headers: Self.admin).status == 204)
            #expect(try await database.tenant(tenant).transaction { try await $0.isBanned(email: "anyone@spam.example", ip: nil) } == false)
        }
    }

    @Test("another tenant can neither see nor change alpha's people, organisations, rules, bans or usergroups")
    func tenantIsolation() async throws {
        try await Self.withPeople { node, database, tenant in
            let acme = try await Self.organisation(node, "Acme")
            let rule = try await node.request(.POST, "/api/v1/crm-rules", host: Self.host, headers: Self.admin,
                                              json: #"{"domain":"acme.example","organisation":\#(acme)}"#)
            let person = try await Self.create(node, #"{"name":"Alpha customer","emails":["customer@acme.example"]}"#)
            let id = person["id"] as? Int ?? 0
            let ban = try await node.request(.POST, "/api/v1/bans", host: Self.host, headers: Self.admin, json: #"{"pattern":"*@spam.example"}"#)
            let group = try await node.request(.POST, "/api/v1/usergroups", host: Self.host, headers: Self.admin, json: #"{"name":"VIP"}"#)
            let betaHost = "beta.sb.test"

            // Beta's own lists are empty; alpha's ids are unknown there.
            for (path, key) in [("/api/v1/people", "people"), ("/api/v1/organisations", "organisations"), ("/api/v1/crm-rules", "crmRules"),
                                ("/api/v1/bans", "bans"), ("/api/v1/usergroups", "usergroups")] {
                let listed = try await node.request(.GET, path, host: betaHost, headers: Self.beta)
                #expect(listed.status == 200 && (listed.json[key] as? [Any])?.isEmpty == true, "\(path): \(listed.body)")
            }
            let writes: [(HTTPMethod, String, String?)] = [
                (.GET, "/api/v1/people/\(id)", nil), (.PATCH, "/api/v1/people/\(id)", #"{"name":"Hijacked"}"#),
                (.DELETE, "/api/v1/people/\(id)", nil), (.GET, "/api/v1/people/\(id)/tickets", nil), (.GET, "/api/v1/people/\(id)/log", nil),
                (.PUT, "/api/v1/people/\(id)/organisations", #"{"organisations":[]}"#),
                (.GET, "/api/v1/organisations/\(acme)", nil), (.PATCH, "/api/v1/organisations/\(acme)", #"{"name":"Hijacked"}"#),
                (.DELETE, "/api/v1/organisations/\(acme)", nil), (.DELETE, "/api/v1/crm-rules/\(rule.json["id"] as? Int ?? 0)", nil),
                (.DELETE, "/api/v1/bans/\(ban.json["id"] as? Int ?? 0)", nil), (.GET, "/api/v1/usergroups/\(group.json["id"] as? Int ?? 0)", nil),
                (.DELETE, "/api/v1/usergroups/\(group.json["id"] as? Int ?? 0)", nil),
            ]
            for (method, path, body) in writes {
                let response = try await node.request(method, path, host: betaHost, headers: Self.beta, json: body)
                #expect(response.status == 404, "\(method) \(path): \(response.status)")
                let crossed = try await node.request(method, path, host: Self.host, headers: Self.beta, json: body)
                #expect(crossed.status == 401, "beta's key on alpha's host: \(method) \(path): \(crossed.status)")
            }
            // Beta's people cannot take alpha's organisations, usergroups or people.
            let betaPerson = try await node.request(.POST, "/api/v1/people", host: betaHost, headers: Self.beta,
                                                    json: #"{"name":"Beta","emails":["customer@acme.example"],"usergroups":[\#(group.json["id"] as? Int ?? 0)]}"#)
            #expect(betaPerson.status == 422 && Self.fields(betaPerson) == ["usergroups"], "\(betaPerson.body)")
            let plain = try await node.request(.POST, "/api/v1/people", host: betaHost, headers: Self.beta,
                                               json: #"{"name":"Beta","emails":["customer@acme.example"]}"#)
            #expect(plain.status == 201, "the same address is another tenant's own")
            #expect((plain.json["organisations"] as? [Any])?.isEmpty == true, "alpha's CRM rule does not apply in beta")
            let betaID = plain.json["id"] as? Int ?? 0
            let joined = try await node.request(.PUT, "/api/v1/people/\(betaID)/organisations", host: betaHost, headers: Self.beta,
                                                json: #"{"organisations":[\#(acme)]}"#)
            #expect(joined.status == 422)
            let merged = try await node.request(.POST, "/api/v1/people/\(betaID)/merge", host: betaHost, headers: Self.beta, json: #"{"from":\#(id)}"#)
            #expect(merged.status == 422)
            #expect(try await database.tenant(tenant).transaction { try await $0.isBanned(email: "x@spam.example", ip: nil) })

            let still = try await node.request(.GET, "/api/v1/people/\(id)", host: Self.host, headers: Self.admin)
            #expect(still.json["name"] as? String == "Alpha customer")
            #expect((still.json["organisations"] as? [[String: Any]])?.count == 1)
        }
    }
}

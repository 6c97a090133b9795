import Foundation
import SwitchboardApp
import SwitchboardCore
import SwitchboardPostgres
import Testing

/// Automatic assignment among online agents, and escalations that act once per ticket, with an
/// injected clock and with three nodes, one of them killed.
@Suite("Assignment and escalations")
struct AssignmentAndEscalationTests {
    typealias Send = @Sendable (HTTPMethodName, String, [(String, String)], String?) async throws -> HTTPResult
    static let host = "crew.sb.test"
    static let admin = [("Authorization", "Bearer \(Fixtures.adminKey)")]

    /// Five agents in Support, each with a key to say they are online.
    static func key(_ index: Int) -> String { "sbk_" + String(repeating: Character(UnicodeScalar(UInt8(97 + index))), count: 40) }
    static func agentHeaders(_ index: Int) -> [(String, String)] { [("Authorization", "Bearer \(key(index))")] }

    static func manifest() -> TenantManifest {
        var manifest = Fixtures.manifest(slug: "crew", key: Fixtures.adminKey)
        for index in 1...5 {
            manifest.agents.append(.init(email: "agent\(index)@crew.example", name: "Agent \(index)", password: nil, permissions: .agent, departments: ["Support"]))
            manifest.apiKeys.append(.init(name: "agent\(index)", agentEmail: "agent\(index)@crew.example", permissions: .agent, secret: key(index)))
        }
        return manifest
    }

    /// The five agents' ids, in order, and a team of them.
    static func crew(_ send: Send) async throws -> (agents: [Int], team: Int) {
        var agents: [Int] = []
        for index in 1...5 {
            let me = try await send(.GET, "/api/v1/me", agentHeaders(index), nil)
            agents.append(try #require((me.json["agent"] as? [String: Any])?["id"] as? Int))
        }
        let team = try await send(.POST, "/api/v1/teams", admin, #"{"name":"Crew","members":\#(agents)}"#)
        #expect(team.status == 201, "\(team.body)")
        return (agents, try #require(team.json["id"] as? Int))
    }

    static func online(_ indices: ClosedRange<Int>, _ send: Send) async throws {
        for index in indices {
            let beat = try await send(.PUT, "/api/v1/me/presence", agentHeaders(index), #"{"online":true}"#)
            #expect(beat.status == 200, "\(beat.body)")
        }
    }

    static func inProcess(_ node: TestNode) -> Send {
        { method, path, headers, json in try await node.request(.init(rawValue: method.rawValue), path, host: host, headers: headers, json: json) }
    }

    @Test("round robin over five online agents shares 1,000 new tickets within one of even; least-loaded keeps to capacity")
    func roundRobinAndCapacity() async throws {
        let config = try await TestEnvironment.migratedDatabase()
        try await Fixtures.apply(Self.manifest(), config: config)
        try await TestNode.run(config) { node in
            let send = Self.inProcess(node)
            let (agents, team) = try await Self.crew(send)
            try await Self.online(1...5, send)
            let trigger = try await send(.POST, "/api/v1/triggers", Self.admin,
                                         #"{"name":"Share","events":["created"],"actions":[{"type":"assign","strategy":"round_robin","team":\#(team)}]}"#)
            #expect(trigger.status == 201, "\(trigger.body)")
            let counts = JobTests.Shared<[Int: Int]>([:])
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<8 {
                    group.addTask {
                        for index in stride(from: worker, to: 1_000, by: 8) {
                            let created = try await send(.POST, "/api/v1/tickets", Self.admin, #"{"subject":"Ticket \#(index)","body":"text"}"#)
                            let agent = created.json["agentID"] as? Int ?? 0
                            counts.update { $0[agent, default: 0] += 1 }
                        }
                    }
                }
                try await group.waitForAll()
            }
            let shares = counts.value
            #expect(Set(shares.keys) == Set(agents), "\(shares)")
            #expect((shares.values.max() ?? 0) - (shares.values.min() ?? 0) <= 1, "\(shares)")
            #expect(shares.values.reduce(0, +) == 1_000)
        }
    }

    @Test("least-loaded gives tickets only to online agents under their capacity, and logs when nobody can take one")
    func leastLoaded() async throws {
        let config = try await TestEnvironment.migratedDatabase()
        try await Fixtures.apply(Self.manifest(), config: config)
        try await TestNode.run(config) { node in
            let send = Self.inProcess(node)
            let (agents, team) = try await Self.crew(send)
            // Agents 1-3 are online with room for one ticket each; 4 and 5 never said so.
            try await Self.online(1...3, send)
            for agent in agents.prefix(3) {
                #expect(try await send(.PATCH, "/api/v1/agents/\(agent)", Self.admin, #"{"capacity":1}"#).status == 200)
            }
            #expect(try await send(.PATCH, "/api/v1/agents/\(agents[0])", Self.admin, #"{"capacity":-1}"#).status == 422)
            _ = try await send(.POST, "/api/v1/triggers", Self.admin,
                               #"{"name":"Least","events":["created"],"actions":[{"type":"assign","strategy":"least_loaded","team":\#(team)}]}"#)
            var assigned: [Int?] = []
            var refs: [Int] = []
            for index in 0..<4 {
                let created = try await send(.POST, "/api/v1/tickets", Self.admin, #"{"subject":"Load \#(index)","body":"text"}"#)
                assigned.append(created.json["agentID"] as? Int)
                refs.append(created.json["ref"] as? Int ?? 0)
            }
            #expect(Set(assigned.prefix(3).compactMap { $0 }) == Set(agents.prefix(3)))
            #expect(assigned[3] == nil)
            let log = try await send(.GET, "/api/v1/tickets/\(refs[3])/log", Self.admin, nil)
            #expect(log.body.contains("no agent is online, at work and under capacity"), "\(log.body)")
            // Lifting a limit makes room.
            #expect(try await send(.PATCH, "/api/v1/agents/\(agents[1])", Self.admin, #"{"capacity":null}"#).status == 200)
            let agentList = try await send(.GET, "/api/v1/agents", Self.admin, nil)
            #expect(agentList.body.contains(#""capacity":1"#))
            let next = try await send(.POST, "/api/v1/tickets", Self.admin, #"{"subject":"Load 4","body":"text"}"#)
            #expect(next.json["agentID"] as? Int == agents[1])
        }
    }

    @Test("an escalation acts once on each ticket that has been in its state long enough and meets its conditions")
    func escalationsOnce() async throws {
        let config = try await TestEnvironment.migratedDatabase()
        try await Fixtures.apply(Self.manifest(), config: config)
        try await TestNode.run(config) { node in
            let send = Self.inProcess(node)
            let bad = try await send(.POST, "/api/v1/escalations", Self.admin, #"{"name":"Bad","state":"awaiting_agent","afterMinutes":-5,"actions":[{"type":"stop"}]}"#)
            #expect(bad.status == 422)
            #expect(bad.body.contains("afterMinutes") && bad.body.contains("actions"), "\(bad.body)")
            let created = try await send(.POST, "/api/v1/escalations", Self.admin, #"""
                {"name":"Urgent and waiting an hour","state":"awaiting_agent","afterMinutes":60,
                 "all":[{"field":"priority","operator":"is","value":"high"}],
                 "actions":[{"type":"add_labels","labels":["overdue"]},{"type":"set","field":"urgency","value":9}]}
                """#)
            #expect(created.status == 201, "\(created.body)")
            var refs: [Int64] = []
            for priority in ["high", "normal", "high"] {
                let ticket = try await send(.POST, "/api/v1/tickets", Self.admin, #"{"subject":"Waiting","body":"text","priority":"\#(priority)"}"#)
                refs.append(Int64(try #require(ticket.json["ref"] as? Int)))
            }
            let database = Database(configuration: node.config.database, logger: TestEnvironment.logger)
            let first = refs[0]
            let (early, due, again) = try await Fixtures.withRunning(database) {
                let tenant = try #require(try await database.directory.tenant(slug: "crew")).id
                let start = try await database.tenant(tenant).transaction { try #require(try await $0.ticket(ref: first)).createdAt }
                func sweep(after minutes: Double) async throws -> EscalationSweep {
                    try await database.tenant(tenant).transaction { try await $0.runEscalations(now: start.addingTimeInterval(minutes * 60), presence: nil) }
                }
                return (try await sweep(after: 30), try await sweep(after: 61), try await sweep(after: 120))
            }
            #expect(early.fired == 0 && early.passed == 0)
            #expect(early.next.map { abs($0.timeIntervalSinceNow - 3600) < 60 } == true)
            #expect(due.fired == 2 && due.passed == 1)
            #expect(again.fired == 0 && again.passed == 0)
            for (ref, fires) in zip(refs, [true, false, true]) {
                let ticket = try await send(.GET, "/api/v1/tickets/\(ref)", Self.admin, nil)
                let labels = (ticket.json["ticket"] as? [String: Any])?["labels"] as? [String] ?? []
                #expect(labels == (fires ? ["overdue"] : []))
                let log = try await send(.GET, "/api/v1/tickets/\(ref)/log", Self.admin, nil)
                let runs = ((log.json["log"] as? [[String: Any]]) ?? []).filter { $0["field"] as? String == "escalation" }
                #expect(runs.count == (fires ? 1 : 0))
            }
        }
    }

    @Test("with three nodes, 1,000 tickets each get exactly one assignment and one escalation, though a node is killed midway")
    func threeNodes() async throws {
        let config = try await TestEnvironment.migratedDatabase()
        try await Fixtures.apply(Self.manifest(), config: config)
        let environment = TestEnvironment.nodeEnvironment(database: config.database.database, ["SB_JOB_LEASE_SECONDS": "3", "SB_JOB_RETRY_MS": "100"])
        let nodes = [try await NodeProcess.serve(environment: environment), try await NodeProcess.serve(environment: environment),
                     try await NodeProcess.serve(environment: environment)]
        defer { nodes.forEach { $0.stop() } }
        let send: Send = { method, path, headers, json in
            try await nodes[0].request(method, path, host: Self.host, headers: headers, json: json)
        }
        let (agents, team) = try await Self.crew(send)
        try await Self.online(1...5, send)
        #expect(try await send(.POST, "/api/v1/triggers", Self.admin,
                               #"{"name":"Share","events":["created"],"actions":[{"type":"assign","strategy":"round_robin","team":\#(team)}]}"#).status == 201)
        let escalation = #"{"name":"Flag","state":"open","afterMinutes":0,"actions":[{"type":"add_labels","labels":["flagged"]}]}"#
        let flag = try await send(.POST, "/api/v1/escalations", Self.admin, escalation)
        #expect(flag.status == 201)
        // Tickets arrive through all three nodes, whose workers look for due escalations
        // meanwhile; the third is killed part of the way through. Its unanswered creates are
        // simply not there; later ones go to the other two.
        let created = JobTests.Shared<Set<Int>>([])
        let killed = JobTests.Shared(false)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<6 {
                group.addTask {
                    for index in stride(from: worker, to: 1_000, by: 6) {
                        if index == 600 {
                            nodes[2].signal(SIGKILL)
                            killed.value = true
                        }
                        let node = nodes[index % (killed.value ? 2 : 3)]
                        guard let result = try? await node.request(.POST, "/api/v1/tickets", host: Self.host, headers: Self.admin,
                                                                  json: #"{"subject":"Wave \#(index)","body":"text"}"#),
                              result.status == 201, let ref = result.json["ref"] as? Int else { continue }
                        created.update { _ = $0.insert(ref) }
                    }
                }
            }
            try await group.waitForAll()
        }
        let refs = created.value
        #expect(refs.count >= 900, "\(refs.count) created")
        // Saving the escalation again has the live nodes look at once.
        #expect(try await send(.PUT, "/api/v1/escalations/\(flag.json["id"] as? Int ?? 0)", Self.admin, escalation).status == 200)
        // Every ticket in the database, acknowledged or not, is checked.
        let database = Database(configuration: config.database, logger: TestEnvironment.logger)
        let problems = try await Fixtures.withRunning(database) { () -> [String] in
            let tenant = try #require(try await database.directory.tenant(slug: "crew")).id
            let deadline = Date().addingTimeInterval(60)
            while true {
                var problems: [String] = []
                let tickets = try await database.tenant(tenant).transaction { transaction in
                    try await transaction.tickets(TicketFilter(), visible: nil, after: nil, limit: 2_000)
                }
                for ticket in tickets {
                    let log = try await database.tenant(tenant).transaction { try await $0.ticketLog(ticketID: ticket.id) }
                    let escalations = log.filter { $0.field == "escalation" }.count
                    let assignments = log.filter { $0.field == "agent" }.count
                    if escalations != 1 || assignments != 1 || ticket.agentID.map({ !agents.contains(Int($0)) }) ?? true {
                        problems.append("#\(ticket.ref): \(escalations) escalations, \(assignments) assignments, agent \(ticket.agentID.map(String.init) ?? "none")")
                    }
                }
                if !refs.isSubset(of: Set(tickets.map { Int($0.ref) })) { problems.append("acknowledged tickets are missing") }
                if problems.isEmpty || Date() > deadline { return problems }
                try await Task.sleep(for: .milliseconds(500))
            }
        }
        #expect(problems.isEmpty, "\(problems.prefix(10).joined(separator: "\n"))")
    }
}


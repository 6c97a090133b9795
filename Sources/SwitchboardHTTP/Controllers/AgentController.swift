import Foundation
import Hummingbird
import NIOPosix
import SwitchboardCore
import SwitchboardPostgres

/// `/api/v1/agents`: the team. Administrators add agents, change their name, scopes and
/// whether they may sign in, set their own department access (permission groups add to it),
/// and remove them, or turn them into people, handing their tickets on.
public struct AgentController: Sendable {
    let database: Database
    let hasher: PasswordHasher
    let invalidation: DirectoryInvalidation

    public init(database: Database, hasher: PasswordHasher, invalidation: DirectoryInvalidation) {
        self.database = database
        self.hasher = hasher
        self.invalidation = invalidation
    }

    struct AgentList: ResponseCodable {
        var agents: [AgentSummary]
    }

    struct GrantsInput: Decodable {
        /// Department name → `view` or `full`; departments left out (or `none`) are not granted.
        var departments: [String: DepartmentAccessLevel]
    }

    struct NewAgent: Decodable {
        var email: String
        var name: String
        /// `read`, `write`, `admin`; read and write when absent.
        var scopes: [String]?
        /// Without one the agent cannot sign in by password yet.
        var password: String?
    }

    struct AgentChange: Decodable {
        var name: String?
        var scopes: [String]?
        /// False stops sign-in and every key of the agent at once.
        var active: Bool?
        /// The most open tickets automatic assignment gives them; null lifts the limit
        /// (`.null`), absent leaves it (nil).
        var capacity: JSONValue?

        enum CodingKeys: String, CodingKey { case name, scopes, active, capacity }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decodeIfPresent(String.self, forKey: .name)
            scopes = try container.decodeIfPresent([String].self, forKey: .scopes)
            active = try container.decodeIfPresent(Bool.self, forKey: .active)
            capacity = container.contains(.capacity) ? try container.decode(JSONValue.self, forKey: .capacity) : nil
        }
    }

    /// What became of a removed agent's tickets, and of the agent.
    struct Removal: ResponseCodable {
        var reassigned: Int
        var unassigned: Int
        /// The person the agent became, when converted.
        var person: Int64?
    }

    public func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("agents") { _, context in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.read)
            return AgentList(agents: try await database.tenant(tenant.id).transaction { try await $0.agentSummaries() })
        }
        group.post("agents") { request, context -> EditedResponse<AgentSummary> in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.admin)
            let input = try await request.decode(as: NewAgent.self, context: context)
            var checks = InputChecks()
            let email = checks.emails([input.email], "email", limit: 1)?.first
            let name = checks.text(input.name, "name", 1...200)
            let permissions = Self.permissions(input.scopes, &checks) ?? .agent
            if let password = input.password {
                do throws(IdentityError) {
                    try PasswordPolicy.check(password)
                } catch {
                    checks.fail("password", error.description)
                }
            }
            try checks.check()
            guard let email, let name else { throw Problem.validation([]) }
            var hash: String?
            if let password = input.password {
                let hasher = self.hasher
                hash = try await NIOThreadPool.singleton.runIfActive { try hasher.hash(password) }
            }
            let created = try await database.tenant(tenant.id).transaction { transaction -> AgentSummary in
                guard try await transaction.agent(email: email) == nil else {
                    throw Problem.validation([.init(field: "email", message: "another agent has this address")])
                }
                let agent = try await transaction.createAgent(email: email, name: name, permissions: permissions, passwordHash: hash)
                return try await Self.summary(agent.id, in: transaction)
            }
            return EditedResponse(status: .created, response: created)
        }
        group.get("agents/{agent}") { _, context in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.read)
            let id = Agent.ID(rawValue: try context.parameters.require("agent", as: Int64.self))
            return try await database.tenant(tenant.id).transaction { try await Self.summary(id, in: $0) }
        }
        group.patch("agents/{agent}") { request, context -> AgentSummary in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.admin)
            let id = Agent.ID(rawValue: try context.parameters.require("agent", as: Int64.self))
            let input = try await request.decode(as: AgentChange.self, context: context)
            var checks = InputChecks()
            let name = input.name.flatMap { checks.text($0, "name", 1...200) }
            let permissions = Self.permissions(input.scopes, &checks)
            var capacity: Int??
            switch input.capacity {
            case nil: capacity = nil
            case .null?: capacity = .some(nil)
            case .number(let number)? where Int(exactly: number).map({ (0...100_000).contains($0) }) == true: capacity = .some(Int(number))
            default: checks.fail("capacity", "must be a whole number from 0 to 100000, or null for no limit")
            }
            try checks.check()
            let summary = try await database.tenant(tenant.id).transaction { transaction -> AgentSummary in
                guard let current = try await transaction.agent(id: id) else { throw Problem.notFound }
                let staysAdmin = (permissions ?? current.permissions).contains(.admin) && (input.active ?? current.isActive)
                if current.permissions.contains(.admin), current.isActive, !staysAdmin {
                    try await Self.requireAnotherAdministrator(than: id, in: transaction)
                }
                _ = try await transaction.changeAgent(id, name: name, permissions: permissions, isActive: input.active, capacity: capacity)
                return try await Self.summary(id, in: transaction)
            }
            await invalidation.publish(.agent(tenant.id, id))
            return summary
        }
        group.delete("agents/{agent}") { request, context -> Removal in
            try await remove(request: request, context: context, convert: false)
        }
        group.post("agents/{agent}/convert") { request, context -> Removal in
            try await remove(request: request, context: context, convert: true)
        }
        group.put("agents/{agent}/departments") { request, context -> AgentSummary in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.admin)
            let id = try context.parameters.require("agent", as: Int64.self)
            let input = try await request.decode(as: GrantsInput.self, context: context)
            guard input.departments.count <= 1_000 else {
                throw Problem.validation([.init(field: "departments", message: "at most 1000 departments")])
            }
            return try await database.tenant(tenant.id).transaction { transaction in
                guard try await transaction.agent(id: Agent.ID(rawValue: id)) != nil else { throw Problem.notFound }
                if let unknown = try await transaction.replaceDepartmentGrants(agent: Agent.ID(rawValue: id), input.departments) {
                    throw Problem.validation([.init(field: "departments.\(unknown)", message: "no department named \"\(unknown)\"")])
                }
                return try await Self.summary(Agent.ID(rawValue: id), in: transaction)
            }
        }
    }

    /// Deletes the agent, or (`convert`) makes it a person with its address and name (joining
    /// the person who already has that address), after handing its tickets on.
    private func remove(request: Request, context: AppRequestContext, convert: Bool) async throws -> Removal {
        let tenant = try context.requireTenant()
        let identity = try context.requireIdentity(.admin)
        let id = Agent.ID(rawValue: try context.parameters.require("agent", as: Int64.self))
        // The agent who takes over the tickets; without one they are left unassigned.
        let reassignTo = try request.uri.queryParameters["reassign_to"].map { text -> Int64 in
            guard let id = Int64(text) else { throw Problem.badRequest("reassign_to must be an agent's id") }
            return id
        }
        let removal = try await database.tenant(tenant.id).transaction { transaction -> Removal in
            guard let agent = try await transaction.agent(id: id) else { throw Problem.notFound }
            guard id != identity.agentID else {
                throw Problem(.conflict, kind: "own-account", messageID: "error.conflict", detail: "agents cannot remove themselves")
            }
            if agent.permissions.contains(.admin), agent.isActive {
                try await Self.requireAnotherAdministrator(than: id, in: transaction)
            }
            var target: Agent?
            if let reassignTo {
                guard reassignTo != id.rawValue, let found = try await transaction.agent(id: Agent.ID(rawValue: reassignTo)), found.isActive else {
                    throw Problem.validation([.init(field: "reassign_to", message: "no other active agent has this id")])
                }
                target = found
            }
            var person: Int64?
            if convert {
                person = try await TicketController.customer(
                    person: nil, requester: .init(email: agent.email, name: agent.name), in: transaction
                )
            }
            let moved = try await transaction.reassignTickets(of: id, to: target, by: identity.agentID)
            _ = try await transaction.deleteAgent(id)
            return Removal(reassigned: moved.reassigned, unassigned: moved.unassigned, person: person)
        }
        await invalidation.publish(.agent(tenant.id, id))
        return removal
    }

    /// Scopes by name, checked; nil when absent or refused.
    static func permissions(_ names: [String]?, _ checks: inout InputChecks) -> Permissions? {
        guard let names else { return nil }
        do throws(IdentityError) {
            let permissions = try Permissions(names: names)
            if !permissions.contains(.read) { checks.fail("scopes", "must include read") }
            return permissions
        } catch {
            checks.fail("scopes", error.description)
            return nil
        }
    }

    /// A tenant always keeps an active administrator.
    static func requireAnotherAdministrator(than agent: Agent.ID, in transaction: TenantTransaction) async throws {
        guard try await transaction.otherActiveAdministrators(than: agent) > 0 else {
            throw Problem(.conflict, kind: "last-administrator", messageID: "error.conflict", detail: "the tenant needs another active administrator first")
        }
    }

    static func summary(_ id: Agent.ID, in transaction: TenantTransaction) async throws -> AgentSummary {
        guard let summary = try await transaction.agentSummaries().first(where: { $0.id == id.rawValue }) else { throw Problem.notFound }
        return summary
    }
}

extension AgentSummary: ResponseCodable {}

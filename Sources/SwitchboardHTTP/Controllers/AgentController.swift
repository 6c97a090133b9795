import Foundation
import Hummingbird
import SwitchboardCore
import SwitchboardPostgres

/// `/api/v1/agents`: the team, and each agent's own department access, which administrators
/// set (permission groups add to it).
public struct AgentController: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    struct AgentList: ResponseCodable {
        var agents: [AgentSummary]
    }

    struct GrantsInput: Decodable {
        /// Department name → `view` or `full`; departments left out (or `none`) are not granted.
        var departments: [String: DepartmentAccessLevel]
    }

    public func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("agents") { _, context in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.read)
            return AgentList(agents: try await database.tenant(tenant.id).transaction { try await $0.agentSummaries() })
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
                guard let summary = try await transaction.agentSummaries().first(where: { $0.id == id }) else { throw Problem.notFound }
                return summary
            }
        }
    }
}

extension AgentSummary: ResponseCodable {}

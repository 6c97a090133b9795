import Foundation
import Hummingbird
import SwitchboardCore
import SwitchboardPostgres

/// `/api/v1/teams`: agents who share work; tickets are assigned to a team with
/// `PATCH /api/v1/tickets/{ref}` and `team`. Agents read them; administrators manage them.
public struct TeamController: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    struct TeamList: ResponseCodable {
        var teams: [Team]
    }

    struct TeamInput: Decodable {
        var name: String
        /// Agent ids; the whole membership.
        var members: [Int64]?
    }

    public func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("teams") { _, context in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.read)
            return TeamList(teams: try await database.tenant(tenant.id).transaction { try await $0.teams() })
        }
        group.getItem("teams/{id}", database: database) { try await $0.team(id: $1) }
        group.post("teams") { request, context -> EditedResponse<Team> in
            EditedResponse(status: .created, response: try await save(id: nil, request: request, context: context))
        }
        group.put("teams/{id}") { request, context in
            try await save(id: try context.parameters.require("id", as: Int64.self), request: request, context: context)
        }
        group.deleteItem("teams/{id}", database: database) { try await $0.deleteTeam(id: $1) }
    }

    private func save(id: Int64?, request: Request, context: AppRequestContext) async throws -> Team {
        let tenant = try context.requireTenant()
        _ = try context.requireIdentity(.admin)
        let input = try await request.decode(as: TeamInput.self, context: context)
        var checks = InputChecks()
        let name = checks.text(input.name, "name", 1...100) ?? ""
        if (input.members ?? []).count > 1_000 { checks.fail("members", "at most 1000 agents") }
        try checks.check()
        let saved = try await database.tenant(tenant.id).transaction { try await $0.saveTeam(id: id, name: name, members: input.members ?? []) }
        return try Problem.saved(saved, name: name)
    }
}

extension Problem {
    /// The saved item, or the problem that kept it from being saved (nil: nothing to save).
    static func saved<Item>(_ result: Result<Item, OrganisingProblem>?, name: String) throws -> Item {
        switch result {
        case nil: throw Problem.notFound
        case .success(let item): return item
        case .failure(.nameTaken): throw Problem.validation([.init(field: "name", message: "another one is called \"\(name)\"")])
        case .failure(.unknownAgent(let id)): throw Problem.validation([.init(field: "members", message: "no agent has id \(id)")])
        case .failure(.unknownDepartment(let id)): throw Problem.validation([.init(field: "move_to", message: "no other department has id \(id)")])
        case .failure(.departmentHasTickets):
            throw Problem(.conflict, kind: "department-in-use", messageID: "error.conflict",
                          detail: "the department still has tickets: name another with move_to to move them there")
        }
    }
}

extension Team: ResponseCodable {}

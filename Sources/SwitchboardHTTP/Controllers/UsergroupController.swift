import Foundation
import Hummingbird
import SwitchboardCore
import SwitchboardPostgres

/// `/api/v1/usergroups`: named sets of people. Agents read them; administrators manage them.
/// People join through `PATCH /api/v1/people/{id}` with `usergroups`.
public struct UsergroupController: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    struct UsergroupList: ResponseCodable {
        var usergroups: [Usergroup]
    }

    struct UsergroupInput: Decodable {
        var name: String
    }

    public func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("usergroups") { _, context in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.read)
            return UsergroupList(usergroups: try await database.tenant(tenant.id).transaction { try await $0.usergroups() })
        }
        group.post("usergroups") { request, context -> EditedResponse<Usergroup> in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.admin)
            let input = try await request.decode(as: UsergroupInput.self, context: context)
            var checks = InputChecks()
            let name = checks.text(input.name, "name", 1...100) ?? ""
            try checks.check()
            switch try await database.tenant(tenant.id).transaction({ try await $0.createUsergroup(name: name) }) {
            case .success(let created): return EditedResponse(status: .created, response: created)
            case .failure: throw Problem.validation([.init(field: "name", message: "another usergroup is called \"\(name)\"")])
            }
        }
        group.getItem("usergroups/{id}", database: database) { try await $0.usergroup(id: $1) }
        group.deleteItem("usergroups/{id}", database: database) { try await $0.deleteUsergroup(id: $1) }
    }
}

extension Usergroup: ResponseCodable {}

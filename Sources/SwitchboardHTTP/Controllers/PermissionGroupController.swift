import Foundation
import Hummingbird
import SwitchboardCore
import SwitchboardPostgres

/// `/api/v1/permission-groups`: department access (none, view, full) shared by the agents in a
/// group. Administrators manage them; every agent may read them.
public struct PermissionGroupController: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    struct GroupList: ResponseCodable {
        var permissionGroups: [PermissionGroup]
    }

    struct GroupInput: Decodable {
        var name: String
        /// Department name → `view` or `full` (`none` removes the grant).
        var departments: [String: DepartmentAccessLevel]?
        /// Agent emails.
        var members: [String]?
    }

    public func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("permission-groups") { _, context in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.read)
            return GroupList(permissionGroups: try await database.tenant(tenant.id).transaction { try await $0.permissionGroups() })
        }
        group.get("permission-groups/{id}") { _, context in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.read)
            let id = try context.parameters.require("id", as: Int64.self)
            guard let found = try await database.tenant(tenant.id).transaction({ try await $0.permissionGroup(id: id) }) else {
                throw Problem.notFound
            }
            return found
        }
        group.post("permission-groups") { request, context -> EditedResponse<PermissionGroup> in
            let saved = try await save(id: nil, request: request, context: context)
            return EditedResponse(status: .created, response: saved)
        }
        group.put("permission-groups/{id}") { request, context in
            try await save(id: try context.parameters.require("id", as: Int64.self), request: request, context: context)
        }
        group.delete("permission-groups/{id}") { _, context -> Response in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.admin)
            let id = try context.parameters.require("id", as: Int64.self)
            guard try await database.tenant(tenant.id).transaction({ try await $0.deletePermissionGroup(id: id) }) else {
                throw Problem.notFound
            }
            return Response(status: .noContent)
        }
    }

    private func save(id: Int64?, request: Request, context: AppRequestContext) async throws -> PermissionGroup {
        let tenant = try context.requireTenant()
        _ = try context.requireIdentity(.admin)
        let input = try await request.decode(as: GroupInput.self, context: context)
        let name = input.name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...100).contains(name.unicodeScalars.count) else { throw Problem.validation([.init(field: "name", message: "must be 1-100 characters")]) }
        let members = input.members ?? []
        guard members.count <= 1000 else { throw Problem.validation([.init(field: "members", message: "at most 1,000 agents")]) }
        let outcome = try await database.tenant(tenant.id).transaction {
            try await $0.savePermissionGroup(id: id, name: name, departments: input.departments ?? [:], members: members)
        }
        switch outcome {
        case .success(let saved): return saved
        case .failure(.notFound): throw Problem.notFound
        case .failure(.nameTaken): throw Problem.validation([.init(field: "name", message: "another group is called \"\(name)\"")])
        case .failure(.unknownDepartment(let department)):
            throw Problem.validation([.init(field: "departments.\(department)", message: "no department named \"\(department)\"")])
        case .failure(.unknownAgent(let email)):
            throw Problem.validation([.init(field: "members", message: "no agent \"\(email)\"")])
        }
    }
}

extension PermissionGroup: ResponseCodable {}

import Foundation
import Hummingbird
import SwitchboardCore
import SwitchboardPostgres

/// `/api/v1/departments`: the parts of the helpdesk that access is granted by. Agents read
/// them; administrators manage them. A department with tickets is deleted by moving them
/// to another (`move_to`), never by leaving them without one, which every agent could see.
public struct DepartmentController: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    struct DepartmentList: ResponseCodable {
        var departments: [DepartmentSummary]
    }

    struct DepartmentInput: Decodable {
        var name: String
    }

    struct Deleted: ResponseCodable {
        /// Tickets moved to `move_to`.
        var moved: Int
    }

    public func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("departments") { _, context in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.read)
            return DepartmentList(departments: try await database.tenant(tenant.id).transaction { try await $0.departments() })
        }
        group.getItem("departments/{id}", database: database) { try await $0.department(id: $1) }
        group.post("departments") { request, context -> EditedResponse<DepartmentSummary> in
            EditedResponse(status: .created, response: try await save(id: nil, request: request, context: context))
        }
        group.put("departments/{id}") { request, context in
            try await save(id: try context.parameters.require("id", as: Int64.self), request: request, context: context)
        }
        group.delete("departments/{id}") { request, context -> Deleted in
            let tenant = try context.requireTenant()
            let identity = try context.requireIdentity(.admin)
            let id = try context.parameters.require("id", as: Int64.self)
            let moveTo = try request.uri.queryParameters["move_to"].map { text -> Int64 in
                guard let id = Int64(text) else { throw Problem.badRequest("move_to must be a department's id") }
                return id
            }
            let result = try await database.tenant(tenant.id).transaction {
                try await $0.deleteDepartment(id: id, moveTo: moveTo, agent: identity.agentID)
            }
            return Deleted(moved: try Problem.saved(result, name: ""))
        }
    }

    private func save(id: Int64?, request: Request, context: AppRequestContext) async throws -> DepartmentSummary {
        let tenant = try context.requireTenant()
        _ = try context.requireIdentity(.admin)
        let input = try await request.decode(as: DepartmentInput.self, context: context)
        return try await Self.save(name: input.name, id: id, database: database, tenant: tenant.id)
    }

    /// Checks and stores a department: a new one (`id` nil) or a new name for one.
    static func save(name input: String, id: Int64?, database: Database, tenant: Tenant.ID) async throws -> DepartmentSummary {
        var checks = InputChecks()
        let name = checks.text(input, "name", 1...200) ?? ""
        try checks.check()
        let saved = try await database.tenant(tenant).transaction { try await $0.saveDepartment(id: id, name: name) }
        return try Problem.saved(saved, name: name)
    }
}

extension DepartmentSummary: ResponseCodable {}

import Hummingbird
import SwitchboardCore
import SwitchboardPostgres

extension RouterGroup where Context == AppRequestContext {
    /// `GET path` with an `{id}`: the item `read` finds in the caller's tenant, for any agent;
    /// 404 when there is none.
    func getItem<Item: ResponseGenerator & Sendable>(
        _ path: RouterPath, database: Database, _ read: @Sendable @escaping (TenantTransaction, Int64) async throws -> Item?
    ) {
        get(path) { _, context -> Item in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.read)
            let id = try context.parameters.require("id", as: Int64.self)
            guard let found = try await database.tenant(tenant.id).transaction({ try await read($0, id) }) else { throw Problem.notFound }
            return found
        }
    }

    /// `DELETE path` with an `{id}`, for administrators: 204, or 404 when `remove` found nothing.
    func deleteItem(_ path: RouterPath, database: Database, _ remove: @Sendable @escaping (TenantTransaction, Int64) async throws -> Bool) {
        delete(path) { _, context -> Response in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.admin)
            let id = try context.parameters.require("id", as: Int64.self)
            guard try await database.tenant(tenant.id).transaction({ try await remove($0, id) }) else { throw Problem.notFound }
            return Response(status: .noContent)
        }
    }
}

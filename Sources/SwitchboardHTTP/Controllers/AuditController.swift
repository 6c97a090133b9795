import Hummingbird
import SwitchboardCore
import SwitchboardPostgres

/// `/api/v1/audit-log`: every change to what administrators manage, newest first (ADMIN-1..7).
public struct AuditController: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    struct Page: ResponseCodable {
        var entries: [AuditEntry]
        /// Pass as `before` for the next (older) page; absent on the last.
        var nextBefore: Int64?
    }

    public func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("audit-log") { request, context -> Page in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.admin)
            let (before, limit) = try Self.paging(request.uri.queryParameters)
            return try await Self.page(database: database, tenant: tenant.id, before: before, limit: limit)
        }
    }

    static func paging(_ query: Parameters) throws -> (before: Int64?, limit: Int) {
        let limit = try query["limit"].map { text -> Int in
            guard let value = Int(text), (1...200).contains(value) else { throw Problem.badRequest("limit must be 1-200") }
            return value
        } ?? 50
        let before = try query["before"].map { text -> Int64 in
            guard let value = Int64(text), value >= 1 else { throw Problem.badRequest("before must be an entry's id") }
            return value
        }
        return (before, limit)
    }

    static func page(database: Database, tenant: Tenant.ID, before: Int64?, limit: Int) async throws -> Page {
        let entries = try await database.tenant(tenant).transaction { try await $0.auditLog(before: before, limit: limit + 1) }
        let shown = Array(entries.prefix(limit))
        return Page(entries: shown, nextBefore: entries.count > limit ? shown.last?.id : nil)
    }
}

extension AuditEntry: ResponseCodable {}

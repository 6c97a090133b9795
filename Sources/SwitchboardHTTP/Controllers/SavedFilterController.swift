import Foundation
import Hummingbird
import SwitchboardCore
import SwitchboardPostgres
import SwitchboardRedis

/// `/api/v1/saved-filters`: named ticket filters, an agent's own or shared as queues, and
/// `/api/v1/queues`: the live count behind every status and every saved filter the agent sees.
public struct SavedFilterController: Sendable {
    let database: Database
    let queries: TicketQueries

    public init(database: Database, redis: RedisClient) {
        self.database = database
        self.queries = TicketQueries(database: database, redis: redis)
    }

    struct FilterList: ResponseCodable {
        var savedFilters: [SavedFilter]
    }

    struct FilterInput: Decodable {
        var name: String
        /// Shared with every agent (administrators only); only when creating.
        var shared: Bool?
        var criteria: CriteriaInput
        var position: Int?
    }

    /// Criteria as sent: dates are read here so that a bad one is a field error.
    struct CriteriaInput: Decodable {
        var status: Ticket.Status?
        var department: String?
        var person: Int64?
        var q: String?
        var createdAfter: String?
        var createdBefore: String?
        var starred: Bool?
        var fields: [String: String]?
        var problem: Int64?
        var agent: Int64?
    }

    struct ValidInput {
        var name: String
        var shared: Bool
        var criteria: TicketCriteria
        var position: Int?
    }

    struct Queues: ResponseCodable {
        struct StatusCount: Codable {
            var status: Ticket.Status
            var count: Int64
        }
        struct FilterCount: Codable {
            var id: Int64
            var name: String
            var shared: Bool
            var count: Int64
            /// The count stopped at its cap; there are at least this many.
            var capped: Bool
        }
        var statuses: [StatusCount]
        var savedFilters: [FilterCount]
    }

    public func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("saved-filters") { _, context in
            let tenant = try context.requireTenant()
            let identity = try context.requireIdentity(.read)
            return FilterList(
                savedFilters: try await database.tenant(tenant.id).transaction { try await $0.savedFilters(visibleTo: identity.agentID) }
            )
        }
        group.post("saved-filters") { request, context -> EditedResponse<SavedFilter> in
            let tenant = try context.requireTenant()
            let identity = try context.requireIdentity(.read)
            let input = try await Self.validated(request: request, context: context)
            let shared = input.shared
            if shared, !identity.permissions.contains(.admin) { throw Problem.forbidden }
            let created = try await database.tenant(tenant.id).transaction {
                try await $0.createSavedFilter(
                    name: input.name, owner: shared ? nil : identity.agentID, criteria: input.criteria, position: input.position ?? 0
                )
            }
            return EditedResponse(status: .created, response: created)
        }
        group.get("saved-filters/{id}") { _, context in
            let tenant = try context.requireTenant()
            let identity = try context.requireIdentity(.read)
            let id = try context.parameters.require("id", as: Int64.self)
            guard let found = try await database.tenant(tenant.id).transaction({ try await $0.savedFilter(id: id, visibleTo: identity.agentID) })
            else { throw Problem.notFound }
            return found
        }
        group.put("saved-filters/{id}") { request, context in
            let tenant = try context.requireTenant()
            let identity = try context.requireIdentity(.read)
            let id = try context.parameters.require("id", as: Int64.self)
            let input = try await Self.validated(request: request, context: context)
            return try await database.tenant(tenant.id).transaction { transaction -> SavedFilter in
                let existing = try await Self.editable(id: id, identity: identity, in: transaction)
                guard let updated = try await transaction.updateSavedFilter(
                    id: id, name: input.name, criteria: input.criteria, position: input.position ?? existing.position
                ) else { throw Problem.notFound }
                return updated
            }
        }
        group.delete("saved-filters/{id}") { _, context -> Response in
            let tenant = try context.requireTenant()
            let identity = try context.requireIdentity(.read)
            let id = try context.parameters.require("id", as: Int64.self)
            try await database.tenant(tenant.id).transaction { transaction in
                _ = try await Self.editable(id: id, identity: identity, in: transaction)
                _ = try await transaction.deleteSavedFilter(id: id)
            }
            return Response(status: .noContent)
        }
        group.get("saved-filters/{id}/tickets") { request, context in
            let tenant = try context.requireTenant()
            let identity = try context.requireIdentity(.read)
            let id = try context.parameters.require("id", as: Int64.self)
            guard let saved = try await database.tenant(tenant.id).transaction({ try await $0.savedFilter(id: id, visibleTo: identity.agentID) })
            else { throw Problem.notFound }
            return try await queries.page(saved.criteria, request: request, tenant: tenant.id, identity: identity)
        }
        group.get("queues") { _, context in
            let tenant = try context.requireTenant()
            let identity = try context.requireIdentity(.read)
            return try await database.tenant(tenant.id).transaction { transaction -> Queues in
                let access = try await transaction.departmentAccess(for: identity)
                let byStatus = try await transaction.ticketCountsByStatus(departmentID: nil, visible: access.viewable)
                var filters: [Queues.FilterCount] = []
                for saved in try await transaction.savedFilters(visibleTo: identity.agentID) {
                    let (count, capped) = try await queries.count(saved.criteria, access: access, agent: identity.agentID, tenant: tenant.id, in: transaction)
                    filters.append(.init(id: saved.id, name: saved.name, shared: saved.isShared, count: count, capped: capped))
                }
                return Queues(
                    statuses: Ticket.Status.allCases.map { .init(status: $0, count: byStatus[$0] ?? 0) },
                    savedFilters: filters
                )
            }
        }
    }

    static func validated(request: Request, context: AppRequestContext) async throws -> ValidInput {
        let input = try await request.decode(as: FilterInput.self, context: context)
        let name = input.name.trimmingCharacters(in: .whitespacesAndNewlines)
        var errors: [Problem.FieldError] = []
        if !(1...100).contains(name.unicodeScalars.count) { errors.append(.init(field: "name", message: "must be 1-100 characters")) }
        if let position = input.position, !(0...10_000).contains(position) {
            errors.append(.init(field: "position", message: "must be from 0 to 10000"))
        }
        func date(_ text: String?, _ field: String) -> Date? {
            guard let text else { return nil }
            guard let date = Date(iso8601: text) else {
                errors.append(.init(field: "criteria.\(field)", message: "must be an ISO 8601 time such as 2026-01-31T00:00:00Z"))
                return nil
            }
            return date
        }
        let raw = input.criteria
        var criteria = TicketCriteria(
            status: raw.status, department: raw.department, person: raw.person, q: raw.q,
            createdAfter: date(raw.createdAfter, "createdAfter"), createdBefore: date(raw.createdBefore, "createdBefore"),
            starred: raw.starred
        )
        criteria.fields = raw.fields
        criteria.problem = raw.problem
        criteria.agent = raw.agent
        errors += criteria.problems.map { .init(field: $0.field, message: $0.message) }
        guard errors.isEmpty else { throw Problem.validation(errors) }
        return ValidInput(name: name, shared: input.shared ?? false, criteria: criteria, position: input.position)
    }

    /// The filter when the caller may change it: their own, or a shared one for administrators.
    static func editable(id: Int64, identity: Identity, in transaction: TenantTransaction) async throws -> SavedFilter {
        guard let saved = try await transaction.savedFilter(id: id, visibleTo: identity.agentID) else { throw Problem.notFound }
        if saved.isShared, !identity.permissions.contains(.admin) { throw Problem.forbidden }
        return saved
    }
}

extension SavedFilter: ResponseCodable {}

import Hummingbird
import SwitchboardCore
import SwitchboardPostgres

extension Database {
    /// Runs `body` in the caller's tenant with ticket `{ref}` of the request, when the caller
    /// has `permission` and at least `level` access to the ticket's department.
    func withTicket<T: Sendable>(
        _ context: AppRequestContext, needing level: DepartmentAccessLevel, permission: Permissions,
        _ body: @escaping @Sendable (TenantTransaction, Ticket, Identity) async throws -> T
    ) async throws -> T {
        let tenant = try context.requireTenant()
        let identity = try context.requireIdentity(permission)
        let ref = try context.parameters.require("ref", as: Int64.self)
        return try await self.tenant(tenant.id).transaction { transaction in
            let ticket = try await transaction.ticket(ref: ref, for: identity, needing: level)
            return try await body(transaction, ticket, identity)
        }
    }
}

extension TenantTransaction {
    /// What the caller may do per department: administrators everything, agents what they and
    /// their permission groups were granted.
    func departmentAccess(for identity: Identity) async throws -> DepartmentAccess {
        identity.permissions.contains(.admin) ? .unrestricted : try await departmentAccess(agent: identity.agentID)
    }

    /// Ticket `ref` when the caller has at least `level` on its department. A ticket they may
    /// not see does not exist for them (404); one they may only see cannot be changed (403).
    func ticket(ref: Int64, for identity: Identity, needing level: DepartmentAccessLevel) async throws -> Ticket {
        guard let ticket = try await ticket(ref: ref) else { throw Problem.notFound }
        guard ticket.departmentID != nil, !identity.permissions.contains(.admin) else { return ticket }
        let granted = try await departmentAccess(agent: identity.agentID).level(for: ticket.departmentID)
        guard granted >= .view else { throw Problem.notFound }
        guard granted >= level else { throw Problem.forbidden }
        return ticket
    }
}

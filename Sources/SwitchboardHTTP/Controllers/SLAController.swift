import Foundation
import Hummingbird
import SwitchboardCore
import SwitchboardPostgres

/// `/api/v1/sla-policies` and a ticket's SLAs: targets in working minutes, measured in a
/// business-hours calendar, with each ticket's state (running, amber, red, met, paused)
/// computed from its history at the moment it is asked for.
public struct SLAController: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    struct TargetLimits: Codable {
        var warningMinutes: Int?
        var failureMinutes: Int
    }

    /// A policy as the API shows and takes it.
    struct PolicyBody: ResponseCodable {
        var id: Int64?
        var name: String
        /// A business-hours calendar id; null: the ticket's department's calendar.
        var calendar: Int64?
        var targets: [String: TargetLimits]
    }

    struct PolicyList: ResponseCodable {
        var slaPolicies: [PolicyBody]
    }

    struct TicketSLA: Codable {
        var policy: Int64
        var name: String
        var statuses: [SLAStatus]
    }

    struct TicketSLAs: ResponseCodable {
        var slas: [TicketSLA]
    }

    struct Assignment: Decodable {
        /// Required; optional here so that access is judged before the body.
        var policies: [Int64]?
    }

    public func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("sla-policies") { _, context in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.read)
            return PolicyList(slaPolicies: try await database.tenant(tenant.id).transaction { try await $0.slaPolicies() }.map(Self.body))
        }
        group.getItem("sla-policies/{id}", database: database) { try await $0.slaPolicy(id: $1).map(Self.body) }
        group.post("sla-policies") { request, context -> EditedResponse<PolicyBody> in
            EditedResponse(status: .created, response: try await save(id: nil, request: request, context: context))
        }
        group.put("sla-policies/{id}") { request, context in
            try await save(id: try context.parameters.require("id", as: Int64.self), request: request, context: context)
        }
        group.deleteItem("sla-policies/{id}", database: database) { try await $0.deleteSLAPolicy(id: $1) }
        group.get("tickets/{ref}/slas") { _, context in
            try await withTicket(context, needing: .view, permission: .read) { _, _ in }
        }
        group.put("tickets/{ref}/slas") { request, context in
            let input = try await request.decode(as: Assignment.self, context: context)
            return try await withTicket(context, needing: .full, permission: .write) { transaction, ticket in
                guard let policies = input.policies, policies.count <= 20 else {
                    throw Problem.validation([.init(field: "policies", message: "is required: at most 20 policy ids")])
                }
                if let unknown = try await transaction.setTicketSLAs(ticketID: ticket.id, policies: policies) {
                    throw Problem.validation([.init(field: "policies", message: "no SLA policy has id \(unknown)")])
                }
            }
        }
    }

    /// Runs `change` on ticket `{ref}` with `level` access, then answers with its SLAs now.
    private func withTicket(
        _ context: AppRequestContext, needing level: DepartmentAccessLevel, permission: Permissions,
        _ change: @escaping @Sendable (TenantTransaction, Ticket) async throws -> Void
    ) async throws -> TicketSLAs {
        try await database.withTicket(context, needing: level, permission: permission) { transaction, ticket, _ in
            try await change(transaction, ticket)
            let results = try await transaction.refreshSLAs(ticket: ticket)
            return TicketSLAs(slas: results.map { TicketSLA(policy: $0.0.id, name: $0.0.policy.name, statuses: $0.1) })
        }
    }

    private func save(id: Int64?, request: Request, context: AppRequestContext) async throws -> PolicyBody {
        let tenant = try context.requireTenant()
        _ = try context.requireIdentity(.admin)
        let input = try await request.decode(as: PolicyBody.self, context: context)
        var checks = InputChecks()
        let name = checks.text(input.name, "name", 1...100) ?? ""
        var limits: [SLAPolicy.Target: SLAPolicy.Limit] = [:]
        if input.targets.isEmpty { checks.fail("targets", "name at least one of \(SLAPolicy.Target.allCases.map(\.rawValue).joined(separator: ", "))") }
        for (key, value) in input.targets.sorted(by: { $0.key < $1.key }) {
            guard let target = SLAPolicy.Target(rawValue: key) else {
                checks.fail("targets.\(key)", "is not a target (\(SLAPolicy.Target.allCases.map(\.rawValue).joined(separator: ", ")))")
                continue
            }
            guard (1...2_628_000).contains(value.failureMinutes) else {
                checks.fail("targets.\(key).failureMinutes", "must be 1 to 2628000")
                continue
            }
            if let warning = value.warningMinutes, !(1..<value.failureMinutes).contains(warning) {
                checks.fail("targets.\(key).warningMinutes", "must be at least 1 and less than failureMinutes")
                continue
            }
            limits[target] = SLAPolicy.Limit(warning: value.warningMinutes.map { Double($0) * 60 }, failure: Double(value.failureMinutes) * 60)
        }
        try checks.check()
        let saved = try await database.tenant(tenant.id).transaction { transaction in
            if let calendar = input.calendar, try await transaction.businessCalendar(id: calendar) == nil {
                throw Problem.validation([.init(field: "calendar", message: "no business-hours calendar has this id")])
            }
            return try await transaction.saveSLAPolicy(id: id, SLAPolicy(name: name, limits: limits), calendarID: input.calendar)
        }
        return Self.body(try Problem.saved(saved, name: name))
    }

    static func body(_ stored: StoredSLAPolicy) -> PolicyBody {
        PolicyBody(
            id: stored.id, name: stored.policy.name, calendar: stored.calendarID,
            targets: Dictionary(uniqueKeysWithValues: stored.policy.limits.map { target, limit in
                (target.rawValue, TargetLimits(warningMinutes: limit.warning.map { Int($0 / 60) }, failureMinutes: Int(limit.failure / 60)))
            })
        )
    }
}

import Foundation
import Hummingbird
import SwitchboardCore
import SwitchboardPostgres

/// `/api/v1/escalations`: rules for tickets left too long in a state (AUTO-2). Workers on every
/// node look for due tickets; each escalation acts on a ticket once. Any agent may read them;
/// administrators change them.
public struct EscalationController: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    struct EscalationBody: ResponseCodable {
        var id: Int64?
        var position: Int?
        var name: String
        var enabled: Bool?
        var state: Escalation.State
        var afterMinutes: Int
        var all: [TriggerCondition]?
        var any: [TriggerCondition]?
        var actions: [TicketAction]?
    }

    struct EscalationList: ResponseCodable {
        var escalations: [EscalationBody]
    }

    public func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("escalations") { _, context in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.read)
            return EscalationList(escalations: try await database.tenant(tenant.id).transaction { try await $0.escalations() }.map(Self.body))
        }
        group.getItem("escalations/{id}", database: database) { try await $0.escalation(id: $1).map(Self.body) }
        group.post("escalations") { request, context -> EditedResponse<EscalationBody> in
            EditedResponse(status: .created, response: try await save(id: nil, request: request, context: context))
        }
        group.put("escalations/{id}") { request, context in
            try await save(id: try context.parameters.require("id", as: Int64.self), request: request, context: context)
        }
        group.deleteItem("escalations/{id}", database: database) { try await $0.deleteEscalation(id: $1) }
    }

    private func save(id: Int64?, request: Request, context: AppRequestContext) async throws -> EscalationBody {
        let tenant = try context.requireTenant()
        _ = try context.requireIdentity(.admin)
        let input = try await request.decode(as: EscalationBody.self, context: context)
        let escalation = Escalation(
            name: input.name, enabled: input.enabled ?? true, state: input.state, afterMinutes: input.afterMinutes, all: input.all ?? [],
            any: input.any ?? [], actions: input.actions ?? []
        )
        var problems = escalation.problems.map { Problem.FieldError(field: $0.field, message: $0.message) }
        if let position = input.position, !(0...1_000_000).contains(position) {
            problems.append(.init(field: "position", message: "must be 0 to 1000000"))
        }
        guard problems.isEmpty else { throw Problem.validation(problems) }
        let saved = try await database.tenant(tenant.id).transaction { transaction in
            try await transaction.saveEscalation(id: id, escalation, position: input.position)
        }
        return Self.body(try Problem.saved(saved, name: escalation.name))
    }

    static func body(_ stored: StoredEscalation) -> EscalationBody {
        let escalation = stored.escalation
        return EscalationBody(
            id: stored.id, position: stored.position, name: escalation.name, enabled: escalation.enabled, state: escalation.state,
            afterMinutes: escalation.afterMinutes, all: escalation.all, any: escalation.any, actions: escalation.actions
        )
    }
}

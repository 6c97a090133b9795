import Foundation
import Hummingbird
import SwitchboardCore
import SwitchboardPostgres

/// `/api/v1/triggers`: the tenant's ordered rules that act on new tickets, replies and
/// updates (AUTO-9). Any agent may read them; administrators change them.
public struct TriggerController: Sendable {
    let database: Database
    let cache: TriggerCache

    public init(database: Database, cache: TriggerCache) {
        self.database = database
        self.cache = cache
    }

    /// A trigger as the API shows and takes it; lists left out are empty.
    struct TriggerBody: ResponseCodable {
        var id: Int64?
        /// Triggers run from the lowest position up; a new one goes last unless this says.
        var position: Int?
        var name: String
        var enabled: Bool?
        var events: [TicketEvent.Kind]?
        var actors: [TicketEvent.Actor]?
        var channels: [TicketEvent.Channel]?
        var all: [TriggerCondition]?
        var any: [TriggerCondition]?
        var actions: [TicketAction]?
    }

    struct TriggerList: ResponseCodable {
        var triggers: [TriggerBody]
    }

    public func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("triggers") { _, context in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.read)
            return TriggerList(triggers: try await database.tenant(tenant.id).transaction { try await $0.triggers() }.map(Self.body))
        }
        group.getItem("triggers/{id}", database: database) { try await $0.trigger(id: $1).map(Self.body) }
        group.post("triggers") { request, context -> EditedResponse<TriggerBody> in
            EditedResponse(status: .created, response: try await save(id: nil, request: request, context: context))
        }
        group.put("triggers/{id}") { request, context in
            try await save(id: try context.parameters.require("id", as: Int64.self), request: request, context: context)
        }
        group.deleteItem("triggers/{id}", database: database) { transaction, id in
            defer { cache.forget(transaction.tenantID) }
            return try await transaction.deleteTrigger(id: id)
        }
    }

    private func save(id: Int64?, request: Request, context: AppRequestContext) async throws -> TriggerBody {
        let tenant = try context.requireTenant()
        _ = try context.requireIdentity(.admin)
        let input = try await request.decode(as: TriggerBody.self, context: context)
        let trigger = Trigger(
            name: input.name, enabled: input.enabled ?? true, events: input.events ?? [], actors: input.actors ?? [], channels: input.channels ?? [],
            all: input.all ?? [], any: input.any ?? [], actions: input.actions ?? []
        )
        var problems = trigger.problems.map { Problem.FieldError(field: $0.field, message: $0.message) }
        if let position = input.position, !(0...1_000_000).contains(position) {
            problems.append(.init(field: "position", message: "must be 0 to 1000000"))
        }
        guard problems.isEmpty else { throw Problem.validation(problems) }
        let saved = try await database.tenant(tenant.id).transaction { transaction in
            try await transaction.saveTrigger(id: id, trigger, position: input.position)
        }
        cache.forget(tenant.id)
        return Self.body(try Problem.saved(saved, name: trigger.name))
    }

    static func body(_ stored: StoredTrigger) -> TriggerBody {
        let trigger = stored.trigger
        return TriggerBody(
            id: stored.id, position: stored.position, name: trigger.name, enabled: trigger.enabled, events: trigger.events, actors: trigger.actors,
            channels: trigger.channels, all: trigger.all, any: trigger.any, actions: trigger.actions
        )
    }
}

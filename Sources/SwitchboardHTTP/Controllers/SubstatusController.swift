import Foundation
import Hummingbird
import SwitchboardCore
import SwitchboardPostgres

/// `/api/v1/statuses`: the five statuses and the tenant's sub-statuses of each. A ticket gets
/// one with `PATCH /api/v1/tickets/{ref}` and `substatus`.
public struct SubstatusController: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    struct StatusList: ResponseCodable {
        struct Entry: Codable {
            var status: Ticket.Status
            var substatuses: [TicketSubstatus]
        }
        var statuses: [Entry]
    }

    struct SubstatusInput: Decodable {
        /// Which status it refines; fixed once created.
        var status: Ticket.Status?
        var name: String
        var position: Int?
    }

    public func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("statuses") { _, context in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.read)
            let all = try await database.tenant(tenant.id).transaction { try await $0.substatuses() }
            return StatusList(statuses: Ticket.Status.allCases.map { status in .init(status: status, substatuses: all.filter { $0.status == status }) })
        }
        group.getItem("statuses/{id}", database: database) { try await $0.substatus(id: $1) }
        group.post("statuses") { request, context -> EditedResponse<TicketSubstatus> in
            EditedResponse(status: .created, response: try await save(id: nil, request: request, context: context))
        }
        group.put("statuses/{id}") { request, context in
            try await save(id: try context.parameters.require("id", as: Int64.self), request: request, context: context)
        }
        group.deleteItem("statuses/{id}", database: database) { try await $0.deleteSubstatus(id: $1) }
    }

    private func save(id: Int64?, request: Request, context: AppRequestContext) async throws -> TicketSubstatus {
        let tenant = try context.requireTenant()
        _ = try context.requireIdentity(.admin)
        let input = try await request.decode(as: SubstatusInput.self, context: context)
        var checks = InputChecks()
        let name = checks.text(input.name, "name", 1...100) ?? ""
        if id == nil, input.status == nil { checks.fail("status", "is required") }
        if let position = input.position, !(0...10_000).contains(position) { checks.fail("position", "must be 0-10000") }
        try checks.check()
        let saved = try await database.tenant(tenant.id).transaction {
            try await $0.saveSubstatus(id: id, status: input.status ?? .awaitingAgent, name: name, position: input.position ?? 0)
        }
        return try Problem.saved(saved, name: name)
    }
}

extension TicketSubstatus: ResponseCodable {}

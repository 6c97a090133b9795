import Foundation
import Hummingbird
import SwitchboardCore
import SwitchboardICU
import SwitchboardPostgres

/// `/api/v1/macros`: named action lists (AUTO-4), and `POST /api/v1/tickets/{ref}/macros/{id}`
/// to apply one now, as the calling agent with their department access, or at a later time.
/// Triggers then run as for any update and reply by that agent (`applyMacro`).
public struct MacroController: Sendable {
    let database: Database
    let events: TicketEvents
    let searchText = SearchText()

    public init(database: Database, events: TicketEvents) {
        self.database = database
        self.events = events
    }

    struct MacroBody: ResponseCodable {
        var id: Int64?
        var name: String
        var actions: [TicketAction]?
        var reply: String?
        var replyKind: String?
    }

    struct MacroList: ResponseCodable {
        var macros: [MacroBody]
    }

    /// Now when empty; otherwise at `at`, or `inMinutes` from now.
    struct Application: Decodable {
        var at: Date?
        var inMinutes: Int?
    }

    struct Applied: ResponseCodable, Sendable {
        /// The ticket now (when applied now).
        var ticket: Ticket?
        var message: TicketMessage?
        /// The job that will apply it (when scheduled).
        var job: Int64?
        var runAt: Date?
    }

    public func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("macros") { _, context in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.read)
            return MacroList(macros: try await database.tenant(tenant.id).transaction { try await $0.macros() }.map(Self.body))
        }
        group.getItem("macros/{id}", database: database) { try await $0.macro(id: $1).map(Self.body) }
        group.post("macros") { request, context -> EditedResponse<MacroBody> in
            EditedResponse(status: .created, response: try await save(id: nil, request: request, context: context))
        }
        group.put("macros/{id}") { request, context in
            try await save(id: try context.parameters.require("id", as: Int64.self), request: request, context: context)
        }
        group.deleteItem("macros/{id}", database: database) { try await $0.deleteMacro(id: $1) }
        group.post("tickets/{ref}/macros/{id}") { request, context -> EditedResponse<Applied> in
            let tenant = try context.requireTenant()
            let id = try context.parameters.require("id", as: Int64.self)
            let buffer = try await request.body.collect(upTo: 4096)
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            let input: Application
            do {
                input = buffer.readableBytes == 0 ? Application() : try decoder.decode(Application.self, from: buffer)
            } catch {
                throw Problem.validation([.init(field: "at", message: "send {} to apply now, {\"at\": an ISO 8601 time} or {\"inMinutes\": n}")])
            }
            if let minutes = input.inMinutes, !(1...525_600).contains(minutes) {
                throw Problem.validation([.init(field: "inMinutes", message: "must be 1 to 525600")])
            }
            let runAt = input.at ?? input.inMinutes.map { Date().addingTimeInterval(Double($0) * 60) }
            let applied = try await database.withTicket(context, needing: .full, permission: .write) { transaction, ticket, identity -> Applied in
                guard let macro = try await transaction.macro(id: id) else { throw Problem.notFound }
                if let runAt {
                    guard runAt > Date() else { throw Problem.validation([.init(field: "at", message: "must be in the future")]) }
                    let job = try await transaction.scheduleMacro(macro.id, ticketID: ticket.id, agent: identity.agentID, at: runAt)
                    return Applied(job: job, runAt: runAt)
                }
                let access = try await transaction.departmentAccess(for: identity)
                let words = macro.macro.reply.map(searchText.indexWords(in:)) ?? []
                let (after, message) = try await transaction.applyMacro(
                    macro, to: ticket, agent: identity.agentID, access: access, triggers: try await events.triggers.value(tenant: tenant.id, in: transaction),
                    presence: events.presence, words: words
                )
                return Applied(ticket: after, message: message)
            }
            return EditedResponse(status: applied.job == nil ? .ok : .accepted, response: applied)
        }
    }

    private func save(id: Int64?, request: Request, context: AppRequestContext) async throws -> MacroBody {
        let tenant = try context.requireTenant()
        _ = try context.requireIdentity(.admin)
        let input = try await request.decode(as: MacroBody.self, context: context)
        let macro = Macro(name: input.name, actions: input.actions ?? [], reply: input.reply, replyKind: input.replyKind)
        let problems = macro.problems.map { Problem.FieldError(field: $0.field, message: $0.message) }
        guard problems.isEmpty else { throw Problem.validation(problems) }
        let saved = try await database.tenant(tenant.id).transaction { try await $0.saveMacro(id: id, macro) }
        return Self.body(try Problem.saved(saved, name: macro.name))
    }

    static func body(_ stored: StoredMacro) -> MacroBody {
        MacroBody(id: stored.id, name: stored.macro.name, actions: stored.macro.actions, reply: stored.macro.reply, replyKind: stored.macro.replyKind)
    }
}

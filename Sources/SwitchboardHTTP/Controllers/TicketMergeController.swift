import Foundation
import Hummingbird
import SwitchboardCore
import SwitchboardICU
import SwitchboardPostgres

/// Merging and splitting tickets (`/api/v1/tickets/{ref}/merge`, `/split`) with their history
/// kept, and problems (`/api/v1/problems`): one cause behind many tickets. Everything here
/// needs full access to every ticket it touches; to change all of a problem's tickets at once,
/// `POST /api/v1/tickets/bulk` with `{"criteria": {"problem": id}}`.
public struct TicketMergeController: Sendable {
    let database: Database
    let searchText = SearchText()

    public init(database: Database) { self.database = database }

    struct MergeInput: Decodable {
        /// The ticket to merge into this one.
        var from: Int64
    }

    struct SplitInput: Decodable {
        var messages: [Int64]
        var subject: String
    }

    struct ProblemInput: Decodable {
        var title: String
        var refs: [Int64]?
    }

    struct ProblemBody: ResponseCodable {
        var id: Int64
        var title: String
        var createdAt: Date
        /// The references of its tickets the caller may see.
        var tickets: [Int64]
    }

    struct ProblemList: ResponseCodable {
        var problems: [StoredProblem]
    }

    struct AssignInput: Decodable {
        /// Nil takes the ticket out of its problem.
        var problem: Int64?
    }

    public func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("tickets/{ref}/merge") { request, context -> Response in
            let (tenant, identity, ref) = try Self.caller(context)
            let input = try await request.decode(as: MergeInput.self, context: context)
            guard input.from != ref else { throw Problem.validation([.init(field: "from", message: "a ticket cannot be merged into itself")]) }
            let merged = try await database.tenant(tenant.id).transaction { transaction -> Ticket in
                let target = try await transaction.ticket(ref: ref, for: identity, needing: .full)
                let source = try await transaction.ticket(ref: input.from, for: identity, needing: .full)
                guard source.mergedIntoID == nil, target.mergedIntoID == nil else {
                    throw Problem.validation([.init(field: "from", message: "a merged ticket cannot be merged again")])
                }
                try await transaction.merge(source, into: target, agent: identity.agentID)
                guard let result = try await transaction.ticket(ref: ref) else { throw Problem.notFound }
                return result
            }
            return try TicketController.response(merged, status: .ok, request: request, context: context)
        }
        group.post("tickets/{ref}/split") { request, context -> Response in
            let (tenant, identity, ref) = try Self.caller(context)
            let input = try await request.decode(as: SplitInput.self, context: context)
            let subject = input.subject.trimmingCharacters(in: .whitespacesAndNewlines)
            var errors = TicketChange(subject: subject).problems.map { Problem.FieldError(field: $0.field, message: $0.message) }
            if !(1...1_000).contains(input.messages.count) { errors.append(.init(field: "messages", message: "1 to 1000 message ids")) }
            guard errors.isEmpty else { throw Problem.validation(errors) }
            let tenantDatabase = database.tenant(tenant.id)
            // Checked before a reference is taken.
            let (source, bodies) = try await tenantDatabase.transaction { transaction -> (Ticket, [String]) in
                let source = try await transaction.ticket(ref: ref, for: identity, needing: .full)
                return (source, try await transaction.messageBodies(ids: input.messages, ticketID: source.id))
            }
            let words = searchText.indexWords(in: ([subject] + bodies).joined(separator: "\n"))
            let newRef = try await tenantDatabase.nextCounter("ticket_ref")
            let created = try await tenantDatabase.transaction { transaction -> Ticket in
                let current = try await transaction.ticket(ref: source.ref, for: identity, needing: .full)
                guard let created = try await transaction.split(
                    current, messages: input.messages, ref: newRef, subject: subject, words: words, agent: identity.agentID
                ) else {
                    throw Problem.validation([.init(field: "messages", message: "must be some, not all, of this ticket's messages")])
                }
                return created
            }
            return try TicketController.response(created, status: .created, request: request, context: context)
        }
        group.put("tickets/{ref}/problem") { request, context -> Response in
            let (tenant, identity, ref) = try Self.caller(context)
            let input = try await request.decode(as: AssignInput.self, context: context)
            try await database.tenant(tenant.id).transaction { transaction in
                let ticket = try await transaction.ticket(ref: ref, for: identity, needing: .full)
                if let problem = input.problem, try await transaction.problem(id: problem) == nil {
                    throw Problem.validation([.init(field: "problem", message: "no such problem")])
                }
                try await transaction.setProblem(ticket, problem: input.problem, agent: identity.agentID)
            }
            return Response(status: .noContent)
        }
        group.get("problems") { _, context in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.read)
            return ProblemList(problems: try await database.tenant(tenant.id).transaction { try await $0.problems() })
        }
        group.post("problems") { request, context -> EditedResponse<ProblemBody> in
            let tenant = try context.requireTenant()
            let identity = try context.requireIdentity(.write)
            let input = try await request.decode(as: ProblemInput.self, context: context)
            let title = input.title.trimmingCharacters(in: .whitespacesAndNewlines)
            guard (1...500).contains(title.unicodeScalars.count) else {
                throw Problem.validation([.init(field: "title", message: "must be 1-500 characters")])
            }
            guard (input.refs ?? []).count <= 1_000 else { throw Problem.validation([.init(field: "refs", message: "at most 1000 tickets")]) }
            let body = try await database.tenant(tenant.id).transaction { transaction -> ProblemBody in
                let problem = try await transaction.createProblem(title: title, agent: identity.agentID)
                for ref in input.refs ?? [] {
                    let ticket = try await transaction.ticket(ref: ref, for: identity, needing: .full)
                    try await transaction.setProblem(ticket, problem: problem.id, agent: identity.agentID)
                }
                return try await Self.body(problem, identity: identity, in: transaction)
            }
            return EditedResponse(status: .created, response: body)
        }
        group.get("problems/{id}") { _, context in
            let tenant = try context.requireTenant()
            let identity = try context.requireIdentity(.read)
            let id = try context.parameters.require("id", as: Int64.self)
            return try await database.tenant(tenant.id).transaction { transaction in
                guard let problem = try await transaction.problem(id: id) else { throw Problem.notFound }
                return try await Self.body(problem, identity: identity, in: transaction)
            }
        }
        group.delete("problems/{id}") { _, context -> Response in
            let tenant = try context.requireTenant()
            _ = try context.requireIdentity(.write)
            let id = try context.parameters.require("id", as: Int64.self)
            guard try await database.tenant(tenant.id).transaction({ try await $0.deleteProblem(id: id) }) else { throw Problem.notFound }
            return Response(status: .noContent)
        }
    }

    static func caller(_ context: AppRequestContext) throws -> (Tenant, Identity, Int64) {
        (try context.requireTenant(), try context.requireIdentity(.write), try context.parameters.require("ref", as: Int64.self))
    }

    static func body(_ problem: StoredProblem, identity: Identity, in transaction: TenantTransaction) async throws -> ProblemBody {
        let visible = try await transaction.departmentAccess(for: identity).viewable
        let tickets = try await transaction.tickets(TicketFilter(problemID: problem.id), visible: visible, after: nil, limit: 1_000)
        return ProblemBody(id: problem.id, title: problem.title, createdAt: problem.createdAt, tickets: tickets.map(\.ref).sorted())
    }
}

extension StoredProblem: ResponseCodable {}

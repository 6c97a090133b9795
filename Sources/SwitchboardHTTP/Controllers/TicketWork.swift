import Foundation
import Hummingbird
import SwitchboardCore
import SwitchboardICU
import SwitchboardPostgres

/// The ticket changes that the API and the agent pages both make, so both run the same checks,
/// notifications and triggers.
struct TicketWork: Sendable {
    let database: Database
    let locks: TicketLocks
    let events: TicketEvents
    /// Told of every committed change, for open pages.
    let live: LiveHub?
    let searchText = SearchText()

    /// Adds a reply or a note as the caller: followers and @mentioned agents hear of it, then
    /// the reply triggers run, all in one transaction.
    func addMessage(
        ref: Int64, kind: String, body: String, attachments: [Int64]?, tenant: Tenant.ID, identity: Identity
    ) async throws -> TicketMessage {
        var errors: [Problem.FieldError] = []
        if !["reply", "note"].contains(kind) { errors.append(.init(field: "kind", message: "must be reply or note")) }
        if body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || body.utf8.count > 1_000_000 {
            errors.append(.init(field: "body", message: "must be 1 byte to 1 MB"))
        }
        guard errors.isEmpty else { throw Problem.validation(errors) }
        let (message, event) = try await database.tenant(tenant).transaction { transaction in
            let ticket = try await transaction.ticket(ref: ref, for: identity, needing: .full)
            var message = try await transaction.addMessage(
                ticketID: ticket.id, kind: kind, body: body, agent: identity.agentID, words: searchText.indexWords(in: body)
            )
            message.attachments = try await AttachmentController.link(attachments, to: message.id, by: identity, in: transaction)
            try await TicketController.notify(about: message, on: ticket, by: identity, in: transaction)
            let after = try await events.run(.replied, on: ticket, message: message, by: identity, tenant: tenant, in: transaction)
            return (message, try await liveEvent(after, tenant: tenant, in: transaction))
        }
        if let event { await live?.publish(event) }
        return message
    }

    /// What open pages hear of a change to `ticket` once it commits.
    func liveEvent(_ ticket: Ticket, tenant: Tenant.ID, in transaction: TenantTransaction) async throws -> LiveHub.Event? {
        live == nil ? nil : try await LiveHub.Event.after(ticket, tenant: tenant, in: transaction)
    }

    /// Applies `change` (and a move to the department named `department`) if the ticket is still
    /// at version `expected` and nobody else holds its lock; the update triggers run after it.
    /// Every refusal is a `Problem`.
    func change(
        ref: Int64, expected: Int, change: TicketChange, department: String?, tenant: Tenant.ID, identity: Identity
    ) async throws -> Ticket {
        // Someone editing it now wins over a blind write; if Redis cannot say, versions decide.
        if let other = await locks.otherHolder(tenant: tenant, ref: ref, agent: identity.agentID) {
            throw TicketLockController.heldProblem(holder: other.holder, fence: other.fence)
        }
        var change = change
        let errors = change.problems.map { Problem.FieldError(field: $0.field, message: $0.message) }
        guard errors.isEmpty else { throw Problem.validation(errors) }
        let (outcome, event) = try await database.tenant(tenant).transaction { transaction -> (TicketUpdateOutcome, LiveHub.Event?) in
            if let department {
                guard let departmentID = try await transaction.departmentID(named: department) else {
                    throw Problem.validation([.init(field: "department", message: "no department named \"\(department)\"")])
                }
                change.departmentID = departmentID
            }
            let access = try await transaction.departmentAccess(for: identity)
            let definitions = change.fields.isEmpty ? [] : try await transaction.customFields(entity: .ticket)
            let outcome = try await transaction.updateTicket(
                ref: ref, expectedVersion: expected, change: change, agent: identity.agentID, access: access,
                words: change.subject.map(searchText.indexWords(in:)) ?? [], fieldDefinitions: definitions
            )
            let final = try await events.afterUpdate(outcome, by: identity, tenant: tenant, in: transaction)
            guard case .updated(let ticket, _) = final else { return (final, nil) }
            return (final, try await liveEvent(ticket, tenant: tenant, in: transaction))
        }
        if let event { await live?.publish(event) }
        switch outcome {
        case .updated(let ticket, _), .unchanged(let ticket): return ticket
        case .notFound: throw Problem.notFound
        case .forbidden: throw Problem.forbidden
        case .tooManyLabels: throw Problem.validation([.init(field: "labels", message: "at most 50 labels")])
        case .invalidFields(let problems): throw Problem(problems)
        case .invalidAssignee:
            throw Problem.validation([.init(field: "agent", message: "no active agent who may see this ticket has this id")])
        case .invalid(let field, let message): throw Problem.validation([.init(field: field, message: message)])
        case .conflict(let current):
            var problem = Problem.conflict
            problem.detail = "the ticket is at version \(current.version), not \(expected)"
            problem.headers[.eTag] = TicketController.etag(current)
            throw problem
        }
    }
}

import Foundation
import Hummingbird
import SwitchboardCore
import SwitchboardPostgres

/// `POST /api/v1/tickets/bulk`: one change to many tickets, chosen by reference or by the same
/// criteria as a list, in one transaction. Each ticket is checked on its own (department
/// access, edit locks) and reported on its own; refusals do not stop the others.
public struct TicketBulkController: Sendable {
    let database: Database
    let locks: TicketLocks
    let queries: TicketQueries
    let events: TicketEvents

    /// The most tickets one request changes.
    static let maximum = 1_000

    public init(database: Database, locks: TicketLocks, events: TicketEvents) {
        self.database = database
        self.locks = locks
        self.queries = TicketQueries(database: database)
        self.events = events
    }

    struct BulkInput: Decodable {
        var refs: [Int64]?
        var criteria: TicketCriteria?
        var change: BulkChange
    }

    struct BulkChange: Decodable {
        var status: Ticket.Status?
        var priority: Ticket.Priority?
        var urgency: Int?
        var department: String?
        var addLabels: [String]?
        var removeLabels: [String]?
        /// A team id to assign them to.
        var team: Int64?

        init(status: Ticket.Status? = nil, priority: Ticket.Priority? = nil) {
            self.status = status
            self.priority = priority
        }
    }

    struct BulkResult: ResponseCodable {
        struct Entry: Codable {
            enum Outcome: String, Codable {
                case updated, unchanged, notFound = "not_found", forbidden, locked, tooManyLabels = "too_many_labels"
            }
            var ref: Int64
            var outcome: Outcome
            /// The ticket's version afterwards, when it exists for the caller.
            var version: Int?
        }
        var results: [Entry]
        var updated: Int
    }

    public func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("tickets/bulk") { request, context -> BulkResult in
            let tenant = try context.requireTenant()
            let identity = try context.requireIdentity(.write)
            let input = try await request.decode(as: BulkInput.self, context: context)
            return try await apply(input, tenant: tenant.id, identity: identity)
        }
    }

    /// Checks and applies one bulk change, for the API and the agent pages alike.
    func apply(_ input: BulkInput, tenant: Tenant.ID, identity: Identity) async throws -> BulkResult {
        var change = TicketChange(
            status: input.change.status, priority: input.change.priority, urgency: input.change.urgency,
            addLabels: input.change.addLabels ?? [], removeLabels: input.change.removeLabels ?? []
        )
        change.teamID = input.change.team.map { .some($0) }
        var errors = change.problems.map { Problem.FieldError(field: "change.\($0.field)", message: $0.message) }
        if (input.refs == nil) == (input.criteria == nil) {
            errors.append(.init(field: "refs", message: "give either refs or criteria"))
        }
        if let refs = input.refs, !(1...Self.maximum).contains(refs.count) {
            errors.append(.init(field: "refs", message: "1 to \(Self.maximum) tickets at once"))
        }
        if change.isEmpty, input.change.department == nil { errors.append(.init(field: "change", message: "changes nothing")) }
        errors += (input.criteria?.problems ?? []).map { .init(field: $0.field, message: $0.message) }
        guard errors.isEmpty else { throw Problem.validation(errors) }

        return try await database.tenant(tenant).transaction { transaction -> BulkResult in
            var change = change
            if let department = input.change.department {
                guard let id = try await transaction.departmentID(named: department) else {
                    throw Problem.validation([.init(field: "change.department", message: "no department named \"\(department)\"")])
                }
                change.departmentID = id
            }
            if let team = input.change.team, try await transaction.team(id: team) == nil {
                throw Problem.validation([.init(field: "change.team", message: "no team has this id")])
            }
            let access = try await transaction.departmentAccess(for: identity)
            var refs = input.refs ?? []
            if let criteria = input.criteria {
                guard let filter = try await queries.filter(criteria, for: identity.agentID, in: transaction) else { return BulkResult(results: [], updated: 0) }
                let selected = try await transaction.tickets(filter, visible: access.viewable, after: nil, limit: Self.maximum + 1)
                guard selected.count <= Self.maximum else {
                    throw Problem.validation([.init(field: "criteria", message: "more than \(Self.maximum) tickets match; narrow the filter")])
                }
                refs = selected.map(\.ref)
            }
            var seen: Set<Int64> = []
            var entries: [BulkResult.Entry] = []
            for ref in refs where seen.insert(ref).inserted {
                // Someone editing a ticket keeps it; versions are not asked for here.
                if await locks.otherHolder(tenant: tenant, ref: ref, agent: identity.agentID) != nil {
                    entries.append(.init(ref: ref, outcome: .locked))
                    continue
                }
                let outcome = try await transaction.updateTicket(ref: ref, expectedVersion: nil, change: change, agent: identity.agentID, access: access)
                switch try await events.afterUpdate(outcome, by: identity, tenant: tenant, in: transaction) {
                case .updated(let ticket, _): entries.append(.init(ref: ref, outcome: .updated, version: ticket.version))
                case .unchanged(let ticket): entries.append(.init(ref: ref, outcome: .unchanged, version: ticket.version))
                case .notFound: entries.append(.init(ref: ref, outcome: .notFound))
                case .forbidden: entries.append(.init(ref: ref, outcome: .forbidden))
                case .tooManyLabels: entries.append(.init(ref: ref, outcome: .tooManyLabels))
                case .invalidFields, .invalidAssignee, .invalid: entries.append(.init(ref: ref, outcome: .unchanged))  // neither is set here
                case .conflict(let ticket): entries.append(.init(ref: ref, outcome: .unchanged, version: ticket.version))  // no version is asked for
                }
            }
            return BulkResult(results: entries, updated: entries.filter { $0.outcome == .updated }.count)
        }
    }
}

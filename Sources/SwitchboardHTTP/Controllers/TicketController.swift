import Foundation
import Hummingbird
import SwitchboardCore
import SwitchboardICU
import SwitchboardPostgres

/// `/api/v1/tickets`: create, list (keyset pages), read, change with optimistic concurrency,
/// add replies and notes, and read the change log.
public struct TicketController: Sendable {
    let database: Database
    let locks: TicketLocks
    let queries: TicketQueries
    let fieldCache: CustomFieldCache
    let events: TicketEvents
    let work: TicketWork
    var searchText: SearchText { queries.searchText }

    public init(database: Database, locks: TicketLocks, fieldCache: CustomFieldCache, events: TicketEvents, live: LiveHub? = nil) {
        self.database = database
        self.locks = locks
        self.queries = TicketQueries(database: database)
        self.fieldCache = fieldCache
        self.events = events
        self.work = TicketWork(database: database, locks: locks, events: events, live: live)
    }

    struct CreateTicket: Decodable {
        var subject: String
        var body: String
        var priority: Ticket.Priority?
        var urgency: Int?
        var department: String?
        var labels: [String]?
        /// Custom field values by key.
        var fields: [String: JSONValue]?
        /// The customer, by id…
        var person: Int64?
        /// …or by address: found, or created (joining organisations by CRM rules).
        var requester: Requester?
        /// Uploads to attach to the first message.
        var attachments: [Int64]?
    }

    struct Requester: Decodable {
        var email: String
        var name: String?
    }

    struct ChangeTicket: Decodable {
        var subject: String?
        var status: Ticket.Status?
        var priority: Ticket.Priority?
        var urgency: Int?
        var labels: [String]?
        /// Moves the ticket to the department of this name.
        var department: String?
        /// Custom field values to set; null removes one.
        var fields: [String: JSONValue]?
        var version: Int?
        /// The agent the ticket is assigned to: an id, null to unassign, absent to keep.
        var agent: Int64??
        /// The team it is assigned to: an id, null to take it off, absent to keep.
        var team: Int64??
        /// A sub-status of the status it ends up in: an id, null to clear, absent to keep (a
        /// new status clears it).
        var substatus: Int64??

        enum CodingKeys: String, CodingKey { case subject, status, priority, urgency, labels, department, fields, version, agent, team, substatus }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            subject = try container.decodeIfPresent(String.self, forKey: .subject)
            status = try container.decodeIfPresent(Ticket.Status.self, forKey: .status)
            priority = try container.decodeIfPresent(Ticket.Priority.self, forKey: .priority)
            urgency = try container.decodeIfPresent(Int.self, forKey: .urgency)
            labels = try container.decodeIfPresent([String].self, forKey: .labels)
            department = try container.decodeIfPresent(String.self, forKey: .department)
            fields = try container.decodeIfPresent([String: JSONValue].self, forKey: .fields)
            version = try container.decodeIfPresent(Int.self, forKey: .version)
            agent = container.contains(.agent) ? .some(try container.decodeIfPresent(Int64.self, forKey: .agent)) : nil
            team = container.contains(.team) ? .some(try container.decodeIfPresent(Int64.self, forKey: .team)) : nil
            substatus = container.contains(.substatus) ? .some(try container.decodeIfPresent(Int64.self, forKey: .substatus)) : nil
        }
    }

    struct AddMessage: Decodable {
        var kind: String?
        var body: String
        var attachments: [Int64]?
    }

    struct TicketDetail: ResponseCodable {
        var ticket: Ticket
        var messages: [TicketMessage]
    }

    struct TicketLog: ResponseCodable {
        var log: [TicketLogEntry]
    }

    public func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("tickets") { request, context -> Response in
            let tenant = try context.requireTenant()
            let identity = try context.requireIdentity(.write)
            let input = try await request.decode(as: CreateTicket.self, context: context)
            var errors = TicketChange(subject: input.subject, urgency: input.urgency, labels: input.labels).problems
                .map { Problem.FieldError(field: $0.field, message: $0.message) }
            if input.body.isEmpty || input.body.utf8.count > 1_000_000 { errors.append(.init(field: "body", message: "must be 1 byte to 1 MB")) }
            guard errors.isEmpty else { throw Problem.validation(errors) }
            let tenantDatabase = database.tenant(tenant.id)
            let ref = try await tenantDatabase.nextCounter("ticket_ref")
            let draft = TicketDraft(
                ref: ref, subject: input.subject, body: input.body, priority: input.priority ?? .normal, urgency: input.urgency ?? 1,
                department: input.department, labels: input.labels ?? [], agent: identity.agentID,
                words: searchText.indexWords(in: input.subject + "\n" + input.body)
            )
            // A create that needs nothing read first (no customer to find, no custom fields to
            // check, no attachments, no department access to judge, no trigger to run) is a
            // single statement.
            let needsNoReads = input.person == nil && input.requester == nil && (input.attachments ?? []).isEmpty && (input.fields ?? [:]).isEmpty
                && (input.department == nil || identity.permissions.contains(.admin))
                && fieldCache.cached(tenant: tenant.id)?.isEmpty == true && events.noneForNewTickets(tenant: tenant.id)
            // Otherwise one transaction checks where the agent may open it, its customer and
            // its custom fields, then writes it; a refusal leaves only a gap in the references.
            let created = needsNoReads ? try await tenantDatabase.createTicket(draft) : try await tenantDatabase.transaction { transaction -> Ticket? in
                var departmentID: Int64?
                if let department = input.department, !identity.permissions.contains(.admin) {
                    departmentID = try await transaction.departmentID(named: department)
                    if let departmentID, !(try await transaction.departmentAccess(agent: identity.agentID).canChange(departmentID)) {
                        throw Problem.forbidden
                    }
                }
                let personID = try await Self.customer(person: input.person, requester: input.requester, in: transaction)
                var fields: [String: JSONValue] = [:]
                let definitions = try await fieldCache.value(tenant: tenant.id, in: transaction)
                if !definitions.isEmpty || !(input.fields ?? [:]).isEmpty {
                    if departmentID == nil, let department = input.department {
                        departmentID = try await transaction.departmentID(named: department)
                    }
                    switch definitions.apply(input.fields ?? [:], to: [:], department: departmentID, requireAll: true) {
                    case .success(let values): fields = values
                    case .failure(let problems): throw Problem(problems)
                    }
                }
                var complete = draft
                complete.fields = fields
                complete.person = personID
                guard let ticket = try await transaction.createTicket(complete) else { return nil }
                if let attachments = input.attachments, !attachments.isEmpty, let first = try await transaction.firstMessageID(ticketID: ticket.id) {
                    _ = try await AttachmentController.link(attachments, to: first, by: identity, in: transaction)
                }
                return try await events.run(.created, on: ticket, by: identity, tenant: tenant.id, in: transaction)
            }
            guard let ticket = created else {
                throw Problem.validation([.init(field: "department", message: "no department named \"\(input.department ?? "")\"")])
            }
            return try Self.response(ticket, status: .created, request: request, context: context)
        }
        group.get("tickets") { request, context -> TicketQueries.Page in
            let tenant = try context.requireTenant()
            let identity = try context.requireIdentity(.read)
            let criteria = try TicketQueries.criteria(request.uri.queryParameters)
            return try await queries.page(criteria, request: request, tenant: tenant.id, identity: identity)
        }
        group.get("tickets/{ref}") { request, context -> Response in
            let detail = try await database.withTicket(context, needing: .view, permission: .read) { transaction, ticket, _ in
                TicketDetail(ticket: ticket, messages: try await transaction.messages(ticketID: ticket.id))
            }
            var response = try detail.response(from: request, context: context)
            response.headers[.eTag] = Self.etag(detail.ticket)
            return response
        }
        group.patch("tickets/{ref}") { request, context -> Response in
            let tenant = try context.requireTenant()
            let identity = try context.requireIdentity(.write)
            let ref = try context.parameters.require("ref", as: Int64.self)
            let input = try await request.decode(as: ChangeTicket.self, context: context)
            // Every change names the version it was made against, so none overwrites an unseen one.
            guard let expected = Self.version(ifMatch: request.headers[.ifMatch]) ?? input.version else {
                throw Problem(.preconditionRequired, kind: "version-required", messageID: "error.conflict",
                              detail: "send If-Match with the ticket's ETag, or \"version\"")
            }
            var change = TicketChange(
                subject: input.subject, status: input.status, priority: input.priority, urgency: input.urgency, labels: input.labels,
                fields: input.fields ?? [:]
            )
            change.agentID = input.agent
            change.teamID = input.team
            change.substatusID = input.substatus
            let ticket = try await work.change(
                ref: ref, expected: expected, change: change, department: input.department, tenant: tenant.id, identity: identity
            )
            return try Self.response(ticket, status: .ok, request: request, context: context)
        }
        group.post("tickets/{ref}/messages") { request, context -> EditedResponse<TicketMessage> in
            let tenant = try context.requireTenant()
            let identity = try context.requireIdentity(.write)
            let ref = try context.parameters.require("ref", as: Int64.self)
            let input = try await request.decode(as: AddMessage.self, context: context)
            let message = try await work.addMessage(
                ref: ref, kind: input.kind ?? "reply", body: input.body, attachments: input.attachments, tenant: tenant.id, identity: identity
            )
            return EditedResponse(status: .created, response: message)
        }
        group.get("tickets/{ref}/log") { _, context -> TicketLog in
            try await database.withTicket(context, needing: .view, permission: .read) { transaction, ticket, _ in
                TicketLog(log: try await transaction.ticketLog(ticketID: ticket.id))
            }
        }
    }

    /// The customer a new ticket is for: an existing person by id, or the person with the
    /// requester's address, created when there is none.
    static func customer(person: Int64?, requester: Requester?, in transaction: TenantTransaction) async throws -> Int64? {
        if let person {
            guard try await transaction.person(id: person) != nil else {
                throw Problem.validation([.init(field: "person", message: "no such person")])
            }
            return person
        }
        guard let requester else { return nil }
        guard let email = EmailAddress.normalize(requester.email), !email.contains("\u{0}") else {
            throw Problem.validation([.init(field: "requester.email", message: "is not an email address")])
        }
        if let existing = try await transaction.person(email: email) { return existing.id.rawValue }
        let name = requester.name?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard name.unicodeScalars.count <= 200, !name.contains("\u{0}") else {
            throw Problem.validation([.init(field: "requester.name", message: "must be at most 200 characters")])
        }
        let fallback = String(email.prefix { $0 != "@" })
        switch try await transaction.createPerson(PersonDraft(name: name.isEmpty ? fallback : name, emails: [email])) {
        case .success(let created): return created.id.rawValue
        case .failure:
            // Someone added the address just now: theirs it is.
            guard let existing = try await transaction.person(email: email) else {
                throw Problem.validation([.init(field: "requester.email", message: "could not be used")])
            }
            return existing.id.rawValue
        }
    }

    /// Agents @mentioned in a note hear of it, and followers hear of every message; nobody
    /// hears of their own, and only agents who may see the ticket hear at all.
    static func notify(about message: TicketMessage, on ticket: Ticket, by identity: Identity, in transaction: TenantTransaction) async throws {
        func maySee(_ agent: Int64) async throws -> Bool {
            guard agent != identity.agentID.rawValue else { return false }
            return try await transaction.agentMaySee(Agent.ID(rawValue: agent), department: ticket.departmentID)
        }
        var mentioned: [Int64] = []
        if message.kind == "note" {
            for agent in try await transaction.agentIDs(emails: Mentions.emails(in: message.body)) where try await maySee(agent) {
                mentioned.append(agent)
            }
            try await transaction.notify(mentioned, kind: .mention, ticketID: ticket.id, messageID: message.id, actor: identity.agentID)
        }
        var followers: [Int64] = []
        for agent in try await transaction.followers(ticketID: ticket.id) where !mentioned.contains(agent) {
            if try await maySee(agent) { followers.append(agent) }
        }
        try await transaction.notify(followers, kind: .followedUpdate, ticketID: ticket.id, messageID: message.id, actor: identity.agentID)
    }

    static func etag(_ ticket: Ticket) -> String { "\"\(ticket.version)\"" }

    /// The version in an `If-Match` header (`"3"`, `W/"3"` or `3`).
    static func version(ifMatch header: String?) -> Int? {
        guard var text = header?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        if text.hasPrefix("W/") { text.removeFirst(2) }
        return Int(text.trimmingCharacters(in: CharacterSet(charactersIn: "\"")))
    }

    static func response(_ ticket: Ticket, status: HTTPResponse.Status, request: Request, context: AppRequestContext) throws -> Response {
        var response = try EditedResponse(status: status, response: ticket).response(from: request, context: context)
        response.headers[.eTag] = etag(ticket)
        return response
    }
}

extension Ticket: ResponseCodable {}
extension TicketMessage: ResponseCodable {}

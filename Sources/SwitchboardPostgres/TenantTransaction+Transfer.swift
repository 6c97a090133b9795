import Foundation
import PostgresNIO
import SwitchboardCore

/// A ticket brought in from elsewhere, with its history: its own times and messages.
public struct ImportedTicket: Sendable {
    public struct Message: Sendable {
        public var kind: String
        public var body: String
        public var agentID: Int64?
        public var personID: Int64?
        public var createdAt: Date

        public init(kind: String, body: String, agentID: Int64?, personID: Int64?, createdAt: Date) {
            self.kind = kind
            self.body = body
            self.agentID = agentID
            self.personID = personID
            self.createdAt = createdAt
        }
    }

    public var subject: String
    public var status: Ticket.Status
    public var substatusID: Int64?
    public var priority: Ticket.Priority
    public var urgency: Int
    public var departmentID: Int64?
    public var agentID: Int64?
    public var teamID: Int64?
    public var personID: Int64?
    public var labels: [String]
    public var fields: [String: JSONValue]
    public var createdAt: Date
    public var updatedAt: Date
    /// At least one; the first is the opening message.
    public var messages: [Message]
    /// Search words of the subject and every message.
    public var words: [String]

    public init(
        subject: String, status: Ticket.Status, substatusID: Int64?, priority: Ticket.Priority, urgency: Int, departmentID: Int64?,
        agentID: Int64?, teamID: Int64?, personID: Int64?, labels: [String], fields: [String: JSONValue], createdAt: Date, updatedAt: Date,
        messages: [Message], words: [String]
    ) {
        self.subject = subject
        self.status = status
        self.substatusID = substatusID
        self.priority = priority
        self.urgency = urgency
        self.departmentID = departmentID
        self.agentID = agentID
        self.teamID = teamID
        self.personID = personID
        self.labels = labels
        self.fields = fields
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.messages = messages
        self.words = words
    }
}

/// A ticket as an export writes it: the ticket, its messages, and its customer's address.
public struct ExportedTicket: Sendable {
    public var ticket: Ticket
    public var messages: [TicketMessage]
    /// Primary addresses of the customer and of people who wrote messages, by person id.
    public var emails: [Int64: String]
}

extension TenantTransaction {
    /// Stores `ticket` as reference `ref` with its messages in order, one log entry saying it
    /// was imported, and its search words.
    public func importTicket(ref: Int64, _ ticket: ImportedTicket, by agent: Agent.ID?) async throws -> Ticket {
        let tenant = tenantID.rawValue
        let messages = ticket.messages
        // Arrays cannot carry nulls here: 0, which no id is, stands for none.
        guard let row = try await first(
            """
            WITH ticket AS (
                INSERT INTO tickets (tenant_id, ref, subject, status, substatus_id, priority, urgency, department_id, agent_id, team_id,
                                     person_id, labels, fields, search, created_at, updated_at)
                VALUES (\(tenant), \(ref), \(ticket.subject), \(ticket.status.rawValue), \(ticket.substatusID), \(ticket.priority.rawValue),
                        \(Int16(ticket.urgency)), \(ticket.departmentID), \(ticket.agentID), \(ticket.teamID), \(ticket.personID), \(ticket.labels),
                        \(try Self.json(ticket.fields))::jsonb, array_to_tsvector(\(stored(ticket.words))::text[]),
                        timestamptz 'epoch' + \(Self.microseconds(ticket.createdAt)) * interval '1 microsecond',
                        timestamptz 'epoch' + \(Self.microseconds(ticket.updatedAt)) * interval '1 microsecond')
                RETURNING \(unescaped: Self.ticketColumns)
            ), messages AS (
                INSERT INTO ticket_messages (tenant_id, ticket_id, kind, author_agent_id, author_person_id, body, created_at)
                SELECT \(tenant), ticket.id, m.kind, NULLIF(m.agent, 0), NULLIF(m.person, 0), m.body,
                       timestamptz 'epoch' + m.at * interval '1 microsecond'
                FROM ticket, unnest(\(messages.map(\.kind))::text[], \(messages.map { $0.agentID ?? 0 })::int8[],
                                    \(messages.map { $0.personID ?? 0 })::int8[],
                                    \(messages.map(\.body))::text[], \(messages.map { Self.microseconds($0.createdAt) })::int8[]) WITH ORDINALITY
                     AS m(kind, agent, person, body, at, n)
                ORDER BY m.n
            ), entry AS (
                INSERT INTO ticket_log (tenant_id, ticket_id, agent_id, field, new_value)
                SELECT \(tenant), ticket.id, \(agent?.rawValue), 'imported', ticket.subject FROM ticket
            )
            SELECT \(unescaped: Self.ticketColumns) FROM ticket
            """,
            as: TicketRow.self
        ) else { throw PostgresStoreError.missingRow("imported ticket") }
        return try makeTicket(row)
    }

    /// Microseconds since 1970, rounded: times go to PostgreSQL exactly, not through the
    /// truncating conversion of a floating-point date.
    static func microseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }

    /// Up to `limit` tickets after id `after`, in id order, with their messages and customers'
    /// primary addresses: one page of an export.
    public func exportTickets(after: Int64, limit: Int) async throws -> [ExportedTicket] {
        let tickets = try await all(
            """
            SELECT \(unescaped: Self.ticketColumns) FROM tickets WHERE id > \(after) ORDER BY id LIMIT \(Int32(clamping: limit))
            """,
            as: TicketRow.self
        ).map(makeTicket)
        guard !tickets.isEmpty else { return [] }
        let ids = tickets.map(\.id)
        var messages: [Int64: [TicketMessage]] = [:]
        for row in try await all(
            """
            SELECT ticket_id, id, kind, author_agent_id, author_person_id, body, created_at FROM ticket_messages
            WHERE ticket_id = ANY(\(ids)::int8[]) ORDER BY ticket_id, id
            """,
            as: (Int64, Int64, String, Int64?, Int64?, String, Date).self
        ) {
            messages[row.0, default: []].append(
                TicketMessage(id: row.1, kind: row.2, authorAgentID: row.3, authorPersonID: row.4, body: row.5, createdAt: row.6)
            )
        }
        let people = Set(tickets.compactMap(\.personID) + messages.values.flatMap { $0.compactMap(\.authorPersonID) })
        let emails = try await primaryEmails(Array(people))
        return tickets.map { ticket in
            let messages = messages[ticket.id] ?? []
            let people = [ticket.personID].compactMap { $0 } + messages.compactMap(\.authorPersonID)
            return ExportedTicket(ticket: ticket, messages: messages, emails: emails.filter { people.contains($0.key) })
        }
    }

    /// Each person's primary address, for those who have one.
    public func primaryEmails(_ people: [Int64]) async throws -> [Int64: String] {
        guard !people.isEmpty else { return [:] }
        var emails: [Int64: String] = [:]
        for (person, email) in try await all(
            "SELECT person_id, email FROM person_emails WHERE person_id = ANY(\(people)::int8[]) AND is_primary", as: (Int64, String).self
        ) {
            emails[person] = email
        }
        return emails
    }
}

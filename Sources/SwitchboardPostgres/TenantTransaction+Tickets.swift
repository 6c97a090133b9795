import Foundation
import PostgresNIO
import SwitchboardCore

/// A stored message on a ticket.
public struct TicketMessage: Sendable, Hashable, Codable {
    public var id: Int64
    public var kind: String
    public var authorAgentID: Int64?
    public var authorPersonID: Int64?
    public var body: String
    public var createdAt: Date
    public var attachments: [AttachmentSummary] = []
}

/// One recorded change.
public struct TicketLogEntry: Sendable, Hashable, Codable {
    public var agentID: Int64?
    public var field: String
    public var oldValue: String?
    public var newValue: String?
    public var createdAt: Date
}

public enum TicketUpdateOutcome: Sendable, Hashable {
    /// Changed, from `before`.
    case updated(Ticket, before: Ticket)
    /// The change asked for what the ticket already is.
    case unchanged(Ticket)
    /// Missing, or in a department the agent may not see.
    case notFound
    /// The agent may see the ticket (or the department it would move to) but not change it.
    case forbidden
    /// Labels added to those it has would make more than 50.
    case tooManyLabels
    /// Custom field values that break their fields' rules.
    case invalidFields(CustomFieldProblems)
    /// No active agent with that id may see the ticket.
    case invalidAssignee
    /// A value that names nothing it may (a team, a sub-status of another status).
    case invalid(field: String, message: String)
    /// Someone changed it first; here is what it is now.
    case conflict(Ticket)
}

extension TenantTransaction {
    /// The columns every ticket query returns, in the order `TicketRow` decodes them.
    typealias TicketRow = (
        Int64, Int64, String, String, String, Int16, Int64?, Int64?, Int64?, [String], Int32, Date, Date, String, Int64?, Int64?, Int64?, Int64?
    )
    static let ticketColumns =
        "id, ref, subject, status, priority, urgency, department_id, agent_id, person_id, labels, version, created_at, updated_at, fields::text, merged_into, problem_id, team_id, substatus_id"

    /// Creates a ticket with its first message and its log entry (`sb_create_ticket`, one
    /// statement); nil when its department does not exist, in which case nothing is written.
    public func createTicket(_ draft: TicketDraft) async throws -> Ticket? {
        try await first(draft.query(tenant: tenantID), as: TicketRow.self).map(Self.makeTicket)
    }

    public func ticket(id: Int64) async throws -> Ticket? {
        try await first("SELECT \(unescaped: Self.ticketColumns) FROM tickets WHERE id = \(id)", as: TicketRow.self).map(makeTicket)
    }

    public func ticket(ref: Int64) async throws -> Ticket? {
        try await first(
            """
            SELECT \(unescaped: Self.ticketColumns)
            FROM tickets WHERE ref = \(ref)
            """,
            as: TicketRow.self
        ).map(makeTicket)
    }

    /// How many of the most recent tickets a search reads in order before it asks the word
    /// index instead.
    static let searchWindow = 3_000
    /// Up to this many matches, the word index's answer is filtered directly; beyond, the
    /// words are common and reading tickets in order finds a page sooner.
    static let directMatches = 20_000

    /// A page of tickets, most recently changed first, after `cursor`, in the departments
    /// `visible` lists (nil: all) and in none.
    ///
    /// A search first reads the most recent tickets that pass the other filters, in order, and
    /// keeps those with the words: common words fill the page from a few hundred rows. When
    /// that window does not fill the page, the word index says which tickets have the words;
    /// if they are few, those are filtered and sorted directly. Choosing here, rather than
    /// leaving it to the planner, keeps both fast: its estimates for words it has no
    /// statistics on are too coarse to choose well.
    public func tickets(
        _ filter: TicketFilter, visible: [Int64]?, after cursor: TicketCursor?, limit: Int
    ) async throws -> [Ticket] {
        let columns = "\(Self.ticketColumns), search"
        guard let search = searchQuery(filter.words) else {
            return try await all(
                matching(filter, visible: visible, after: cursor, columns: columns, window: limit, limit: limit),
                as: TicketRow.self
            ).map(makeTicket)
        }
        var others = filter
        others.words = nil
        let recent = try await all(
            matching(others, visible: visible, after: cursor, columns: columns, window: Self.searchWindow, then: search, limit: limit),
            as: TicketRow.self
        )
        if recent.count >= limit { return try recent.map(makeTicket) }
        let ids = try await ticketIDs(matching: search, limit: Self.directMatches + 1)
        let found = try await all(
            ids.count <= Self.directMatches
                ? matching(others, visible: visible, after: cursor, columns: columns, among: ids, window: limit, limit: limit)
                : matching(filter, visible: visible, after: cursor, columns: columns, window: limit, limit: limit),
            as: TicketRow.self
        )
        return try found.map(makeTicket)
    }

    /// How many tickets match, counting no further than `cap` (a count above it reads "cap+").
    public func countTickets(_ filter: TicketFilter, visible: [Int64]?, cap: Int) async throws -> Int64 {
        var among: [Int64]?
        var counted = filter
        if let search = searchQuery(filter.words) {
            // No more matches than the cap: count those that pass the other filters; more: a
            // scan reaches the cap soon, the words being common.
            let ids = try await ticketIDs(matching: search, limit: cap + 1)
            if ids.count <= cap {
                among = ids
                counted.words = nil
            }
        }
        return try await first(
            matching(counted, visible: visible, after: nil, columns: "updated_at, id, search", ordered: false, among: among,
                     window: cap + 1, limit: cap + 1, counting: true),
            as: Int64.self
        ) ?? 0
    }

    /// This tenant's tickets with every word of `query`, from the word index; at most `limit`.
    func ticketIDs(matching query: String, limit: Int) async throws -> [Int64] {
        try await all("SELECT sb_ticket_ids_matching(\(query)::tsquery, \(Int32(clamping: limit)))", as: Int64.self)
    }

    /// One query for lists and counts alike: the filter's conditions (and, given `among`, only
    /// those tickets) on the most recent `window` tickets (in no particular order unless
    /// `ordered`), then `then` (search words) on those, newest first, `limit` of them;
    /// `counting` counts them instead.
    private func matching(
        _ filter: TicketFilter, visible: [Int64]?, after cursor: TicketCursor?, columns: String, ordered: Bool = true,
        among ids: [Int64]? = nil, window: Int, then search: String? = nil, limit: Int, counting: Bool = false
    ) -> PostgresQuery {
        let words = searchQuery(filter.words)
        let micros = cursor?.microseconds
        let id = cursor?.id
        let status = filter.status?.rawValue
        return """
            \(unescaped: counting ? "SELECT count(*) FROM (SELECT 1" : "SELECT \(Self.ticketColumns)") FROM (
                SELECT \(unescaped: columns) FROM tickets
                WHERE (\(ids)::int8[] IS NULL OR id = ANY(\(ids)::int8[]))
                  AND (\(status)::text IS NULL OR status = \(status))
                  AND (\(filter.departmentID)::bigint IS NULL OR department_id = \(filter.departmentID))
                  AND (\(filter.personID)::bigint IS NULL OR person_id = \(filter.personID))
                  AND (\(filter.fieldsContain)::jsonb IS NULL OR fields @> \(filter.fieldsContain)::jsonb)
                  AND (\(filter.problemID)::bigint IS NULL OR problem_id = \(filter.problemID))
                  AND (\(filter.agentID)::bigint IS NULL OR agent_id = \(filter.agentID))
                  AND (\(filter.teamID)::bigint IS NULL OR team_id = \(filter.teamID))
                  AND (\(filter.substatusID)::bigint IS NULL OR substatus_id = \(filter.substatusID))
                  AND (\(filter.slaPhase)::text IS NULL
                       OR id IN (SELECT ticket_id FROM ticket_sla_states WHERE phase = \(filter.slaPhase)))
                  AND (\(filter.organisationID)::bigint IS NULL
                       OR person_id IN (SELECT person_id FROM organisation_members WHERE organisation_id = \(filter.organisationID)))
                  AND (\(filter.starredBy)::bigint IS NULL
                       OR id IN (SELECT ticket_id FROM ticket_stars WHERE agent_id = \(filter.starredBy)))
                  AND (\(words)::tsquery IS NULL OR search @@ \(words)::tsquery)
                  AND (\(filter.createdAfter)::timestamptz IS NULL OR created_at >= \(filter.createdAfter))
                  AND (\(filter.createdBefore)::timestamptz IS NULL OR created_at < \(filter.createdBefore))
                  AND (\(visible)::int8[] IS NULL OR department_id IS NULL OR department_id = ANY(\(visible)::int8[]))
                  AND (\(micros)::bigint IS NULL
                       OR (updated_at, id) < (timestamptz 'epoch' + \(micros) * interval '1 microsecond', \(id)))
                \(unescaped: ordered ? "ORDER BY updated_at DESC, id DESC" : "")
                LIMIT \(window)
            ) recent
            WHERE (\(search)::tsquery IS NULL OR search @@ \(search)::tsquery)
            \(unescaped: counting ? "" : "ORDER BY updated_at DESC, id DESC")
            LIMIT \(limit)
            \(unescaped: counting ? ") matches" : "")
            """
    }

    /// Applies `change` if the ticket is still at `expectedVersion` and `access` allows it,
    /// logging each changed field. `words` (those of a new subject) join the search words.
    public func updateTicket(
        ref: Int64, expectedVersion: Int?, change: TicketChange, agent: Agent.ID?, access: DepartmentAccess, words: [String] = [],
        fieldDefinitions: [CustomField] = []
    ) async throws -> TicketUpdateOutcome {
        guard let current = try await first(
            """
            SELECT \(unescaped: Self.ticketColumns)
            FROM tickets WHERE ref = \(ref) FOR UPDATE
            """,
            as: TicketRow.self
        ).map(makeTicket) else { return .notFound }
        guard access.canView(current.departmentID) else { return .notFound }
        guard access.canChange(current.departmentID) else { return .forbidden }
        if let expectedVersion, expectedVersion != current.version { return .conflict(current) }

        var updated = current
        var changes: [(String, String?, String?)] = []
        if let subject = change.subject, subject != current.subject {
            updated.subject = subject
            changes.append(("subject", current.subject, subject))
        }
        if let status = change.status, status != current.status {
            updated.status = status
            changes.append(("status", current.status.rawValue, status.rawValue))
        }
        // A sub-status belongs to one status: a new status drops the old one's unless the
        // change names one of the new status's.
        let substatus = change.substatusID ?? (updated.status != current.status ? .some(nil) : nil)
        if let substatus, substatus != current.substatusID {
            if let substatus {
                guard let found = try await self.substatus(id: substatus), found.status == updated.status else {
                    return .invalid(field: "substatus", message: "no sub-status of \(updated.status.rawValue) has this id")
                }
            }
            updated.substatusID = substatus
            changes.append(("substatus", current.substatusID.map { String($0) }, substatus.map { String($0) }))
        }
        if let team = change.teamID, team != current.teamID {
            if let team, try await self.team(id: team) == nil {
                return .invalid(field: "team", message: "no team has this id")
            }
            updated.teamID = team
            changes.append(("team", current.teamID.map { String($0) }, team.map { String($0) }))
        }
        if let priority = change.priority, priority != current.priority {
            updated.priority = priority
            changes.append(("priority", current.priority.rawValue, priority.rawValue))
        }
        if let urgency = change.urgency, urgency != current.urgency {
            updated.urgency = urgency
            changes.append(("urgency", String(current.urgency), String(urgency)))
        }
        if let labels = change.labels(from: current.labels), labels != current.labels {
            guard labels.count <= 50 else { return .tooManyLabels }
            updated.labels = labels
            changes.append(("labels", current.labels.joined(separator: ","), labels.joined(separator: ",")))
        }
        if !change.fields.isEmpty {
            switch fieldDefinitions.apply(change.fields, to: current.fields, department: change.departmentID ?? current.departmentID, requireAll: false) {
            case .failure(let problems): return .invalidFields(problems)
            case .success(let fields):
                for key in Set(fields.keys).union(current.fields.keys).sorted() where fields[key] != current.fields[key] {
                    changes.append(("fields.\(key)", try current.fields[key].map(Self.json), try fields[key].map(Self.json)))
                }
                updated.fields = fields
            }
        }
        if let assignee = change.agentID, assignee != current.agentID {
            if let assignee {
                // Only to an active agent of this tenant who may see the ticket where it ends up.
                guard try await agentMaySee(Agent.ID(rawValue: assignee), department: change.departmentID ?? current.departmentID) else {
                    return .invalidAssignee
                }
            }
            updated.agentID = assignee
            changes.append(("agent", current.agentID.map { String($0) }, assignee.map { String($0) }))
        }
        if let departmentID = change.departmentID, departmentID != current.departmentID {
            guard access.canChange(departmentID) else { return .forbidden }
            updated.departmentID = departmentID
            changes.append(("department", current.departmentID.map(String.init), String(departmentID)))
        }
        guard !changes.isEmpty else { return .unchanged(current) }
        guard let row = try await first(
            """
            UPDATE tickets SET subject = \(updated.subject), status = \(updated.status.rawValue),
                   status_changed_at = CASE WHEN status = \(updated.status.rawValue) THEN status_changed_at ELSE now() END,
                   priority = \(updated.priority.rawValue), urgency = \(Int16(updated.urgency)), labels = \(updated.labels),
                   department_id = \(updated.departmentID), agent_id = \(updated.agentID), team_id = \(updated.teamID),
                   substatus_id = \(updated.substatusID), search = sb_add_search_words(search, \(stored(words))::text[]),
                   fields = \(try Self.json(updated.fields))::jsonb,
                   version = version + 1, updated_at = now()
            WHERE id = \(current.id)
            RETURNING \(unescaped: Self.ticketColumns)
            """,
            as: TicketRow.self
        ) else { return .notFound }
        for (field, old, new) in changes {
            try await logTicketChange(current.id, agent: agent, field: field, old: old, new: new)
        }
        try await requestSLARefresh(ticketID: current.id)
        return .updated(try makeTicket(row), before: current)
    }

    /// Adds a message; its search `words` join the ticket's.
    public func addMessage(ticketID: Int64, kind: String, body: String, agent: Agent.ID?, words: [String]) async throws -> TicketMessage {
        guard let row = try await first(
            """
            INSERT INTO ticket_messages (tenant_id, ticket_id, kind, author_agent_id, body)
            VALUES (\(tenantID.rawValue), \(ticketID), \(kind), \(agent?.rawValue), \(body))
            RETURNING id, kind, author_agent_id, author_person_id, body, created_at
            """,
            as: (Int64, String, Int64?, Int64?, String, Date).self
        ) else { throw PostgresStoreError.missingRow("message") }
        try await query(
            "UPDATE tickets SET updated_at = now(), search = sb_add_search_words(search, \(stored(words))::text[]) WHERE id = \(ticketID)"
        )
        try await requestSLARefresh(ticketID: ticketID)
        return TicketMessage(id: row.0, kind: row.1, authorAgentID: row.2, authorPersonID: row.3, body: row.4, createdAt: row.5)
    }

    public func messages(ticketID: Int64) async throws -> [TicketMessage] {
        try await withAttachments(all(
            """
            SELECT id, kind, author_agent_id, author_person_id, body, created_at FROM ticket_messages
            WHERE ticket_id = \(ticketID) ORDER BY id
            """,
            as: (Int64, String, Int64?, Int64?, String, Date).self
        ).map { TicketMessage(id: $0.0, kind: $0.1, authorAgentID: $0.2, authorPersonID: $0.3, body: $0.4, createdAt: $0.5) })
    }

    public func ticketLog(ticketID: Int64) async throws -> [TicketLogEntry] {
        try await all(
            "SELECT agent_id, field, old_value, new_value, created_at FROM ticket_log WHERE ticket_id = \(ticketID) ORDER BY id",
            as: (Int64?, String, String?, String?, Date).self
        ).map { TicketLogEntry(agentID: $0.0, field: $0.1, oldValue: $0.2, newValue: $0.3, createdAt: $0.4) }
    }

    /// The department's id when it exists in this tenant.
    public func departmentID(named name: String) async throws -> Int64? {
        try await first("SELECT id FROM departments WHERE name = \(name)", as: Int64.self)
    }

    private static let fieldDecoder = JSONDecoder()

    static func fields(_ json: String) -> [String: JSONValue] {
        json == "{}" ? [:] : (try? fieldDecoder.decode([String: JSONValue].self, from: Data(json.utf8))) ?? [:]
    }

    /// `value` as JSON with sorted keys, as the database's documents are written and compared.
    public static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Words as the index keeps them: under this tenant, so each tenant's words have entries of
    /// their own.
    func stored(_ words: [String]) -> [String] {
        Self.stored(words, tenant: tenantID)
    }

    static func stored(_ words: [String], tenant: Tenant.ID) -> [String] {
        words.map { "\(tenant.rawValue):\($0)" }
    }

    /// A tsquery requiring every one of `words` in this tenant; nil for none.
    func searchQuery(_ words: [String]?) -> String? {
        guard let words, !words.isEmpty else { return nil }
        return stored(words).map { word in
            "'" + word.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "''") + "'"
        }.joined(separator: " & ")
    }

    func makeTicket(_ row: TicketRow) throws -> Ticket {
        try Self.makeTicket(row)
    }

    static func makeTicket(_ row: TicketRow) throws -> Ticket {
        guard let status = Ticket.Status(rawValue: row.3), let priority = Ticket.Priority(rawValue: row.4) else {
            throw PostgresStoreError.missingRow("ticket \(row.1) has an unknown status or priority")
        }
        return Ticket(
            id: row.0, ref: row.1, subject: row.2, status: status, priority: priority, urgency: Int(row.5), departmentID: row.6,
            agentID: row.7, personID: row.8, labels: row.9, fields: fields(row.13), mergedIntoID: row.14, problemID: row.15,
            teamID: row.16, substatusID: row.17, version: Int(row.10), createdAt: row.11, updatedAt: row.12
        )
    }
}

/// A new ticket as its creator gives it: `ref` from `TenantDatabase.nextCounter`, the
/// department by name, `words` the search words of the subject and the first message.
public struct TicketDraft: Sendable {
    public var ref: Int64
    public var subject: String
    public var body: String
    public var priority: Ticket.Priority
    public var urgency: Int
    public var department: String?
    public var labels: [String]
    public var agent: Agent.ID?
    public var words: [String]
    public var fields: [String: JSONValue]
    public var person: Int64?

    public init(
        ref: Int64, subject: String, body: String, priority: Ticket.Priority = .normal, urgency: Int = 1, department: String? = nil,
        labels: [String] = [], agent: Agent.ID?, words: [String], fields: [String: JSONValue] = [:], person: Int64? = nil
    ) {
        self.ref = ref
        self.subject = subject
        self.body = body
        self.priority = priority
        self.urgency = urgency
        self.department = department
        self.labels = labels
        self.agent = agent
        self.words = words
        self.fields = fields
        self.person = person
    }

    func query(tenant: Tenant.ID) throws -> PostgresQuery {
        """
        SELECT \(unescaped: TenantTransaction.ticketColumns)
        FROM sb_create_ticket(\(tenant.rawValue), \(ref), \(subject), \(body), \(priority.rawValue), \(Int16(urgency)), \(department),
                              \(labels), \(agent?.rawValue), \(TenantTransaction.stored(words, tenant: tenant))::text[],
                              \(try TenantTransaction.json(fields))::jsonb, \(person))
        """
    }
}

extension TenantDatabase {
    /// `TenantTransaction.createTicket` as one statement of its own, for creates that need no
    /// other reads or checks first: a single round trip.
    public func createTicket(_ draft: TicketDraft) async throws -> Ticket? {
        let rows = try await gauge.measure { try await client.query(try draft.query(tenant: tenantID), logger: logger) }
        for try await row in rows.decode(TenantTransaction.TicketRow.self) { return try TenantTransaction.makeTicket(row) }
        return nil
    }
}

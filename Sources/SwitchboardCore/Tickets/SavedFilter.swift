import Foundation

/// What a saved filter selects, as the agent wrote it: names and words, not ids and queries,
/// so it reads back the same and survives renumbering.
public struct TicketCriteria: Sendable, Hashable, Codable {
    public var status: Ticket.Status?
    /// A department name.
    public var department: String?
    public var person: Int64?
    /// Search words.
    public var q: String?
    public var createdAfter: Date?
    public var createdBefore: Date?
    /// Only the tickets the agent looking has starred.
    public var starred: Bool?
    /// Custom field values (as text) by key; a multi-choice field matches when it has the value.
    public var fields: [String: String]?
    /// Only the tickets of this problem.
    public var problem: Int64?
    /// Only the tickets assigned to this agent.
    public var agent: Int64?
    /// Only the tickets assigned to this team.
    public var team: Int64?
    /// Only the tickets with this sub-status.
    public var substatus: Int64?
    /// Only the tickets of people in this organisation.
    public var organisation: Int64?
    /// Only the tickets with an SLA target in this phase: `warning` (amber), `failed` (red).
    public var sla: SLAStatus.Phase?

    public init(
        status: Ticket.Status? = nil, department: String? = nil, person: Int64? = nil, q: String? = nil, createdAfter: Date? = nil,
        createdBefore: Date? = nil, starred: Bool? = nil
    ) {
        self.status = status
        self.department = department
        self.person = person
        self.q = q
        self.createdAfter = createdAfter
        self.createdBefore = createdBefore
        self.starred = starred
        self.fields = nil
    }

    /// Field problems, by field name.
    public var problems: [(field: String, message: String)] {
        var problems: [(String, String)] = []
        if let q, q.count > 500 { problems.append(("criteria.q", "must be at most 500 characters")) }
        if let department, department.isEmpty || department.count > 200 { problems.append(("criteria.department", "must be 1-200 characters")) }
        if let fields, fields.count > 20 { problems.append(("criteria.fields", "at most 20 fields")) }
        if let createdAfter, let createdBefore, createdBefore <= createdAfter {
            problems.append(("criteria.createdBefore", "must be after createdAfter"))
        }
        return problems
    }

    /// Whether the database's running counts answer it exactly (status and department only).
    public var isCountedByStatus: Bool {
        person == nil && q == nil && createdAfter == nil && createdBefore == nil && starred != true && (fields ?? [:]).isEmpty && problem == nil && agent == nil
            && team == nil && substatus == nil && organisation == nil && sla == nil
    }
}

/// A named ticket filter: an agent's own, or shared with every agent as a queue.
public struct SavedFilter: Sendable, Hashable, Codable {
    public var id: Int64
    public var name: String
    /// Nil for a shared filter.
    public var ownerID: Int64?
    public var criteria: TicketCriteria
    public var position: Int

    public init(id: Int64, name: String, ownerID: Int64?, criteria: TicketCriteria, position: Int) {
        self.id = id
        self.name = name
        self.ownerID = ownerID
        self.criteria = criteria
        self.position = position
    }

    public var isShared: Bool { ownerID == nil }
}

extension Date {
    nonisolated(unsafe) private static let iso8601Shape =
        /[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?(Z|[+-][0-9]{2}:?[0-9]{2})/

    /// An ISO 8601 time with a date, a time and an offset, with or without fractional seconds.
    public init?(iso8601 text: String) {
        // Whole-text shape first: the parser alone lets trailing text through.
        guard text.wholeMatch(of: Self.iso8601Shape) != nil else { return nil }
        let plain = Date.ISO8601FormatStyle()
        if let date = try? plain.parse(text) {
            self = date
        } else if let date = try? plain.time(includingFractionalSeconds: true).parse(text) {
            self = date
        } else {
            return nil
        }
    }
}

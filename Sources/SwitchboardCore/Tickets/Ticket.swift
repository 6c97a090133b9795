import Foundation

/// A conversation with a customer that the team works on until it is resolved.
public struct Ticket: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case awaitingAgent = "awaiting_agent", awaitingUser = "awaiting_user", pending, resolved, closed
    }

    public enum Priority: String, Sendable, Hashable, Codable, CaseIterable {
        case low, normal, high, urgent
    }

    public var id: Int64
    /// The tenant's own number for it (`#1042`).
    public var ref: Int64
    public var subject: String
    public var status: Status
    public var priority: Priority
    public var urgency: Int
    public var departmentID: Int64?
    public var agentID: Int64?
    /// The team it is assigned to.
    public var teamID: Int64?
    /// The tenant's sub-status of `status`, if any.
    public var substatusID: Int64?
    public var personID: Int64?
    public var labels: [String]
    /// Custom field values by key.
    public var fields: [String: JSONValue]
    /// The ticket this one was merged into (its id); it is closed.
    public var mergedIntoID: Int64?
    /// The problem it is one of the tickets of.
    public var problemID: Int64?
    /// Grows with every change; clients send it back (`If-Match`) so that nobody overwrites a
    /// change they have not seen.
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64, ref: Int64, subject: String, status: Status, priority: Priority, urgency: Int, departmentID: Int64?,
        agentID: Int64?, personID: Int64?, labels: [String], fields: [String: JSONValue] = [:], mergedIntoID: Int64? = nil,
        problemID: Int64? = nil, teamID: Int64? = nil, substatusID: Int64? = nil, version: Int, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.ref = ref
        self.subject = subject
        self.status = status
        self.priority = priority
        self.urgency = urgency
        self.departmentID = departmentID
        self.agentID = agentID
        self.personID = personID
        self.labels = labels
        self.fields = fields
        self.mergedIntoID = mergedIntoID
        self.problemID = problemID
        self.teamID = teamID
        self.substatusID = substatusID
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// A change to some of a ticket's fields; nil leaves a field as it is.
public struct TicketChange: Sendable, Hashable {
    public var subject: String?
    public var status: Ticket.Status?
    public var priority: Ticket.Priority?
    public var urgency: Int?
    public var labels: [String]?
    /// Labels to add to, and to take off, whatever a ticket has (for changes to many tickets).
    public var addLabels: [String]
    public var removeLabels: [String]
    /// Moves the ticket to another department.
    public var departmentID: Int64?
    /// Custom field values to set; null removes one.
    public var fields: [String: JSONValue]
    /// The agent to assign it to; `.some(nil)` unassigns it.
    public var agentID: Int64??
    /// The team to assign it to; `.some(nil)` takes it off its team.
    public var teamID: Int64??
    /// A sub-status of the status it ends up in; `.some(nil)` clears it. A status change
    /// without one clears the old status's sub-status.
    public var substatusID: Int64??

    public init(
        subject: String? = nil, status: Ticket.Status? = nil, priority: Ticket.Priority? = nil, urgency: Int? = nil, labels: [String]? = nil,
        addLabels: [String] = [], removeLabels: [String] = [], departmentID: Int64? = nil, fields: [String: JSONValue] = [:]
    ) {
        self.subject = subject
        self.status = status
        self.priority = priority
        self.urgency = urgency
        self.labels = labels
        self.addLabels = addLabels
        self.removeLabels = removeLabels
        self.departmentID = departmentID
        self.fields = fields
    }

    /// The labels a ticket with `current` ends up with; nil when they stay as they are.
    public func labels(from current: [String]) -> [String]? {
        guard labels != nil || !addLabels.isEmpty || !removeLabels.isEmpty else { return nil }
        var result = labels ?? current
        for label in addLabels where !result.contains(label) { result.append(label) }
        result.removeAll { removeLabels.contains($0) }
        return result
    }

    /// Whether it changes nothing at all.
    public var isEmpty: Bool {
        subject == nil && status == nil && priority == nil && urgency == nil && labels == nil && addLabels.isEmpty
            && removeLabels.isEmpty && departmentID == nil && fields.isEmpty && agentID == nil && teamID == nil
            && substatusID == nil
    }

    /// Field problems, by field name.
    public var problems: [(field: String, message: String)] {
        var problems: [(String, String)] = []
        // Counted as PostgreSQL counts: code points.
        if let subject, subject.trimmingWhitespaceString().isEmpty || subject.unicodeScalars.count > 500 {
            problems.append(("subject", "must be 1-500 characters"))
        }
        if let urgency, !(1...10).contains(urgency) { problems.append(("urgency", "must be from 1 to 10")) }
        for (field, list) in [("labels", labels ?? []), ("addLabels", addLabels), ("removeLabels", removeLabels)] {
            if list.count > 50 { problems.append((field, "at most 50 labels")) }
            if list.contains(where: { $0.trimmingWhitespaceString().isEmpty || $0.unicodeScalars.count > 64 }) {
                problems.append((field, "each label must be 1-64 characters"))
            }
        }
        return problems
    }
}

/// A position in a ticket list, newest change first: opaque to clients.
public struct TicketCursor: Sendable, Hashable {
    /// Microseconds since 1970, PostgreSQL's own resolution, so the position is exact.
    public var microseconds: Int64
    public var id: Int64

    /// Years 1 to 9999: every time a ticket can have, and nothing PostgreSQL would refuse.
    static let validMicroseconds: ClosedRange<Int64> = -62_135_596_800_000_000...253_402_300_799_999_999

    public init(updatedAt: Date, id: Int64) {
        let micros = (updatedAt.timeIntervalSince1970 * 1_000_000).rounded()
        self.microseconds = Int64(exactly: micros) ?? (micros < 0 ? Self.validMicroseconds.lowerBound : Self.validMicroseconds.upperBound)
        self.id = id
    }

    public var updatedAt: Date { Date(timeIntervalSince1970: Double(microseconds) / 1_000_000) }

    public var token: String {
        Data("\(microseconds).\(id)".utf8).base64EncodedString()
    }

    /// Nil for anything this API did not give out.
    public init?(token: String) {
        guard token.utf8.count <= 100, let data = Data(base64Encoded: token), let text = String(data: data, encoding: .utf8) else { return nil }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let micros = Int64(parts[0]), Self.validMicroseconds.contains(micros), let id = Int64(parts[1]) else {
            return nil
        }
        self.microseconds = micros
        self.id = id
    }
}

/// Which tickets a list shows; nil fields do not filter.
public struct TicketFilter: Sendable, Hashable, Codable {
    public var status: Ticket.Status?
    public var departmentID: Int64?
    public var personID: Int64?
    /// Words that must all occur (see `SearchText`).
    public var words: [String]?
    public var createdAfter: Date?
    public var createdBefore: Date?
    /// Only tickets this agent starred.
    public var starredBy: Int64?
    /// A JSON document of custom field values every matching ticket contains.
    public var fieldsContain: String?
    public var problemID: Int64?
    public var agentID: Int64?
    public var teamID: Int64?
    public var substatusID: Int64?
    /// Only tickets of people in this organisation.
    public var organisationID: Int64?
    /// Only tickets with an SLA target in this phase (`SLAStatus.Phase`).
    public var slaPhase: String?

    public init(
        status: Ticket.Status? = nil, departmentID: Int64? = nil, personID: Int64? = nil, words: [String]? = nil,
        createdAfter: Date? = nil, createdBefore: Date? = nil, starredBy: Int64? = nil, problemID: Int64? = nil
    ) {
        self.status = status
        self.departmentID = departmentID
        self.personID = personID
        self.words = words
        self.createdAfter = createdAfter
        self.createdBefore = createdBefore
        self.starredBy = starredBy
        self.problemID = problemID
    }
}

import Foundation

/// Something an agent must do on a ticket.
public struct TicketTask: Sendable, Hashable, Codable {
    public var id: Int64
    public var title: String
    public var assigneeID: Int64?
    public var dueAt: Date?
    public var doneAt: Date?
    public var createdBy: Int64?
    public var createdAt: Date

    public init(id: Int64, title: String, assigneeID: Int64?, dueAt: Date?, doneAt: Date?, createdBy: Int64?, createdAt: Date) {
        self.id = id
        self.title = title
        self.assigneeID = assigneeID
        self.dueAt = dueAt
        self.doneAt = doneAt
        self.createdBy = createdBy
        self.createdAt = createdAt
    }

    public var isDone: Bool { doneAt != nil }
}

/// Something an agent should look at: a mention, or news on a ticket they follow.
public struct AgentNotification: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case mention
        case followedUpdate = "followed_update"
        /// A reminder the agent (or someone for them) scheduled on the ticket.
        case followUp = "follow_up"
        /// An SLA target of the ticket turned amber, or red.
        case slaWarning = "sla_warning"
        case slaFailed = "sla_failed"
        /// A trigger's `notify` action; the note says what it was about.
        case trigger
    }

    public var id: Int64
    public var kind: Kind
    public var ticketRef: Int64
    public var messageID: Int64?
    public var actorID: Int64?
    /// A follow-up's note.
    public var note: String?
    public var createdAt: Date
    public var readAt: Date?

    public init(
        id: Int64, kind: Kind, ticketRef: Int64, messageID: Int64?, actorID: Int64?, note: String? = nil, createdAt: Date, readAt: Date?
    ) {
        self.id = id
        self.kind = kind
        self.ticketRef = ticketRef
        self.messageID = messageID
        self.actorID = actorID
        self.note = note
        self.createdAt = createdAt
        self.readAt = readAt
    }
}

/// Agents named in a note as `@` followed by their email address (`@alan@example.com`).
public enum Mentions {
    public static func emails(in text: String) -> [String] {
        var found: [String] = []
        for token in text.split(whereSeparator: { $0.isWhitespace || $0 == "(" || $0 == ")" || $0 == "<" || $0 == ">" }) {
            guard token.hasPrefix("@") else { continue }
            let candidate = token.dropFirst().trimmingCharacters(in: CharacterSet(charactersIn: ".,;:!?'\""))
            if let email = EmailAddress.normalize(candidate), !found.contains(email) { found.append(email) }
            if found.count == 50 { break }
        }
        return found
    }
}

import Foundation

/// A named list of actions an agent applies to a ticket with one click, or schedules for
/// later (AUTO-4), optionally with a reply or note to post.
public struct Macro: Sendable, Hashable, Codable {
    public var name: String
    public var actions: [TicketAction]
    /// Posted on the ticket when the macro is applied.
    public var reply: String?
    /// `reply` (to the customer) or `note` (for agents).
    public var replyKind: String?

    public init(name: String, actions: [TicketAction], reply: String? = nil, replyKind: String? = nil) {
        self.name = name
        self.actions = actions
        self.reply = reply
        self.replyKind = replyKind
    }

    public var problems: [(field: String, message: String)] {
        var problems: [(String, String)] = []
        if name.trimmingWhitespaceString().isEmpty || name.unicodeScalars.count > 100 { problems.append(("name", "must be 1-100 characters")) }
        if let reply, reply.isEmpty || reply.utf8.count > 100_000 { problems.append(("reply", "must be 1 byte to 100 KB")) }
        if let replyKind, !["reply", "note"].contains(replyKind) { problems.append(("replyKind", "must be reply or note")) }
        if !actions.isEmpty || reply == nil { problems += TicketAction.problems(actions, allowStop: false) }
        return problems
    }
}

import Foundation

/// An admin's rule for tickets left too long (AUTO-2): once a ticket has been in `state` for
/// `afterMinutes` and the conditions hold, do the actions, once per ticket.
public struct Escalation: Sendable, Hashable, Codable {
    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        /// Not yet resolved, counted from creation.
        case open
        /// The customer waits for an agent.
        case awaitingAgent = "awaiting_agent"
        /// The agent waits for the customer.
        case awaitingUser = "awaiting_user"
        case pending, resolved

        /// The statuses a ticket in this state has.
        public var statuses: [Ticket.Status] {
            switch self {
            case .open: [.awaitingAgent, .awaitingUser, .pending]
            case .awaitingAgent: [.awaitingAgent]
            case .awaitingUser: [.awaitingUser]
            case .pending: [.pending]
            case .resolved: [.resolved]
            }
        }

        /// Whether time counts from creation rather than from entering the status.
        public var sinceCreation: Bool { self == .open }
    }

    public var name: String
    public var enabled: Bool
    public var state: State
    public var afterMinutes: Int
    public var all: [TriggerCondition]
    public var any: [TriggerCondition]
    public var actions: [TicketAction]

    public init(
        name: String, enabled: Bool = true, state: State, afterMinutes: Int, all: [TriggerCondition] = [], any: [TriggerCondition] = [],
        actions: [TicketAction]
    ) {
        self.name = name
        self.enabled = enabled
        self.state = state
        self.afterMinutes = afterMinutes
        self.all = all
        self.any = any
        self.actions = actions
    }

    /// Its conditions and actions as a trigger, to be checked and prepared the same way.
    public var rule: Trigger {
        Trigger(name: name, enabled: enabled, events: [.updated], all: all, any: any, actions: actions)
    }

    public var problems: [(field: String, message: String)] {
        var problems = rule.problems
        if actions.contains(where: { $0.type == .stop }) {
            problems.append(("actions", "stop is for triggers: an escalation acts on its own"))
        }
        if !(0...525_600).contains(afterMinutes) { problems.append(("afterMinutes", "must be 0 to 525600 (a year)")) }
        return problems
    }
}

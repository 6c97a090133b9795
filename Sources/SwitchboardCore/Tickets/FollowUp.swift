import Foundation

/// A reminder on one ticket for one agent at a time (AUTO-3): when it falls due, the agent
/// gets a notification with its note, if they may still see the ticket.
public struct FollowUp: Sendable, Hashable, Codable {
    /// The job that will deliver it.
    public var id: Int64
    public var agentID: Int64
    public var note: String?
    public var dueAt: Date
    public var state: Job.State

    public init(id: Int64, agentID: Int64, note: String?, dueAt: Date, state: Job.State) {
        self.id = id
        self.agentID = agentID
        self.note = note
        self.dueAt = dueAt
        self.state = state
    }

    public static let jobKind = "ticket.follow_up"

    /// What its job carries.
    public struct Payload: Sendable, Hashable, Codable {
        public var ticket: Int64
        public var agent: Int64
        public var note: String?

        public init(ticket: Int64, agent: Int64, note: String?) {
            self.ticket = ticket
            self.agent = agent
            self.note = note
        }
    }
}

import Foundation

/// One thing a trigger or a macro does to a ticket.
public struct TicketAction: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// Sets `field` (status, substatus, priority, urgency, department, agent, team,
        /// fields.KEY) to `value`; null clears it where it may be empty.
        case set
        case addLabels = "add_labels", removeLabels = "remove_labels"
        /// Makes `agents` followers.
        case addFollowers = "add_followers"
        /// Tells `to` (the assignee, the followers, or `agents`) with `message`.
        case notify
        /// Holds the ticket to SLA `policy` too.
        case applySLA = "apply_sla"
        /// Posts the ticket as JSON to `url`, from the outbox, retried until it is taken.
        case webhook
        /// Assigns the ticket by `strategy` to one of the agents of `team` (else of those who may
        /// work on its department) who are online, in their working hours and under capacity.
        case assign
        /// No trigger after this one runs.
        case stop
    }

    public enum Strategy: String, Sendable, Hashable, Codable, CaseIterable {
        /// Each in turn.
        case roundRobin = "round_robin"
        /// Whoever has the fewest open tickets.
        case leastLoaded = "least_loaded"
    }

    public enum Recipients: String, Sendable, Hashable, Codable, CaseIterable {
        case assignee, followers, agents
    }

    public var type: Kind
    public var field: String?
    public var value: JSONValue?
    public var labels: [String]?
    public var agents: [Int64]?
    public var to: Recipients?
    public var message: String?
    public var policy: Int64?
    public var url: String?
    public var strategy: Strategy?
    public var team: Int64?

    public init(
        _ type: Kind, field: String? = nil, value: JSONValue? = nil, labels: [String]? = nil, agents: [Int64]? = nil, to: Recipients? = nil,
        message: String? = nil, policy: Int64? = nil, url: String? = nil, strategy: Strategy? = nil, team: Int64? = nil
    ) {
        self.type = type
        self.field = field
        self.value = value
        self.labels = labels
        self.agents = agents
        self.to = to
        self.message = message
        self.policy = policy
        self.url = url
        self.strategy = strategy
        self.team = team
    }

    public static func set(_ field: String, _ value: JSONValue) -> TicketAction { TicketAction(.set, field: field, value: value) }

    static let settable = "status, substatus, priority, urgency, department, agent, team, fields.KEY"

    /// Problems with a list of actions, by field (`actions[2].value`).
    public static func problems(_ actions: [TicketAction], allowStop: Bool) -> [(field: String, message: String)] {
        var problems: [(String, String)] = []
        if actions.isEmpty { problems.append(("actions", "name at least one action")) }
        if actions.count > 50 { problems.append(("actions", "at most 50 actions")) }
        for (index, action) in actions.enumerated() {
            if let problem = action.problem(allowStop: allowStop) { problems.append(("actions[\(index)].\(problem.field)", problem.message)) }
        }
        return problems
    }

    func problem(allowStop: Bool) -> (field: String, message: String)? {
        switch type {
        case .set:
            var change = TicketChange()
            guard let field else { return ("field", "is required: one of \(Self.settable)") }
            return Self.set(field, value ?? .null, in: &change).map { ("value", $0) }
        case .addLabels, .removeLabels:
            var change = TicketChange()
            guard let labels, !labels.isEmpty else { return ("labels", "name at least one label") }
            change.addLabels = labels
            return change.problems.first.map { ("labels", $0.message) }
        case .addFollowers:
            guard let agents, (1...50).contains(agents.count) else { return ("agents", "name 1 to 50 agent ids") }
            return nil
        case .notify:
            guard let to else { return ("to", "is required: \(Recipients.allCases.map(\.rawValue).joined(separator: ", "))") }
            if to == .agents, !(1...50).contains(agents?.count ?? 0) { return ("agents", "name 1 to 50 agent ids") }
            if let message, message.isEmpty || message.unicodeScalars.count > 500 { return ("message", "must be 1-500 characters") }
            return nil
        case .applySLA:
            return policy == nil ? ("policy", "is required: an SLA policy id") : nil
        case .webhook:
            guard let url, url.utf8.count <= 2_000, let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased()),
                parsed.host?.isEmpty == false
            else { return ("url", "must be an http or https address of at most 2000 bytes") }
            return nil
        case .assign:
            return strategy == nil ? ("strategy", "is required: \(Strategy.allCases.map(\.rawValue).joined(separator: ", "))") : nil
        case .stop:
            return allowStop ? nil : ("type", "stop is for triggers")
        }
    }

    /// Adds `field = value` to `change`; a message when it cannot be.
    static func set(_ field: String, _ value: JSONValue, in change: inout TicketChange) -> String? {
        func id(_ value: JSONValue, nullable: Bool) -> Int64?? {
            if case .number(let number) = value, let id = Int64(exactly: number), id > 0 { return .some(id) }
            if value == .null, nullable { return .some(nil) }
            return nil
        }
        switch field {
        case "status":
            guard case .string(let raw) = value, let status = Ticket.Status(rawValue: raw) else {
                return "must be one of \(Ticket.Status.allCases.map(\.rawValue).joined(separator: ", "))"
            }
            change.status = status
        case "priority":
            guard case .string(let raw) = value, let priority = Ticket.Priority(rawValue: raw) else {
                return "must be one of \(Ticket.Priority.allCases.map(\.rawValue).joined(separator: ", "))"
            }
            change.priority = priority
        case "urgency":
            guard case .number(let number) = value, let urgency = Int(exactly: number), (1...10).contains(urgency) else {
                return "must be a whole number from 1 to 10"
            }
            change.urgency = urgency
        case "department":
            guard let department = id(value, nullable: false) else { return "must be a department id" }
            change.departmentID = department
        case "agent":
            guard let agent = id(value, nullable: true) else { return "must be an agent id, or null to unassign" }
            change.agentID = agent
        case "team":
            guard let team = id(value, nullable: true) else { return "must be a team id, or null" }
            change.teamID = team
        case "substatus":
            guard let substatus = id(value, nullable: true) else { return "must be a sub-status id, or null" }
            change.substatusID = substatus
        default:
            guard field.hasPrefix("fields."), field.count > 7, field.count <= 71 else { return "cannot be set: \(settable) can" }
            change.fields[String(field.dropFirst(7))] = value
        }
        return nil
    }

    /// The change that the `set` and label actions among `actions` make together.
    public static func change(_ actions: [TicketAction]) -> TicketChange {
        var change = TicketChange()
        for action in actions {
            switch action.type {
            case .set: if let field = action.field { _ = set(field, action.value ?? .null, in: &change) }
            case .addLabels:
                change.addLabels += action.labels ?? []
                change.removeLabels.removeAll { action.labels?.contains($0) == true }
            case .removeLabels:
                change.removeLabels += action.labels ?? []
                change.addLabels.removeAll { action.labels?.contains($0) == true }
            default: break
            }
        }
        return change
    }

    /// A short account of it for the ticket's log.
    public var summary: String {
        switch type {
        case .set: "set \(field ?? "") to \(value.map(Self.describe) ?? "null")"
        case .addLabels: "add labels \((labels ?? []).joined(separator: ", "))"
        case .removeLabels: "remove labels \((labels ?? []).joined(separator: ", "))"
        case .addFollowers: "add followers \((agents ?? []).map(String.init).joined(separator: ", "))"
        case .notify: "notify \(to?.rawValue ?? "")"
        case .applySLA: "apply SLA \(policy.map(String.init) ?? "")"
        case .webhook: "call webhook \(url ?? "")"
        case .assign: "assign by \(strategy?.rawValue ?? "")\(team.map { " in team \($0)" } ?? "")"
        case .stop: "stop processing"
        }
    }

    public static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): String(flag)
        case .number(let number): number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .string(let text): text
        case .array(let items): items.map(describe).joined(separator: ", ")
        case .object: "{…}"
        }
    }
}

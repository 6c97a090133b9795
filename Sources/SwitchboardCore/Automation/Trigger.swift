import Foundation

/// Something that happened to a ticket, which triggers act on (AUTO-9).
public struct TicketEvent: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case created, replied, updated
    }

    /// Who caused it.
    public enum Actor: String, Sendable, Hashable, Codable, CaseIterable {
        case user, agent, app
    }

    /// Where it came from.
    public enum Channel: String, Sendable, Hashable, Codable, CaseIterable {
        case email, portal, widget, chat, api, social, voice
    }

    /// The message a `replied` event is about.
    public struct Message: Sendable, Hashable {
        public var kind: String
        public var body: String

        public init(kind: String, body: String) {
            self.kind = kind
            self.body = body
        }
    }

    public var kind: Kind
    public var actor: Actor
    public var channel: Channel
    /// The agent who caused it, if an agent did: never notified of their own doing.
    public var actorAgentID: Int64?
    /// The ticket before an update; for other events the ticket as the event found it.
    public var before: Ticket?
    public var message: Message?

    public init(kind: Kind, actor: Actor, channel: Channel, actorAgentID: Int64? = nil, before: Ticket? = nil, message: Message? = nil) {
        self.kind = kind
        self.actor = actor
        self.channel = channel
        self.actorAgentID = actorAgentID
        self.before = before
        self.message = message
    }
}

/// An admin's rule: on these events, by these actors, through these channels, when the
/// conditions hold, do these actions. A tenant's triggers run in order; one may stop the rest.
public struct Trigger: Sendable, Hashable, Codable {
    public var name: String
    public var enabled: Bool
    public var events: [TicketEvent.Kind]
    /// Empty: any actor.
    public var actors: [TicketEvent.Actor]
    /// Empty: any channel.
    public var channels: [TicketEvent.Channel]
    /// Every one of these must hold...
    public var all: [TriggerCondition]
    /// ...and, unless empty, at least one of these.
    public var any: [TriggerCondition]
    public var actions: [TicketAction]

    public init(
        name: String, enabled: Bool = true, events: [TicketEvent.Kind], actors: [TicketEvent.Actor] = [], channels: [TicketEvent.Channel] = [],
        all: [TriggerCondition] = [], any: [TriggerCondition] = [], actions: [TicketAction]
    ) {
        self.name = name
        self.enabled = enabled
        self.events = events
        self.actors = actors
        self.channels = channels
        self.all = all
        self.any = any
        self.actions = actions
    }

    /// Problems with it, by field (`all[0].value`), each checked as `compile` would.
    public var problems: [(field: String, message: String)] {
        var problems: [(String, String)] = []
        let trimmed = name.trimmingWhitespaceString()
        if trimmed.isEmpty || name.unicodeScalars.count > 100 { problems.append(("name", "must be 1-100 characters")) }
        if events.isEmpty { problems.append(("events", "name at least one of \(TicketEvent.Kind.allCases.map(\.rawValue).joined(separator: ", "))")) }
        if all.count + any.count > 50 { problems.append(("all", "at most 50 conditions in all")) }
        for (group, conditions) in [("all", all), ("any", any)] {
            for (index, condition) in conditions.enumerated() {
                if let problem = condition.problem { problems.append(("\(group)[\(index)].\(problem.field)", problem.message)) }
            }
        }
        problems += TicketAction.problems(actions, allowStop: true)
        return problems
    }
}

/// One test of a ticket, its customer, their organisation, the message or the clock.
public struct TriggerCondition: Sendable, Hashable, Codable {
    public enum Operator: String, Sendable, Hashable, Codable, CaseIterable {
        case `is`, isNot = "is_not", contains, notContains = "not_contains", matches
        case changed, changedTo = "changed_to", changedFrom = "changed_from"
        case greaterThan = "greater_than", lessThan = "less_than"
        case isSet = "is_set", isNotSet = "is_not_set"
    }

    /// `status`, `priority`, `fields.plan`, `person.fields.tier`, `organisation.name`,
    /// `message.body`, `business_hours`, ... (see `TriggerField`).
    public var field: String
    public var `operator`: Operator
    /// Compared with; an array for `is` and `is_not` means any of them.
    public var value: JSONValue?

    public init(field: String, _ operator: Operator, _ value: JSONValue? = nil) {
        self.field = field
        self.operator = `operator`
        self.value = value
    }

    var problem: (field: String, message: String)? {
        guard let path = TriggerField(field) else {
            return ("field", "is not a field triggers know (\(TriggerField.names))")
        }
        switch self.operator {
        case .changed, .isSet, .isNotSet: return nil
        case .matches:
            guard case .string(let pattern) = value, pattern.count <= 200, (try? NSRegularExpression(pattern: pattern)) != nil else {
                return ("value", "must be a regular expression of at most 200 characters")
            }
            return nil
        case .greaterThan, .lessThan:
            guard case .number = value else { return ("value", "must be a number") }
            return nil
        case .changedTo, .changedFrom:
            if path.isMessage || path == .businessHours { return ("operator", "a message or the clock does not change") }
            fallthrough
        case .is, .isNot, .contains, .notContains:
            guard let value, value != .null || self.operator == .is || self.operator == .isNot else { return ("value", "is required") }
            return nil
        }
    }
}

/// The fields conditions may test.
public enum TriggerField: Sendable, Hashable {
    case subject, status, substatus, priority, urgency, department, agent, team, labels, person, ticketField(String)
    case messageBody, messageKind
    case personName, personEmail, personLocale, personField(String)
    case organisationName, organisationField(String)
    case businessHours

    static let names = "subject, status, substatus, priority, urgency, department, agent, team, labels, person, fields.KEY, "
        + "message.body, message.kind, person.name, person.email, person.locale, person.fields.KEY, organisation.name, "
        + "organisation.fields.KEY, business_hours"

    public init?(_ name: String) {
        let simple: [String: TriggerField] = [
            "subject": .subject, "status": .status, "substatus": .substatus, "priority": .priority, "urgency": .urgency,
            "department": .department, "agent": .agent, "team": .team, "labels": .labels, "person": .person,
            "message.body": .messageBody, "message.kind": .messageKind, "person.name": .personName, "person.email": .personEmail,
            "person.locale": .personLocale, "organisation.name": .organisationName, "business_hours": .businessHours,
        ]
        if let found = simple[name] {
            self = found
            return
        }
        let prefixed: [(String, (String) -> TriggerField)] = [
            ("fields.", TriggerField.ticketField), ("person.fields.", TriggerField.personField), ("organisation.fields.", TriggerField.organisationField),
        ]
        for (prefix, make) in prefixed {
            if name.hasPrefix(prefix), name.count > prefix.count, name.count <= prefix.count + 64 {
                self = make(String(name.dropFirst(prefix.count)))
                return
            }
        }
        return nil
    }

    var isMessage: Bool { self == .messageBody || self == .messageKind }
    var needsPerson: Bool {
        switch self {
        case .personName, .personEmail, .personLocale, .personField: true
        default: false
        }
    }
    var needsOrganisation: Bool {
        switch self {
        case .organisationName, .organisationField: true
        default: false
        }
    }

    /// Its value on `ticket`; facts other than the ticket's come from `facts`.
    func value(on ticket: Ticket?, _ facts: TriggerFacts) -> JSONValue {
        func id(_ value: Int64?) -> JSONValue { value.map { .number(Double($0)) } ?? .null }
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        switch self {
        case .subject: return text(ticket?.subject)
        case .status: return text(ticket?.status.rawValue)
        case .substatus: return id(ticket?.substatusID)
        case .priority: return text(ticket?.priority.rawValue)
        case .urgency: return ticket.map { .number(Double($0.urgency)) } ?? .null
        case .department: return id(ticket?.departmentID)
        case .agent: return id(ticket?.agentID)
        case .team: return id(ticket?.teamID)
        case .person: return id(ticket?.personID)
        case .labels: return ticket.map { .array($0.labels.map(JSONValue.string)) } ?? .null
        case .ticketField(let key): return ticket?.fields[key] ?? .null
        case .messageBody: return text(facts.message?.body)
        case .messageKind: return text(facts.message?.kind)
        case .personName: return text(facts.person?.name)
        case .personEmail: return text(facts.person?.primaryEmail)
        case .personLocale: return text(facts.person?.locale)
        case .personField(let key): return facts.person?.fields[key] ?? .null
        case .organisationName: return text(facts.organisation?.name)
        case .organisationField(let key): return facts.organisation?.fields[key] ?? .null
        case .businessHours: return facts.inBusinessHours.map(JSONValue.bool) ?? .null
        }
    }
}

/// What conditions are tested against: the ticket now and before the event, and what was
/// loaded about its customer and the clock because some trigger asks about them.
public struct TriggerFacts: Sendable {
    public var ticket: Ticket
    public var before: Ticket?
    public var message: TicketEvent.Message?
    public var person: Person?
    public var organisation: Organisation?
    public var inBusinessHours: Bool?

    public init(
        ticket: Ticket, before: Ticket?, message: TicketEvent.Message?, person: Person? = nil, organisation: Organisation? = nil,
        inBusinessHours: Bool? = nil
    ) {
        self.ticket = ticket
        self.before = before
        self.message = message
        self.person = person
        self.organisation = organisation
        self.inBusinessHours = inBusinessHours
    }
}

import Foundation

/// A tenant's enabled triggers in their order, with their conditions prepared once (regular
/// expressions compiled, texts folded), so that an event costs only the comparisons.
public struct TriggerSet: Sendable {
    public struct Entry: Sendable {
        public let id: Int64
        public let trigger: Trigger
        let all: [PreparedCondition]
        let any: [PreparedCondition]

        func applies(to event: TicketEvent) -> Bool {
            trigger.events.contains(event.kind) && (trigger.actors.isEmpty || trigger.actors.contains(event.actor))
                && (trigger.channels.isEmpty || trigger.channels.contains(event.channel))
        }

        /// Whether its conditions hold for `facts`.
        public func matches(_ facts: TriggerFacts) -> Bool {
            all.allSatisfy { $0.holds(facts) } && (any.isEmpty || any.contains { $0.holds(facts) })
        }

        var fields: [TriggerField] { (all + any).map(\.field) }
    }

    public let entries: [Entry]

    /// `triggers` in the order they run; disabled ones and ones that do not check out are left out.
    public init(_ triggers: [(id: Int64, trigger: Trigger)]) {
        entries = triggers.compactMap { id, trigger in
            guard trigger.enabled, trigger.problems.isEmpty else { return nil }
            let all = trigger.all.compactMap(PreparedCondition.init)
            let any = trigger.any.compactMap(PreparedCondition.init)
            guard all.count == trigger.all.count, any.count == trigger.any.count else { return nil }
            return Entry(id: id, trigger: trigger, all: all, any: any)
        }
    }

    /// The triggers that listen for `event`, in order.
    public func candidates(for event: TicketEvent) -> [Entry] {
        entries.filter { $0.applies(to: event) }
    }

    /// What the candidates need loaded besides the ticket.
    public static func needs(_ candidates: [Entry]) -> (person: Bool, organisation: Bool, businessHours: Bool) {
        let fields = candidates.flatMap(\.fields)
        return (fields.contains { $0.needsPerson }, fields.contains { $0.needsOrganisation }, fields.contains(.businessHours))
    }
}

/// A condition made ready to test many times.
struct PreparedCondition: Sendable {
    let field: TriggerField
    let `operator`: TriggerCondition.Operator
    /// Texts lower-cased, so that comparisons ignore case.
    let value: JSONValue?
    let regex: SharedRegex?

    init?(_ condition: TriggerCondition) {
        guard condition.problem == nil, let field = TriggerField(condition.field) else { return nil }
        self.field = field
        self.operator = condition.operator
        self.value = condition.value.map(Self.folded)
        if condition.operator == .matches, case .string(let pattern) = condition.value {
            guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) else { return nil }
            self.regex = SharedRegex(regex)
        } else {
            self.regex = nil
        }
    }

    func holds(_ facts: TriggerFacts) -> Bool {
        let now = Self.folded(field.value(on: facts.ticket, facts))
        switch self.operator {
        case .is: return Self.equals(now, value)
        case .isNot: return !Self.equals(now, value)
        case .contains: return Self.contains(now, value)
        case .notContains: return !Self.contains(now, value)
        case .matches: return Self.texts(now).contains { regex?.matches($0) == true }
        case .greaterThan, .lessThan:
            guard case .number(let number) = now, case .number(let limit) = value else { return false }
            return self.operator == .greaterThan ? number > limit : number < limit
        case .isSet: return Self.isSet(now)
        case .isNotSet: return !Self.isSet(now)
        case .changed, .changedTo, .changedFrom:
            let before = Self.folded(field.value(on: facts.before, facts))
            guard before != now else { return false }
            switch self.operator {
            case .changedTo: return Self.equals(now, value)
            case .changedFrom: return Self.equals(before, value)
            default: return true
            }
        }
    }

    static func folded(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let text): .string(text.lowercased())
        case .array(let items): .array(items.map(folded))
        default: value
        }
    }

    /// `value` equals `expected`, or one of them when `expected` is a list; a list `value`
    /// (labels) equals when it holds it.
    static func equals(_ value: JSONValue, _ expected: JSONValue?) -> Bool {
        guard let expected else { return false }
        if case .array(let options) = expected { return options.contains { equals(value, $0) } }
        if case .array(let items) = value, expected != .array([]) { return items.contains(expected) }
        return value == expected
    }

    static func contains(_ value: JSONValue, _ part: JSONValue?) -> Bool {
        guard let part else { return false }
        if case .array(let items) = value { return items.contains(part) || items.contains { contains($0, part) } }
        guard case .string(let text) = value, case .string(let piece) = part else { return false }
        return text.contains(piece)
    }

    static func texts(_ value: JSONValue) -> [String] {
        switch value {
        case .string(let text): [text]
        case .array(let items): items.flatMap(texts)
        case .number(let number): [TicketAction.describe(.number(number))]
        default: []
        }
    }

    static func isSet(_ value: JSONValue) -> Bool {
        switch value {
        case .null: false
        case .string(let text): !text.isEmpty
        case .array(let items): !items.isEmpty
        default: true
        }
    }
}

/// A compiled regular expression, which Foundation documents as safe to use from many threads.
final class SharedRegex: @unchecked Sendable {
    private let regex: NSRegularExpression

    init(_ regex: NSRegularExpression) { self.regex = regex }

    func matches(_ text: String) -> Bool {
        regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}

import Foundation

/// A field a tenant adds to its tickets, people or organisations.
public struct CustomField: Sendable, Hashable, Codable {
    public enum Entity: String, Sendable, Hashable, Codable, CaseIterable {
        case ticket, person, organisation
    }

    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case text, multiline, number, date, choice, multiChoice = "multi_choice", checkbox
    }

    public var id: Int64
    public var entity: Entity
    /// Stable name in the API (`order_number`).
    public var key: String
    public var label: String
    public var kind: Kind
    public var isRequired: Bool
    /// Only agents see and set it; customers never do.
    public var isAgentOnly: Bool
    /// The allowed values of a choice field.
    public var choices: [String]
    /// A regular expression text values must match whole.
    public var pattern: String?
    public var position: Int
    /// The departments whose ticket form shows it; empty: every department.
    public var departments: [Int64]

    public init(
        id: Int64, entity: Entity, key: String, label: String, kind: Kind, isRequired: Bool = false, isAgentOnly: Bool = false,
        choices: [String] = [], pattern: String? = nil, position: Int = 0, departments: [Int64] = []
    ) {
        self.id = id
        self.entity = entity
        self.key = key
        self.label = label
        self.kind = kind
        self.isRequired = isRequired
        self.isAgentOnly = isAgentOnly
        self.choices = choices
        self.pattern = pattern
        self.position = position
        self.departments = departments
    }

    /// Whether the form of a ticket in `department` has it.
    public func applies(toDepartment department: Int64?) -> Bool {
        departments.isEmpty || department.map(departments.contains) == true
    }

    /// Problems with the definition itself, by field name.
    public var problems: [(field: String, message: String)] {
        var problems: [(String, String)] = []
        if !Self.isValidKey(key) { problems.append(("key", "must be 1-64 lower-case letters, digits or _, starting with a letter")) }
        if label.trimmingWhitespaceString().isEmpty || label.unicodeScalars.count > 200 { problems.append(("label", "must be 1-200 characters")) }
        switch kind {
        case .choice, .multiChoice:
            if choices.isEmpty || choices.count > 500 { problems.append(("choices", "a choice field needs 1-500 choices")) }
            if Set(choices).count != choices.count { problems.append(("choices", "each choice once")) }
            if choices.contains(where: { $0.trimmingWhitespaceString().isEmpty || $0.unicodeScalars.count > 200 }) {
                problems.append(("choices", "each choice must be 1-200 characters"))
            }
        default:
            if !choices.isEmpty { problems.append(("choices", "only choice fields have choices")) }
        }
        if let pattern {
            if kind != .text && kind != .multiline { problems.append(("pattern", "only text fields have a pattern")) }
            if pattern.unicodeScalars.count > 500 || (try? Regex(pattern)) == nil { problems.append(("pattern", "is not a valid regular expression")) }
        }
        return problems
    }

    static func isValidKey(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first, (1...64).contains(key.unicodeScalars.count), ("a"..."z").contains(first) else { return false }
        return key.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    /// The value as stored, or why it cannot be. Null means "no value".
    public func check(_ value: JSONValue) -> Result<JSONValue, CustomFieldProblem> {
        switch (kind, value) {
        case (_, .null):
            return .success(.null)
        case (.text, .string(let text)), (.multiline, .string(let text)):
            let limit = kind == .text ? 1_000 : 100_000
            guard text.unicodeScalars.count <= limit else { return .failure(.init("must be at most \(limit) characters")) }
            guard !text.contains("\u{0}") else { return .failure(.init("must not contain NUL characters")) }
            if kind == .text, text.contains(where: \.isNewline) { return .failure(.init("must be one line")) }
            if let pattern, let regex = try? Regex(pattern), (try? regex.wholeMatch(in: text)) == nil {
                return .failure(.init("does not match the required format"))
            }
            return .success(.string(text))
        case (.number, .number(let number)):
            guard number.isFinite else { return .failure(.init("must be a number")) }
            return .success(.number(number))
        case (.date, .string(let text)):
            guard Self.isCalendarDate(text) else { return .failure(.init("must be a date such as 2026-01-31")) }
            return .success(.string(text))
        case (.choice, .string(let choice)):
            guard choices.contains(choice) else { return .failure(.init("must be one of the field's choices")) }
            return .success(.string(choice))
        case (.multiChoice, .array(let items)):
            var picked: [String] = []
            for item in items {
                guard case .string(let choice) = item, choices.contains(choice) else { return .failure(.init("must be some of the field's choices")) }
                if !picked.contains(choice) { picked.append(choice) }
            }
            return .success(.array(picked.map(JSONValue.string)))
        case (.checkbox, .bool(let flag)):
            return .success(.bool(flag))
        default:
            return .failure(.init("has the wrong type for a \(kind.rawValue) field"))
        }
    }

    /// `YYYY-MM-DD`, a day that exists.
    static func isCalendarDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.utf8.count == 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), year >= 1, (1...12).contains(month)
        else { return false }
        return CivilDay.date(ofDay: CivilDay.dayNumber(year: year, month: month, day: day)) == (year, month, day)
    }

    /// Whether a stored value counts as given for a required field.
    static func isEmpty(_ value: JSONValue?) -> Bool {
        switch value {
        case nil, .null?: true
        case .string(let text)?: text.trimmingWhitespaceString().isEmpty
        case .array(let items)?: items.isEmpty
        default: false
        }
    }
}

public struct CustomFieldProblem: Error, Sendable, Hashable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

/// Field problems found applying custom field values, named `fields.<key>`.
public struct CustomFieldProblems: Error, Sendable, Hashable {
    public var problems: [Problem]
    public init(problems: [Problem]) { self.problems = problems }

    public struct Problem: Sendable, Hashable {
        public var field: String
        public var message: String
        public init(field: String, message: String) {
            self.field = field
            self.message = message
        }
    }
}

extension Array where Element == CustomField {
    /// `current` with `changes` applied (null removes a value), checked against these fields:
    /// unknown keys, wrong values, required fields the changes empty, and (when `requireAll`)
    /// every required field left empty, each reported as `fields.<key>`.
    public func apply(
        _ changes: [String: JSONValue], to current: [String: JSONValue], department: Int64?, requireAll: Bool
    ) -> Result<[String: JSONValue], CustomFieldProblems> {
        var result = current
        var problems: [CustomFieldProblems.Problem] = []
        for key in changes.keys.sorted() {
            guard let field = first(where: { $0.key == key }) else {
                problems.append(.init(field: "fields.\(key)", message: "no such field"))
                continue
            }
            switch field.check(changes[key] ?? .null) {
            case .success(.null): result[key] = nil
            case .success(let value): result[key] = value
            case .failure(let problem): problems.append(.init(field: "fields.\(key)", message: problem.message))
            }
        }
        for field in self where field.isRequired && field.applies(toDepartment: department) && CustomField.isEmpty(result[field.key])
            && (requireAll || changes.keys.contains(field.key)) && !problems.contains(where: { $0.field == "fields.\(field.key)" }) {
            problems.append(.init(field: "fields.\(field.key)", message: "is required"))
        }
        return problems.isEmpty ? .success(result) : .failure(CustomFieldProblems(problems: problems))
    }
}

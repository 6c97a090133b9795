import Foundation

/// A canned reply (AUTO-7) in as many languages as the team writes it (L10N-4), with
/// placeholders such as `{{person.name}}`, `{{ticket.ref}}` or `{{agent.name}}` filled in for
/// the ticket it is used on, in the customer's language when there is a version in it.
public struct Snippet: Sendable, Hashable, Codable {
    public var name: String
    /// Language tag (`en`, `ko`, `pt-BR`) → text.
    public var texts: [String: String]

    public init(name: String, texts: [String: String]) {
        self.name = name
        self.texts = texts
    }

    public var problems: [(field: String, message: String)] {
        var problems: [(String, String)] = []
        if name.trimmingWhitespaceString().isEmpty || name.unicodeScalars.count > 100 { problems.append(("name", "must be 1-100 characters")) }
        if texts.isEmpty || texts.count > 50 { problems.append(("texts", "give 1 to 50 languages, each with its text")) }
        for (language, text) in texts.sorted(by: { $0.key < $1.key }) {
            if !Self.isLanguageTag(language) { problems.append(("texts.\(language)", "is not a language tag such as en or pt-BR")) }
            if text.isEmpty || text.utf8.count > 100_000 { problems.append(("texts.\(language)", "must be 1 byte to 100 KB")) }
        }
        return problems
    }

    static func isLanguageTag(_ tag: String) -> Bool {
        let parts = tag.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...3).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLetter }), parts.count <= 3 else { return false }
        return parts.dropFirst().allSatisfy { (2...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
    }

    /// The language of the version to use for someone who reads `preferred` (most wanted first):
    /// an exact match, else the same language, else `fallback`'s, else the first there is.
    public func language(for preferred: [String], fallback: String) -> String? {
        let available = texts.keys.sorted()
        func lower(_ tag: String) -> String { tag.lowercased().replacingOccurrences(of: "_", with: "-") }
        func base(_ tag: String) -> String { String(lower(tag).split(separator: "-").first ?? "") }
        for wanted in preferred + [fallback] {
            if let exact = available.first(where: { lower($0) == lower(wanted) }) { return exact }
            if let same = available.first(where: { base($0) == base(wanted) }) { return same }
        }
        return available.first
    }

    /// `text` with each `{{name}}` replaced by `values[name]`; unknown placeholders become
    /// empty, so that a customer never sees template syntax.
    public static func render(_ text: String, values: [String: String]) -> String {
        var result = ""
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            result += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                result += rest[open.lowerBound...]
                return result
            }
            let key = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            result += values[key] ?? ""
            rest = rest[close.upperBound...]
        }
        return result + rest
    }
}

/// A message as shown to a user, with where it came from.
public struct LocalizedText: Sendable, Hashable, CustomStringConvertible {
    /// Something a log or a test should hear about.
    public enum Issue: Sendable, Hashable {
        /// No pack has the id; `text` is the id itself.
        case missingKey
        /// The caller did not supply these arguments; they show as `{name}`.
        case missingArguments(Set<String>)
        /// No pack could format the message with these arguments (e.g. text
        /// for a plural); `text` is the unformatted pattern, still readable.
        case formattingFailed(ICUError)
    }

    public let text: String
    /// The pack the text came from; nil for a missing key. It differs from
    /// the localizer's when a message fell back, e.g. to English.
    public let locale: String?
    public let issue: Issue?

    public init(text: String, locale: String?, issue: Issue?) {
        self.text = text
        self.locale = locale
        self.issue = issue
    }

    public var isMissing: Bool {
        issue == .missingKey
    }

    public var description: String {
        text
    }
}

/// A message that could not be shown as intended; thrown by `Localizer.strictText`.
public struct LocalizationError: Error, Sendable, Hashable, CustomStringConvertible {
    public let id: String
    public let issue: LocalizedText.Issue

    public init(id: String, issue: LocalizedText.Issue) {
        self.id = id
        self.issue = issue
    }

    public var description: String {
        switch issue {
        case .missingKey: "no language pack has message \(id)"
        case .missingArguments(let names): "message \(id) needs arguments \(names.sorted().joined(separator: ", "))"
        case .formattingFailed(let error): "message \(id): \(error)"
        }
    }
}

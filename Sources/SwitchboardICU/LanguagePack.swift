/// Which way a language's text runs, for the `dir` attribute of a page.
public enum TextDirection: String, Sendable, Hashable {
    case leftToRight = "ltr"
    case rightToLeft = "rtl"
}

/// The messages of one locale: ICU MessageFormat patterns keyed by stable ids
/// such as error.not_found, plus metadata about the language.
public struct LanguagePack: Sendable {
    /// Keys under this prefix describe the pack and are not messages.
    public static let metadataPrefix = "meta."
    public static let directionKey = "meta.direction"
    public static let languageNameKey = "meta.language_name"

    /// Canonical BCP 47 tag.
    public let locale: String
    /// The language's name in itself ("한국어"), for a language picker.
    public let languageName: String
    public let direction: TextDirection
    /// Message patterns by id; metadata keys are not included.
    public let messages: [String: String]

    /// Checks that the metadata is present and that every message parses.
    public init(locale: String, entries: [String: String]) throws(LanguagePackError) {
        guard let canonical = LanguageTag.canonical(locale) else {
            throw .invalidLocale(locale)
        }
        self.locale = canonical
        guard let name = entries[Self.languageNameKey], !name.isEmpty else {
            throw .missingMetadata(locale: canonical, key: Self.languageNameKey)
        }
        guard let rawDirection = entries[Self.directionKey] else {
            throw .missingMetadata(locale: canonical, key: Self.directionKey)
        }
        guard let direction = TextDirection(rawValue: rawDirection) else {
            throw .invalidDirection(locale: canonical, value: rawDirection)
        }
        languageName = name
        self.direction = direction
        var messages: [String: String] = [:]
        for (id, pattern) in entries where !id.hasPrefix(Self.metadataPrefix) {
            do {
                _ = try MessagePattern(pattern)
            } catch {
                throw .invalidMessage(locale: canonical, id: id, error)
            }
            messages[id] = pattern
        }
        self.messages = messages
    }
}

/// Why language packs could not be loaded.
public enum LanguagePackError: Error, Sendable, Hashable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case invalidLocale(String)
    /// A file's name is not its locale's canonical tag ("ko_kr.json" for "ko-KR").
    case nonCanonicalFileName(path: String, expected: String)
    case duplicateLocale(String)
    case missingBaseLocale(String)
    case missingMetadata(locale: String, key: String)
    case invalidDirection(locale: String, value: String)
    case invalidMessage(locale: String, id: String, ICUError)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "cannot read language pack \(path): \(reason)"
        case .invalidLocale(let locale): "\"\(locale)\" is not a BCP 47 language tag"
        case .nonCanonicalFileName(let path, let expected): "language pack \(path) should be named \(expected).json"
        case .duplicateLocale(let locale): "more than one language pack for \(locale)"
        case .missingBaseLocale(let locale): "no language pack for \(locale), which every lookup falls back to"
        case .missingMetadata(let locale, let key): "language pack \(locale) lacks \(key)"
        case .invalidDirection(let locale, let value): "language pack \(locale) has direction \"\(value)\" (expected ltr or rtl)"
        case .invalidMessage(let locale, let id, let error): "message \(id) in \(locale): \(error)"
        }
    }
}

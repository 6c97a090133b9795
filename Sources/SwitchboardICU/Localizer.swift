import Foundation

/// Formats messages by id for one person: their language, falling back pack
/// by pack, and their time zone.
///
/// Cheap to create (one per request is fine): compiled messages are cached in
/// the shared `LanguagePacks`.
public struct Localizer: Sendable {
    public let packs: LanguagePacks
    /// The locale numbers and dates are formatted in for the person's own
    /// language: the requested one ("ko-KR"), not just the pack's ("ko").
    public let locale: String
    /// The person's zone; a fixed-offset stand-in when ICU's zone data does not have it.
    public let timeZone: TimeZone
    /// Packs consulted for a message, in order, e.g. `ko`, tenant default, `en`.
    public let chain: [String]
    private let requestedLocale: String

    /// `requested` is in order of preference: a person's setting, or the
    /// ranges of an Accept-Language header.
    public init(packs: LanguagePacks, requested: [String], timeZone: TimeZone, tenantDefault: String? = nil) {
        let base = LanguagePacks.baseLocale
        let negotiator = LocaleNegotiator(available: packs.locales, defaultLocale: tenantDefault ?? base)
        let match = negotiator.negotiate(requested)
        let chain = LocaleNegotiator.fallbackChain(for: match.locale, tenantDefault: tenantDefault, last: base)
            .filter { packs[$0] != nil }
        self.packs = packs
        self.timeZone = timeZone.knownToICU()
        self.chain = chain.isEmpty ? [base] : chain
        requestedLocale = match.requested ?? match.locale
        locale = Self.formattingLocale(pack: self.chain[0], requested: requestedLocale)
    }

    public init(packs: LanguagePacks, locale: String, timeZone: TimeZone, tenantDefault: String? = nil) {
        self.init(packs: packs, requested: [locale], timeZone: timeZone, tenantDefault: tenantDefault)
    }

    /// Of the language the person mainly sees, for the page's `dir`.
    public var direction: TextDirection {
        packs[chain[0]]?.direction ?? .leftToRight
    }

    public var languageName: String {
        packs[chain[0]]?.languageName ?? chain[0]
    }

    /// The message in the first pack of the chain that has it. Never fails:
    /// what went wrong, if anything, is in `issue`.
    public func text(_ id: String, _ arguments: [String: MessageArgument] = [:]) -> LocalizedText {
        var firstFailure: (pack: String, pattern: String, error: ICUError)?
        for pack in chain {
            guard let pattern = packs[pack]?.messages[id] else { continue }
            let formatted = packs
                .formatter(pack: pack, id: id, pattern: pattern,
                           locale: Self.formattingLocale(pack: pack, requested: requestedLocale), timeZone: timeZone)
                .flatMap { formatter in
                    Result { () throws(ICUError) -> (String, Set<String>) in
                        (try formatter.format(arguments), formatter.pattern.argumentNames.subtracting(arguments.keys))
                    }
                }
            switch formatted {
            case .success(let (text, missing)):
                return LocalizedText(text: text, locale: pack, issue: missing.isEmpty ? nil : .missingArguments(missing))
            case .failure(let error):
                // A broken translation should not hide the message: try the next pack.
                if firstFailure == nil {
                    firstFailure = (pack, pattern, error)
                }
            }
        }
        if let firstFailure {
            return LocalizedText(text: firstFailure.pattern, locale: firstFailure.pack, issue: .formattingFailed(firstFailure.error))
        }
        return LocalizedText(text: id, locale: nil, issue: .missingKey)
    }

    public func callAsFunction(_ id: String, _ arguments: [String: MessageArgument] = [:]) -> String {
        text(id, arguments).text
    }

    /// Like `text`, but any issue is an error: for tests, and for callers that
    /// would rather fail than show something imperfect.
    public func strictText(_ id: String, _ arguments: [String: MessageArgument] = [:]) throws(LocalizationError) -> String {
        let result = text(id, arguments)
        if let issue = result.issue {
            throw LocalizationError(id: id, issue: issue)
        }
        return result.text
    }

    /// A pack in the person's own language formats in their full locale (the
    /// region decides date order and digits); a fallback pack formats in its
    /// own, so an English sentence gets English plural rules and dates.
    private static func formattingLocale(pack: String, requested: String) -> String {
        language(of: pack) == language(of: requested) ? requested : pack
    }

    private static func language(of tag: String) -> Substring {
        tag.split(separator: "-").first ?? Substring(tag)
    }
}

import CICU

/// The outcome of matching what a user asked for against what is available.
public struct LocaleMatch: Sendable, Hashable {
    /// The available locale to use.
    public let locale: String
    /// The requested locale that led to it, canonical ("ko-KR" when "ko"
    /// was chosen for it); nil when nothing matched and the default was used.
    /// Formatting dates and numbers with this keeps the user's region.
    public let requested: String?

    public var isDefault: Bool {
        requested == nil
    }
}

/// Picks the best available locale for a user, by CLDR's locale distance
/// (ICU's LocaleMatcher): "ko-KR" gets "ko", "zh-TW" gets "zh-Hant", "en-AU"
/// gets "en-GB" before "en-US", and "ja" does not get "ko" just because it is
/// the only one there.
public struct LocaleNegotiator: Sendable {
    /// Canonical tags, in the order given.
    public let available: [String]
    /// What to use when nothing requested is close enough.
    public let defaultLocale: String

    /// Tags that are not well formed are left out of `available`.
    public init(available: some Sequence<String>, defaultLocale: String) {
        var seen: [String] = []
        for tag in available {
            if let canonical = LanguageTag.canonical(tag), !seen.contains(canonical) {
                seen.append(canonical)
            }
        }
        self.available = seen
        self.defaultLocale = LanguageTag.canonical(defaultLocale) ?? defaultLocale
    }

    /// `requested` is in order of preference, e.g. a person's setting or the
    /// ranges of an Accept-Language header. Malformed tags and "*" are skipped.
    public func negotiate(_ requested: [String]) -> LocaleMatch {
        let desired = requested.compactMap(LanguageTag.canonical)
        guard !desired.isEmpty, !available.isEmpty else {
            return LocaleMatch(locale: defaultLocale, requested: nil)
        }
        var status: Int32 = 0
        var desiredIndex: Int32 = -1
        let supportedIndex = withCStrings(available) { supported in
            withCStrings(desired) { desiredTags in
                cicu_locale_match(supported.baseAddress, Int32(clamping: supported.count),
                                  desiredTags.baseAddress, Int32(clamping: desiredTags.count),
                                  &desiredIndex, &status)
            }
        }
        guard status <= 0, available.indices.contains(Int(supportedIndex)) else {
            return LocaleMatch(locale: defaultLocale, requested: nil)
        }
        let matched = desired.indices.contains(Int(desiredIndex)) ? desired[Int(desiredIndex)] : nil
        return LocaleMatch(locale: available[Int(supportedIndex)], requested: matched)
    }

    public func negotiate(acceptLanguage header: String) -> LocaleMatch {
        negotiate(AcceptLanguage.parse(header).filter { !$0.isWildcard }.map(\.tag))
    }

    /// Where to look for a message, in order: the locale and its parents,
    /// then the tenant's default and its parents, then `last` ("en", the
    /// language every message exists in). `ko-KR` gives `ko-KR`, `ko`, the
    /// tenant's default, `en`.
    public static func fallbackChain(for locale: String, tenantDefault: String? = nil, last: String = "en") -> [String] {
        var chain: [String] = []
        for start in [locale, tenantDefault, last].compactMap({ $0 }) {
            let tag = LanguageTag.canonical(start) ?? start
            for step in LanguageTag.truncations(of: tag) where !chain.contains(step) {
                chain.append(step)
            }
        }
        return chain
    }
}

/// C strings for each tag, alive for the duration of `body`; one buffer holds them all.
private func withCStrings<Result>(
    _ strings: [String],
    _ body: (UnsafeBufferPointer<UnsafePointer<CChar>?>) -> Result
) -> Result {
    var storage: [CChar] = []
    var offsets: [Int] = []
    for string in strings {
        offsets.append(storage.count)
        storage.append(contentsOf: string.utf8.map { CChar(bitPattern: $0) })
        storage.append(0)
    }
    return storage.withUnsafeBufferPointer { buffer in
        let pointers = offsets.map { offset in buffer.baseAddress.map { UnsafePointer($0 + offset) } }
        return pointers.withUnsafeBufferPointer(body)
    }
}
